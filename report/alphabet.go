package report

import (
	"strings"
	"unicode"
)

// crockfordAlphabet is Douglas Crockford's base32 alphabet: digits and upper
// case letters without I, L, O and U, so that no two symbols look alike and
// no accidental words are spelt.
const crockfordAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// crockfordValue returns the value of one folded character, applying
// Crockford's decoding rules: O reads as 0, I and L read as 1. U and
// anything else outside the alphabet is rejected.
func crockfordValue(r rune) (byte, bool) {
	switch r {
	case 'O':
		return 0, true
	case 'I', 'L':
		return 1, true
	}
	if r > unicode.MaxASCII {
		return 0, false
	}
	i := strings.IndexByte(crockfordAlphabet, byte(r))
	if i < 0 {
		return 0, false
	}
	return byte(i), true
}

// fold prepares typed input for decoding: it drops spaces and hyphens,
// maps full-width forms (which Chinese input methods produce) to ASCII and
// upper-cases ASCII letters. Other characters are kept so that the caller
// rejects them. It stops after limit+1 characters: that is enough to know
// the input is too long, and bounds the work done on hostile input.
func fold(s string, limit int) []rune {
	out := make([]rune, 0, limit+1)
	for _, r := range s {
		if len(out) > limit {
			break
		}
		r = narrow(r)
		if r == '-' || unicode.IsSpace(r) {
			continue
		}
		if 'a' <= r && r <= 'z' {
			r -= 'a' - 'A'
		}
		out = append(out, r)
	}
	return out
}

// narrow maps the full-width forms of printable ASCII (U+FF01 to U+FF5E)
// and the ideographic space to their ASCII equivalents.
func narrow(r rune) rune {
	switch {
	case r == '\u3000':
		return ' '
	case '\uFF01' <= r && r <= '\uFF5E':
		return r - 0xFEE0
	}
	return r
}
