package locale_test

import (
	"testing"

	"gridline/locale"
)

func TestCatalogsDefineTheSameMessages(t *testing.T) {
	c, err := locale.New()
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"app.name", "status.submitted", "form.submit", "lookup.check"} {
		for _, lang := range locale.Langs() {
			if _, err := c.T(lang, id); err != nil {
				t.Errorf("%s: %v", lang, err)
			}
		}
	}
	if _, err := c.T(locale.English, "no.such.key"); err == nil {
		t.Error("a missing message must be an error, not a silent fall-back")
	}
}

func TestMatch(t *testing.T) {
	c, err := locale.New()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ choice, accept, want string }{
		{"", "", locale.Chinese},
		{"", "en-US,en;q=0.9", locale.English},
		{"", "zh-CN,zh;q=0.9,en;q=0.8", locale.Chinese},
		{"", "zh-TW", locale.Chinese},
		{"", "fr-FR", locale.Chinese},
		{"en", "zh-CN", locale.English},
		{"zh-CN", "en", locale.Chinese},
		{"xx", "en", locale.English},
		{"", "garbage;;q=", locale.Chinese},
	} {
		if got := c.Match(tc.choice, tc.accept); got != tc.want {
			t.Errorf("Match(%q, %q) = %q, want %q", tc.choice, tc.accept, got, tc.want)
		}
	}
}
