package report

import (
	"errors"
	"testing"
)

// TestCheckDetectsAllSingleErrors proves the detection claims made in
// checksum.go. The check is linear over GF(32): a code with an error
// pattern e added (XOR, symbol by symbol) sums to sum(code) + sum(e) =
// sum(e). So an error is missed for some code exactly when it is missed
// for every code, and trying every error pattern of each kind once is a
// proof for all 2^40 codes.
func TestCheckDetectsAllSingleErrors(t *testing.T) {
	tests := []struct {
		name     string
		patterns func(yield func(e [trackingLen]byte))
	}{
		{name: "every single substitution", patterns: singleSubstitutions},
		{name: "every transposition, adjacent or not", patterns: transpositions},
		{name: "every adjacent twin error", patterns: twinErrors},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := 0
			tt.patterns(func(e [trackingLen]byte) {
				n++
				if checkValid(e[:]) {
					t.Errorf("error pattern %v is not detected", e)
				}
			})
			if n == 0 {
				t.Fatal("no error patterns tried")
			}
		})
	}
}

// singleSubstitutions yields every change of one symbol to another.
func singleSubstitutions(yield func(e [trackingLen]byte)) {
	for i := range trackingLen {
		for d := byte(1); d < 32; d++ {
			var e [trackingLen]byte
			e[i] = d
			yield(e)
		}
	}
}

// transpositions yields every swap of two different symbols x and y at
// positions i < j: both positions change by x XOR y.
func transpositions(yield func(e [trackingLen]byte)) {
	for i := range trackingLen {
		for j := i + 1; j < trackingLen; j++ {
			for d := byte(1); d < 32; d++ {
				var e [trackingLen]byte
				e[i], e[j] = d, d
				yield(e)
			}
		}
	}
}

// twinErrors yields every xx typed as yy in adjacent positions, which
// changes both positions by x XOR y: the adjacent case of transpositions,
// listed on its own because it is a different typing mistake.
func twinErrors(yield func(e [trackingLen]byte)) {
	for i := range trackingLen - 1 {
		for d := byte(1); d < 32; d++ {
			var e [trackingLen]byte
			e[i], e[i+1] = d, d
			yield(e)
		}
	}
}

// TestParseTrackingRejectsTypos checks the same properties end to end,
// through ParseTracking, on many random codes: every single substitution
// and every transposition of two different characters is rejected with
// ErrTrackingCheck, never accepted as another code.
func TestParseTrackingRejectsTypos(t *testing.T) {
	codes := 2000
	if testing.Short() {
		codes = 200
	}
	for range codes {
		code, err := NewTracking()
		if err != nil {
			t.Fatalf("NewTracking: %v", err)
		}
		for _, typo := range typos(code.String()) {
			if got, err := ParseTracking(typo); !errors.Is(err, ErrTrackingCheck) {
				t.Fatalf("ParseTracking(%q), a typo of %q = %q, %v; want ErrTrackingCheck", typo, code, got, err)
			}
		}
	}
}

// typos returns every single substitution within the alphabet and every
// transposition of two different characters of code.
func typos(code string) []string {
	var out []string
	for i := range len(code) {
		for _, c := range []byte(crockfordAlphabet) {
			if c == code[i] {
				continue
			}
			b := []byte(code)
			b[i] = c
			out = append(out, string(b))
		}
		for j := i + 1; j < len(code); j++ {
			if code[i] == code[j] {
				continue
			}
			b := []byte(code)
			b[i], b[j] = b[j], b[i]
			out = append(out, string(b))
		}
	}
	return out
}

func TestCheckSymbol(t *testing.T) {
	tests := []struct {
		name string
		data string
		want byte
	}{
		{name: "zero data gives a zero check", data: "00000000", want: '0'},
		{name: "poster example", data: "K7M2QXAB", want: 'P'},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tracking(tt.data)
			if got[trackingDataLen] != tt.want {
				t.Errorf("check for %q = %q, want %q", tt.data, got[trackingDataLen], tt.want)
			}
		})
	}
}

func TestAlphaHasOrder31(t *testing.T) {
	// The transposition proof needs α^j ≠ 1 for 0 < j < 31 and α^31 = 1.
	v := byte(1)
	for j := 1; j <= 31; j++ {
		v = mulAlpha(v)
		if v == 1 && j < 31 {
			t.Fatalf("α^%d = 1, want order 31", j)
		}
	}
	if v != 1 {
		t.Fatalf("α^31 = %d, want 1", v)
	}
}
