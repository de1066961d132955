package server_test

import (
	"math"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"gridline/photostore"
	"gridline/report"
)

// TestTrackingEnumeration guesses tracking codes with valid check characters,
// as someone who read the source would: every guess is the same "not found",
// and the look-up limit refuses the 61st guess of a minute from one address,
// however the request claims to be forwarded.
func TestTrackingEnumeration(t *testing.T) {
	app := newTestAppWith(t, map[string]string{
		"GRIDLINE_RATE_LOOKUP": "60", "GRIDLINE_RATE_SUBMIT": "0", "GRIDLINE_RATE_LOGIN": "0",
	})
	com := app.community("春和社区", "北山口镇")
	stored := map[report.Tracking]bool{}
	for range 3 {
		stored[app.seedReport(t, com, report.Submitted, "").Tracking()] = true
	}
	notFound := pageText(t, "lookup.not_found")
	from := func(addr, target string, i int) *httptest.ResponseRecorder {
		req := httptest.NewRequest(http.MethodGet, target, nil)
		req.RemoteAddr = addr
		req.Header.Set("X-Forwarded-For", "10.0.0."+strconv.Itoa(i%250)) // no proxy is trusted
		return app.do(req)
	}

	start := time.Now()
	refused := 0
	for i := 1; i <= 200 && refused == 0; i++ {
		code := mustTracking(t)
		if stored[code] {
			continue // one chance in 2^40/3
		}
		rec := from("198.51.100.7:41000", "/t/"+code.String(), i)
		switch {
		case rec.Code == http.StatusTooManyRequests:
			refused = i
			if s, err := strconv.Atoi(rec.Header().Get("Retry-After")); err != nil || s < 1 {
				t.Errorf("Retry-After %q", rec.Header().Get("Retry-After"))
			}
		case rec.Code != http.StatusNotFound || !strings.Contains(rec.Body.String(), notFound):
			t.Fatalf("guess %d (%s): status %d, want the 404 not-found page", i, code, rec.Code)
		}
	}
	// A burst of 60, then one more each second: the 61st is refused unless
	// the guessing itself took seconds.
	if most := 61 + int(time.Since(start).Seconds()); refused < 61 || refused > most {
		t.Fatalf("first refusal at guess %d, want the 61st (at most %d after %v)", refused, most, time.Since(start))
	}
	if rec := from("198.51.100.7:41001", "/track?code="+mustTracking(t).Display(), 0); rec.Code != http.StatusTooManyRequests {
		t.Errorf("the look-up form from the same address: %d, want 429 (one limit for both)", rec.Code)
	}
	if rec := from("203.0.113.9:5000", "/t/"+mustTracking(t).String(), 0); rec.Code != http.StatusNotFound {
		t.Errorf("another address: %d, want 404 (limits are per address)", rec.Code)
	}
}

// TestEnumerationArithmetic states the figures the README gives: with 2^40
// codes and R reports, a guess hits with probability R/2^40; at 60 guesses
// a minute from one address, the expected time per hit follows.
func TestEnumerationArithmetic(t *testing.T) {
	const perMinute = 60
	for _, tt := range []struct {
		reports      float64
		guesses      float64 // expected guesses per hit
		minutesToHit float64
	}{
		{2300, 478_048_534, 7_967_476},   // ≈ 15.1 years per hit per address
		{1_000_000, 1_099_512, 18_325.2}, // ≈ 12.7 days per hit per address
	} {
		guesses := math.Exp2(40) / tt.reports
		minutes := guesses / perMinute
		if math.Abs(guesses-tt.guesses)/tt.guesses > 1e-6 || math.Abs(minutes-tt.minutesToHit)/tt.minutesToHit > 1e-5 {
			t.Errorf("R=%.0f: %.1f guesses and %.1f minutes per hit, the README says %.0f and %.1f",
				tt.reports, guesses, minutes, tt.guesses, tt.minutesToHit)
		}
		t.Logf("R=%.0f: %.0f guesses per hit, %.0f minutes = %.1f days = %.2f years per hit per address",
			tt.reports, guesses, minutes, minutes/1440, minutes/(1440*365.25))
	}
}

// TestPhotoIDGuessing asks for photos by guessed IDs: random 128-bit IDs and
// near misses of a real one are all 404, never cached.
func TestPhotoIDGuessing(t *testing.T) {
	app := newTestApp(t)
	com := app.community("春和社区", "北山口镇")
	real := app.submitWithPhoto(t, com.Code).Photos[0]
	if rec := app.get("/p/" + real); rec.Code != http.StatusOK {
		t.Fatalf("the real photo: %d", rec.Code)
	}
	guesses := []string{
		strings.ToUpper(real), real[:31] + string("0123456789abcdef"[(strings.IndexByte("0123456789abcdef", real[31])+1)%16]),
		real + ".jpg", real[:31], real + "0", real + "%00", real + "/../" + real,
	}
	for range 200 {
		id, err := photostore.NewID()
		if err != nil {
			t.Fatal(err)
		}
		guesses = append(guesses, id)
	}
	for _, id := range guesses {
		for _, path := range []string{"/p/" + id, "/p/" + id + "/thumb"} {
			rec := app.get(path)
			if rec.Code != http.StatusNotFound {
				t.Errorf("%s: %d, want 404", path, rec.Code)
			}
			if cc := rec.Header().Get("Cache-Control"); strings.Contains(cc, "immutable") || strings.Contains(cc, "max-age") {
				t.Errorf("%s: a miss is cached: %q", path, cc)
			}
		}
	}
}
