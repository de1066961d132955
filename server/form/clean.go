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

// invisible reports characters that show nothing yet change how text reads:
// every format character (bidi controls, zero-width characters, soft hyphen,
// invisible operators, interlinear annotations, the tag block), the Hangul
// fillers, and control characters.
func invisible(r rune) bool {
	switch r {
	case 0x115F, 0x1160, 0x3164, 0xFFA0: // Hangul fillers, blank but not format characters
		return true
	}
	return unicode.Is(unicode.Cf, r) || unicode.IsControl(r)
}
