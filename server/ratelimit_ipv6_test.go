package server_test

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// TestRateLimitIPv6By64 checks which addresses share a per-address bucket:
// an IPv6 /64 is one subscriber (one home or phone may send from any of its
// 2^64 addresses), as one IPv4 address is. With one look-up a minute, the
// second address is refused only when it shares the first one's bucket.
func TestRateLimitIPv6By64(t *testing.T) {
	app := newTestAppWith(t, map[string]string{"GRIDLINE_RATE_SUBMIT": "0", "GRIDLINE_RATE_LOOKUP": "1", "GRIDLINE_RATE_LOGIN": "0"})
	tests := []struct {
		name          string
		first, second string // RemoteAddr of two look-ups; every case its own addresses
		shared        bool
	}{
		{"two addresses in one /64", "[2001:db8:1:2::1]:1234", "[2001:db8:1:2:ffff:ffff:ffff:fffe]:4321", true},
		{"the same IPv6 address", "[2001:db8:9::7]:1234", "[2001:db8:9::7]:1235", true},
		{"neighbouring /64s", "[2001:db8:3:4::1]:1234", "[2001:db8:3:5::1]:1234", false},
		{"one /48, different /64s", "[2001:db8:6:7::1]:1234", "[2001:db8:6:8000::1]:1234", false},
		{"IPv4 neighbours", "192.0.2.1:1234", "192.0.2.2:1234", false},
		{"IPv4 and its IPv6-mapped form", "192.0.2.3:1234", "[::ffff:192.0.2.3]:1234", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if code := lookupFrom(app, tt.first); code != http.StatusOK {
				t.Fatalf("first look-up from %s: %d", tt.first, code)
			}
			want := http.StatusOK
			if tt.shared {
				want = http.StatusTooManyRequests
			}
			if code := lookupFrom(app, tt.second); code != want {
				t.Errorf("look-up from %s after one from %s: %d, want %d", tt.second, tt.first, code, want)
			}
		})
	}
}

func lookupFrom(app *testApp, remoteAddr string) int {
	req := httptest.NewRequest(http.MethodGet, "/track", nil)
	req.RemoteAddr = remoteAddr
	return app.do(req).Code
}
