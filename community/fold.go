package community

import "unicode"

// Fold prepares a typed code (a community code here, a tracking code in
// package report) for decoding: it drops spaces and hyphens,
// maps full-width forms (which Chinese input methods produce) to ASCII and
// upper-cases ASCII letters. Other characters are kept so that the caller
// rejects them. It stops after limit+1 characters: that is enough to know
// the input is too long, and bounds the work done on hostile input.
func Fold(s string, limit int) []rune {
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
