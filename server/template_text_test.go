package server_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"gridline/templates"
)

// The "no literals" rule, next to TestTemplateMessagesExist: every word a
// person reads comes from the catalogs, so templates hold message IDs and
// markup only, and the form's script takes its words from the page.
var (
	templateAction = regexp.MustCompile(`(?s){{.*?}}`)
	htmlComment    = regexp.MustCompile(`(?s)<!--.*?-->`)
	textNode       = regexp.MustCompile(`>([^<]*)<`)
	readAttr       = regexp.MustCompile(`\b(?:alt|title|placeholder|aria-label)="([^"]*)"`)
	cjk            = regexp.MustCompile(`[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}\x{3000}-\x{303F}\x{FF00}-\x{FFEF}]`)
	latinWord      = regexp.MustCompile(`\b[A-Za-z]*[a-z][A-Za-z]*\b`) // a word, not an initialism such as PDF or the XXXX-XXXX-X of a code
)

// untranslated returns the text in s a person would read that did not come
// from the catalogs: any CJK text, and Latin words, outside {{…}} actions,
// in text and in the attributes people read.
func untranslated(s string) []string {
	s = templateAction.ReplaceAllString(s, " ")
	s = htmlComment.ReplaceAllString(s, " ")
	var found []string
	for _, m := range textNode.FindAllStringSubmatch(s, -1) {
		found = append(found, literalWords(m[1])...)
	}
	for _, m := range readAttr.FindAllStringSubmatch(s, -1) {
		found = append(found, literalWords(m[1])...)
	}
	return found
}

func literalWords(text string) []string {
	var out []string
	if cjk.MatchString(text) {
		out = append(out, strings.TrimSpace(text))
	}
	for _, w := range latinWord.FindAllString(text, -1) {
		if len(w) > 1 {
			out = append(out, w)
		}
	}
	return out
}

// TestTemplatesHaveNoLiteralText fails on text a template shows without t.
func TestTemplatesHaveNoLiteralText(t *testing.T) {
	err := fs.WalkDir(templates.FS, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".html") {
			return err
		}
		b, err := fs.ReadFile(templates.FS, path)
		if err != nil {
			return err
		}
		for _, lit := range untranslated(string(b)) {
			t.Errorf("%s: %q is not from the message catalog: use {{t \"…\"}}", path, lit)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestUntranslatedIsCaught: the check above finds what it should.
func TestUntranslatedIsCaught(t *testing.T) {
	tests := []struct {
		tmpl string
		want int
	}{
		{`<p>{{t "form.title"}}</p>`, 0},
		{`<p>提交</p>`, 1},
		{`<p>{{t "a"}}，</p>`, 1},
		{`<button>Send</button>`, 1},
		{`<input placeholder="例如">`, 1},
		{`<img alt="photo" src="/p/{{.}}">`, 1},
		{`<input placeholder="XXXX-XXXX-X">`, 0},
		{`<a href="/p.pdf">PDF</a><option value="new">{{t "x"}}</option>`, 0},
		{`<a href="/c/{{.Code}}">/c/{{.Code}}</a>`, 0},
		{`{{/* 注释 */}}<!-- 注释 --><p>{{"里面" | print}}</p>`, 0},
	}
	for _, tt := range tests {
		if got := untranslated(tt.tmpl); len(got) != tt.want {
			t.Errorf("untranslated(%q) = %q, want %d finds", tt.tmpl, got, tt.want)
		}
	}
}

// TestScriptsHaveNoLiteralText: the scripts show only words the page gives
// them (data-msg-* attributes rendered from the catalogs).
func TestScriptsHaveNoLiteralText(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "static", "js", "*.js"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no scripts found (%v)", err)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(b), "\n") {
			if cjk.MatchString(line) {
				t.Errorf("%s:%d: text that is not from the catalog: %s", f, i+1, strings.TrimSpace(line))
			}
		}
	}
}
