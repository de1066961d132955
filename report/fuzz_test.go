package report

import (
	"errors"
	"testing"
)

// FuzzParseTracking checks that ParseTracking never panics, that anything it
// accepts is already canonical (it parses back to itself), and that the
// Display form it hands to residents is accepted again.
func FuzzParseTracking(f *testing.F) {
	for _, seed := range []string{"K7M2QXABP", "K7M2-QXAB-P", "k7m2 qxab p", "OOOOOOOOO", "../../etc", ""} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, s string) {
		code, err := ParseTracking(s)
		if err != nil {
			if !errors.Is(err, ErrTrackingFormat) && !errors.Is(err, ErrTrackingCheck) {
				t.Fatalf("ParseTracking(%q) error %v is neither ErrTrackingFormat nor ErrTrackingCheck", s, err)
			}
			if code != "" {
				t.Fatalf("ParseTracking(%q) = %q with error %v", s, code, err)
			}
			return
		}
		if len(code) != trackingLen {
			t.Fatalf("ParseTracking(%q) = %q, want %d characters", s, code, trackingLen)
		}
		for _, in := range []string{code.String(), code.Display()} {
			again, err := ParseTracking(in)
			if err != nil {
				t.Fatalf("ParseTracking(%q) accepted as %q, but %q does not parse: %v", s, code, in, err)
			}
			if again != code {
				t.Fatalf("ParseTracking(%q) = %q, but %q parses to %q", s, code, in, again)
			}
		}
	})
}
