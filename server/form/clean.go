package form

import (
	"strings"
	"unicode"
)

// CleanText makes a multi-line text safe to store and show: invalid UTF-8
// becomes U+FFFD (so the text survives to be shown again), line ends become
// "\n", and invisible characters that can disguise text are removed: bidi
// overrides and isolates, zero-width characters, other control characters.
func CleanText(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\t':
			return r
		case r == '\r':
			return '\n'
		case invisible(r):
			return -1
		}
		return r
	}, s)
	return strings.TrimSpace(s)
}

// CleanLine is CleanText for one-line fields: line breaks become spaces.
func CleanLine(s string) string {
	return strings.Join(strings.Fields(CleanText(s)), " ")
}

func invisible(r rune) bool {
	switch {
	case r >= 0x202A && r <= 0x202E, r >= 0x2066 && r <= 0x2069, r == 0x200E, r == 0x200F, r == 0x061C:
		return true // bidi embeddings, overrides, isolates and marks
	case r >= 0x200B && r <= 0x200D, r == 0x2060, r == 0xFEFF, r == 0x00AD:
		return true // zero-width characters and soft hyphen
	}
	return unicode.IsControl(r)
}
