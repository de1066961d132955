package community

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
)

func TestParseCode(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    string
		wantErr bool
	}{
		{name: "canonical", in: "K7M2QX", want: "K7M2QX"},
		{name: "lower case", in: "k7m2qx", want: "K7M2QX"},
		{name: "spaces", in: " K7M 2QX ", want: "K7M2QX"},
		{name: "full-width", in: "Ｋ７Ｍ２ＱＸ", want: "K7M2QX"},
		{name: "empty", in: "", wantErr: true},
		{name: "too short", in: "K7M2Q", wantErr: true},
		{name: "too long", in: "K7M2QXA", wantErr: true},
		{name: "zero is not in the alphabet", in: "K7M2Q0", wantErr: true},
		{name: "O is not in the alphabet", in: "K7M2QO", wantErr: true},
		{name: "one is not in the alphabet", in: "K7M2Q1", wantErr: true},
		{name: "I is not in the alphabet", in: "K7M2QI", wantErr: true},
		{name: "L is not in the alphabet", in: "K7M2QL", wantErr: true},
		{name: "U is not in the alphabet", in: "K7M2QU", wantErr: true},
		{name: "path traversal", in: "../x", wantErr: true},
		{name: "path traversal of the right length", in: "../../", wantErr: true},
		{name: "parent directory plus letters", in: "..ABCD", wantErr: true},
		{name: "encoded slash", in: "%2F%2E%2E", wantErr: true},
		{name: "query injection", in: `{$ne:}`, wantErr: true},
		{name: "non-ASCII", in: "K7M2Qé", wantErr: true},
		{name: "Chinese", in: "社区社区社区", wantErr: true},
		{name: "invalid UTF-8", in: "K7M2Q\xff", wantErr: true},
		{name: "very long", in: strings.Repeat("K", 1<<16), wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseCode(tt.in)
			if tt.wantErr {
				if !errors.Is(err, ErrCode) {
					t.Fatalf("ParseCode(%q) = %q, %v; want ErrCode", tt.in, got, err)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseCode(%q): %v", tt.in, err)
			}
			if got != tt.want {
				t.Errorf("ParseCode(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestNewCode(t *testing.T) {
	const n = 10_000
	seen := make(map[string]struct{}, n)
	counts := make(map[rune]int)
	for range n {
		code, err := NewCode()
		if err != nil {
			t.Fatalf("NewCode: %v", err)
		}
		got, err := ParseCode(code)
		if err != nil || got != code {
			t.Fatalf("ParseCode(%q) = %q, %v; want it back unchanged", code, got, err)
		}
		seen[code] = struct{}{}
		for _, r := range code {
			counts[r]++
		}
	}
	// 10k draws from 7.3e8 codes collide with probability under 7 %; more
	// than a couple of duplicates means the generator is broken.
	if dups := n - len(seen); dups > 2 {
		t.Errorf("%d duplicates in %d community codes", dups, n)
	}
	// Every symbol is used and none is badly favoured: each is expected
	// 2000 times out of 60000; ±25 % is far outside chance.
	for _, r := range communityAlphabet {
		if c := counts[r]; c < 1500 || c > 2500 {
			t.Errorf("symbol %q drawn %d times, want about 2000", r, c)
		}
	}
}

func TestNewCodeFrom(t *testing.T) {
	tests := []struct {
		name    string
		random  []byte
		want    string
		wantErr bool
	}{
		{name: "first symbols", random: []byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}, want: "234567"},
		{name: "wraps modulo the alphabet", random: []byte{30, 31, 59, 60, 239, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, want: "23Z2Z2"},
		{
			name: "bytes above the last full round are skipped",
			random: append(
				[]byte{240, 255, 0, 241, 1, 250, 2, 3, 4, 5, 0, 0, 0, 0, 0, 0},
				make([]byte, 16)...),
			want: "234567",
		},
		{name: "short read", random: []byte{1, 2, 3}, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := newCodeFrom(bytes.NewReader(tt.random))
			if tt.wantErr {
				if !errors.Is(err, io.ErrUnexpectedEOF) {
					t.Fatalf("newCodeFrom error = %v, want a wrapped io.ErrUnexpectedEOF", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("newCodeFrom: %v", err)
			}
			if got != tt.want {
				t.Errorf("newCodeFrom = %q, want %q", got, tt.want)
			}
		})
	}
}
