package poster

import (
	"strings"
	"unicode"
)

// wrap breaks s into lines no wider than w. Lines break after a space or
// next to a CJK character, never inside a Latin word unless the word alone
// is too wide, and closing punctuation (，。」) stays with the line before.
func (d *doc) wrap(s string, st style, size, w float64) []string {
	rs := []rune(s)
	var lines []string
	start, brk := 0, -1 // brk: a break is allowed before rs[brk]
	for i := 0; i < len(rs); i++ {
		if i > start && d.measure(string(rs[start:i+1]), st, size) > w {
			cut := i
			if brk > start {
				cut = brk
			}
			for cut < len(rs) && strings.ContainsRune(closing, rs[cut]) {
				cut++ // hang the punctuation rather than start a line with it
			}
			lines = append(lines, strings.TrimSpace(string(rs[start:cut])))
			start, brk = cut, -1
			for start < len(rs) && rs[start] == ' ' {
				start++
			}
			i = start - 1
			continue
		}
		if rs[i] == ' ' || wide(rs[i]) {
			brk = i + 1
		}
		if i+1 < len(rs) && wide(rs[i+1]) {
			brk = i + 1
		}
	}
	if start < len(rs) {
		lines = append(lines, strings.TrimSpace(string(rs[start:])))
	}
	return lines
}

// closing is punctuation a line must not start with.
const closing = "，。、；：！？」』）》】,.;:!?)"

// wide reports whether r is a CJK character, after or before which a line
// may break.
func wide(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul) ||
		(r >= 0x3000 && r <= 0x303F) || (r >= 0xFF00 && r <= 0xFFEF)
}
