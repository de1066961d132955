package webhook

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// TestCheckURL: http(s) with a host only; loopback only when allowed;
// link-local, multicast and unspecified never; private networks yes.
func TestCheckURL(t *testing.T) {
	tests := []struct {
		url      string
		loopback bool
		want     error
	}{
		{"https://hooks.example.org/gridline", false, nil},
		{"http://10.12.0.8:8080/in", false, nil}, // a government intranet
		{"http://[fd00::8]/in", false, nil},
		{"ftp://hooks.example.org/", false, ErrURL},
		{"file:///etc/passwd", false, ErrURL},
		{"hooks.example.org/in", false, ErrURL},
		{"https://user:pass@hooks.example.org/", false, ErrURL},
		{"https:///nohost", false, ErrURL},
		{"mailto:admin@example.org", false, ErrURL},
		{"https://hooks.example.org/" + strings.Repeat("a", 2000), false, ErrURL},
		{"http://127.0.0.1:9000/", false, ErrAddress},
		{"http://localhost:9000/", false, ErrAddress},
		{"http://[::1]/", false, ErrAddress},
		{"http://[::ffff:127.0.0.1]/", false, ErrAddress},
		{"http://127.0.0.1:9000/", true, nil},
		{"http://localhost:9000/", true, nil},
		{"http://169.254.169.254/latest/meta-data/", true, ErrAddress},
		{"http://[fe80::1]/", true, ErrAddress},
		{"http://0.0.0.0/", true, ErrAddress},
		{"http://224.0.0.1/", true, ErrAddress},
	}
	for _, tt := range tests {
		_, err := CheckURL(tt.url, tt.loopback)
		if !errors.Is(err, tt.want) || (err == nil) != (tt.want == nil) {
			t.Errorf("CheckURL(%.60q, loopback %v) = %v, want %v", tt.url, tt.loopback, err, tt.want)
		}
	}
}

// TestDialControlRefusesWhatAddingRefuses: a name resolving to a refused
// address is stopped when dialled.
func TestDialControlRefusesWhatAddingRefuses(t *testing.T) {
	for addr, want := range map[string]bool{"127.0.0.1:80": false, "169.254.169.254:80": false, "10.0.0.1:443": true, "[2001:db8::1]:443": true} {
		err := dialControl(false)("tcp", addr, nil)
		if (err == nil) != want {
			t.Errorf("dial %s: %v, want allowed %v", addr, err, want)
		}
	}
	if err := dialControl(true)("tcp", "127.0.0.1:80", nil); err != nil {
		t.Errorf("loopback allowed, dial refused: %v", err)
	}
}

// TestNewEndpointSecret: secrets of 16 to 200 characters without spaces.
func TestNewEndpointSecret(t *testing.T) {
	for secret, ok := range map[string]bool{
		"0123456789abcdef": true, "short": false, "with a space in it!": false,
		strings.Repeat("s", 201): false, "全角字符也可以用作密钥的一部分吗": true,
	} {
		ep, err := NewEndpoint("https://hooks.example.org/", secret, true, false, time.Now())
		if (err == nil) != ok || err != nil && !errors.Is(err, ErrSecret) {
			t.Errorf("secret %q: %v, want ok %v", secret, err, ok)
		}
		if err == nil && (len(ep.ID) != 8 || ep.Secret != secret || !ep.WithContact) {
			t.Errorf("endpoint %+v", ep)
		}
	}
}

// TestSignKnownVector: RFC 4231's test case 2, so the signature is the
// standard HMAC-SHA256 any receiver's library computes.
func TestSignKnownVector(t *testing.T) {
	got := Sign("Jefe", []byte("what do ya want for nothing?"))
	if want := "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"; got != want {
		t.Errorf("Sign = %s, want %s", got, want)
	}
}

// TestBackoff: doubling from the base, capped at an hour, jitter in the
// upper half.
func TestBackoff(t *testing.T) {
	tests := []struct {
		attempts int
		jitter   float64
		want     time.Duration
	}{
		{1, 0, 5 * time.Second},
		{1, 0.999999, 10 * time.Second},
		{2, 0, 10 * time.Second},
		{4, 0.5, 60 * time.Second},
		{30, 0, 30 * time.Minute},
		{1000, 0.999999, time.Hour},
	}
	for _, tt := range tests {
		got := Backoff(tt.attempts, 10*time.Second, tt.jitter)
		if got < tt.want-10*time.Millisecond || got > tt.want {
			t.Errorf("Backoff(%d, 10s, %v) = %v, want %v", tt.attempts, tt.jitter, got, tt.want)
		}
	}
	if got := Backoff(3, 2*time.Hour, 0); got != time.Hour {
		t.Errorf("a base over the cap: %v, want half of 2h", got)
	}
}
