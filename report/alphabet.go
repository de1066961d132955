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
