package form

import "testing"

func TestCleanText(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"bidi override", "路灯\u202E坏了", "路灯坏了"},
		{"zero-width", "路\u200B灯\u200D\uFEFF", "路灯"},
		{"tag block hides text", "ok\U000E0041\U000E0042", "ok"},
		{"invisible operators and annotations", "a\u2061b\uFFF9c", "abc"},
		{"Hangul filler", "名\u3164字", "名字"},
		{"control characters", "a\x00b\x1bc", "abc"},
		{"CRLF and lone CR", "一\r\n二\r三", "一\n二\n三"},
		{"invalid UTF-8 survives as U+FFFD", "坏\xff了", "坏\uFFFD了"},
		{"ordinary text untouched", "3号楼 2单元 (东侧)", "3号楼 2单元 (东侧)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := CleanText(tc.in); got != tc.want {
				t.Errorf("CleanText(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
	if got := CleanLine("一\n二\t三"); got != "一 二 三" {
		t.Errorf("CleanLine joins lines with spaces, got %q", got)
	}
}
