package report

import (
	"bytes"
	"errors"
	"io"
	"testing"
)

func TestParseTracking(t *testing.T) {
	const valid = Tracking("K7M2QXABP")
	tests := []struct {
		name    string
		in      string
		want    Tracking
		wantErr error
	}{
		{name: "canonical", in: "K7M2QXABP", want: valid},
		{name: "display form", in: "K7M2-QXAB-P", want: valid},
		{name: "lower case", in: "k7m2qxabp", want: valid},
		{name: "mixed case and spaces", in: "  k7M2 qxAB p\t", want: valid},
		{name: "newline from a paste", in: "K7M2-QXAB-P\n", want: valid},
		{name: "many hyphens", in: "K-7-M-2--QXAB-P", want: valid},
		{name: "full-width from an input method", in: "Ｋ７Ｍ２－ＱＸＡＢ－Ｐ", want: valid},
		{name: "ideographic space", in: "K7M2\u3000QXAB\u3000P", want: valid},
		{name: "all zeros", in: "000000000", want: "000000000"},
		{name: "O read as zero", in: "OOOO-OOOO-O", want: "000000000"},
		{name: "lower o read as zero", in: "oooo0000o", want: "000000000"},
		{name: "I and L read as one", in: "1ILi-l1I1-" + string(tracking("11111111")[8]), want: tracking("11111111")},
		{name: "empty", in: "", wantErr: ErrTrackingFormat},
		{name: "only separators", in: " - - ", wantErr: ErrTrackingFormat},
		{name: "too short", in: "K7M2-QXAB", wantErr: ErrTrackingFormat},
		{name: "too long", in: "K7M2-QXAB-PP", wantErr: ErrTrackingFormat},
		{name: "very long", in: string(bytes.Repeat([]byte("K"), 1<<16)), wantErr: ErrTrackingFormat},
		{name: "U is not in the alphabet", in: "K7M2QXABU", wantErr: ErrTrackingFormat},
		{name: "punctuation", in: "K7M2.QXABP", wantErr: ErrTrackingFormat},
		{name: "non-ASCII letter", in: "K7M2QXABé", wantErr: ErrTrackingFormat},
		{name: "Cyrillic look-alike", in: "K7M2QXАBP", wantErr: ErrTrackingFormat},
		{name: "Chinese", in: "追踪码追踪码追踪码", wantErr: ErrTrackingFormat},
		{name: "invalid UTF-8", in: "K7M2QXAB\xff", wantErr: ErrTrackingFormat},
		{name: "path traversal of the right length", in: "../../etc", wantErr: ErrTrackingFormat},
		{name: "absolute path", in: "/etc/passwd", wantErr: ErrTrackingFormat},
		{name: "query injection", in: `{"$ne":1}`, wantErr: ErrTrackingFormat},
		{name: "bad check character", in: "K7M2QXABQ", wantErr: ErrTrackingCheck},
		{name: "one substitution", in: "K7M3QXABP", wantErr: ErrTrackingCheck},
		{name: "adjacent transposition", in: "7KM2QXABP", wantErr: ErrTrackingCheck},
		{name: "transposition with the check character", in: "K7M2QXAPB", wantErr: ErrTrackingCheck},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseTracking(tt.in)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("ParseTracking(%q) error = %v, want %v", tt.in, err, tt.wantErr)
				}
				if got != "" {
					t.Errorf("ParseTracking(%q) = %q with an error, want empty", tt.in, got)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseTracking(%q) error = %v", tt.in, err)
			}
			if got != tt.want {
				t.Errorf("ParseTracking(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// tracking appends the right check character to 8 data characters, so test
// tables can be written with readable data parts.
func tracking(data string) Tracking {
	digits := make([]byte, 0, trackingDataLen)
	for _, r := range data {
		v, ok := crockfordValue(r)
		if !ok {
			panic("tracking: bad test data " + data)
		}
		digits = append(digits, v)
	}
	if len(digits) != trackingDataLen {
		panic("tracking: test data must have 8 characters: " + data)
	}
	return Tracking(data + string(crockfordAlphabet[checkSymbol(digits)]))
}

func TestTrackingDisplay(t *testing.T) {
	tests := []struct {
		name string
		in   Tracking
		want string
	}{
		{name: "valid", in: "K7M2QXABP", want: "K7M2-QXAB-P"},
		{name: "zero value", in: "", want: ""},
		{name: "wrong length left alone", in: "ABC", want: "ABC"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.in.Display(); got != tt.want {
				t.Errorf("Display() = %q, want %q", got, tt.want)
			}
			if got := tt.in.String(); got != string(tt.in) {
				t.Errorf("String() = %q, want %q", got, string(tt.in))
			}
		})
	}
}

func TestNewTrackingRoundTrip(t *testing.T) {
	for range 10_000 {
		code, err := NewTracking()
		if err != nil {
			t.Fatalf("NewTracking: %v", err)
		}
		if len(code) != trackingLen {
			t.Fatalf("NewTracking() = %q, want %d characters", code, trackingLen)
		}
		for _, in := range []string{code.String(), code.Display()} {
			got, err := ParseTracking(in)
			if err != nil {
				t.Fatalf("ParseTracking(%q): %v", in, err)
			}
			if got != code {
				t.Fatalf("ParseTracking(%q) = %q, want %q", in, got, code)
			}
		}
	}
}

func TestNewTrackingUnique(t *testing.T) {
	// 10k draws from 2^40 codes collide with probability n²/2N ≈ 4.5e-5
	// (1 run in 22,000), so a duplicate here means the generator is broken.
	const n = 10_000
	seen := make(map[Tracking]struct{}, n)
	for range n {
		code, err := NewTracking()
		if err != nil {
			t.Fatalf("NewTracking: %v", err)
		}
		if _, dup := seen[code]; dup {
			t.Fatalf("NewTracking returned %q twice in %d codes", code, len(seen))
		}
		seen[code] = struct{}{}
	}
}

func TestNewTrackingFrom(t *testing.T) {
	tests := []struct {
		name    string
		random  []byte
		want    Tracking
		wantErr bool
	}{
		{name: "all zero bits", random: []byte{0, 0, 0, 0, 0}, want: "000000000"},
		{name: "all one bits", random: []byte{0xff, 0xff, 0xff, 0xff, 0xff}, want: tracking("ZZZZZZZZ")},
		// 00001 00010 00011 00100 00101 00110 00111 01000
		{name: "bits taken 5 at a time", random: []byte{0x08, 0x86, 0x42, 0x98, 0xe8}, want: tracking("12345678")},
		{name: "short read", random: []byte{1, 2, 3}, wantErr: true},
		{name: "no randomness", random: nil, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := newTrackingFrom(bytes.NewReader(tt.random))
			if tt.wantErr {
				if !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
					t.Fatalf("newTrackingFrom error = %v, want a wrapped EOF", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("newTrackingFrom: %v", err)
			}
			if got != tt.want {
				t.Errorf("newTrackingFrom = %q, want %q", got, tt.want)
			}
		})
	}
}
