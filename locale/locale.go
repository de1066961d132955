// Package locale holds the UI's message catalogs (Chinese first, English
// second) and picks the language of each request.
//
// Every string a person reads comes from catalog/*.toml through T; templates
// and handlers carry message IDs, never text.
package locale

import (
	"embed"
	"fmt"

	"github.com/nicksnyder/go-i18n/v2/i18n"
	"github.com/pelletier/go-toml/v2"
	"golang.org/x/text/language"
)

// The supported languages; Chinese is the default.
const (
	Chinese = "zh-CN"
	English = "en"
)

//go:embed catalog/*.toml
var files embed.FS

// Catalog translates message IDs. It is safe for concurrent use.
type Catalog struct {
	localizers map[string]*i18n.Localizer
	ids        map[string]map[string]bool // language → message IDs it defines
	matcher    language.Matcher
}

// New loads the embedded catalogs.
func New() (*Catalog, error) {
	bundle := i18n.NewBundle(language.MustParse(Chinese))
	bundle.RegisterUnmarshalFunc("toml", toml.Unmarshal)
	c := &Catalog{
		localizers: map[string]*i18n.Localizer{},
		ids:        map[string]map[string]bool{},
		matcher:    language.NewMatcher([]language.Tag{language.MustParse(Chinese), language.English}),
	}
	for _, lang := range Langs() {
		name := "catalog/" + lang + ".toml"
		b, err := files.ReadFile(name)
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", name, err)
		}
		mf, err := bundle.ParseMessageFileBytes(b, name)
		if err != nil {
			return nil, fmt.Errorf("parse %s: %w", name, err)
		}
		c.ids[lang] = map[string]bool{}
		for _, m := range mf.Messages {
			c.ids[lang][m.ID] = true
		}
		// Only the language itself: a missing message is an error, not a
		// silent fall-back to the other language.
		c.localizers[lang] = i18n.NewLocalizer(bundle, lang)
	}
	return c, nil
}

// Langs lists the supported languages, the default first.
func Langs() []string { return []string{Chinese, English} }

// Match picks the language for a request: an explicit choice (the switch on the
// page, remembered in a cookie) wins, then Accept-Language, then Chinese.
func (c *Catalog) Match(choice, acceptLanguage string) string {
	if _, ok := c.localizers[choice]; ok {
		return choice
	}
	if acceptLanguage == "" {
		return Chinese
	}
	tags, _, err := language.ParseAcceptLanguage(acceptLanguage)
	if err != nil || len(tags) == 0 {
		return Chinese
	}
	_, i, conf := c.matcher.Match(tags...)
	if conf == language.No {
		return Chinese
	}
	return Langs()[i]
}

// Has reports whether lang's catalog defines id.
func (c *Catalog) Has(lang, id string) bool { return c.ids[lang][id] }

// T translates id into lang; args are name/value pairs for the message's
// placeholders, as in T(lang, "report.photos", "Count", 3).
func (c *Catalog) T(lang, id string, args ...any) (string, error) {
	l, ok := c.localizers[lang]
	if !ok {
		return "", fmt.Errorf("locale: unsupported language %q", lang)
	}
	if len(args)%2 != 0 {
		return "", fmt.Errorf("locale: %s: odd number of placeholder arguments", id)
	}
	data := make(map[string]any, len(args)/2)
	for i := 0; i < len(args); i += 2 {
		name, ok := args[i].(string)
		if !ok {
			return "", fmt.Errorf("locale: %s: placeholder name %v is not a string", id, args[i])
		}
		data[name] = args[i+1]
	}
	s, err := l.Localize(&i18n.LocalizeConfig{MessageID: id, TemplateData: data})
	if err != nil {
		return "", fmt.Errorf("locale: %s: %w", id, err)
	}
	return s, nil
}
