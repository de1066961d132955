package server

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"time"

	"github.com/gin-gonic/gin"

	"gridline/locale"
	"gridline/static"
	"gridline/store"
	"gridline/templates"
)

// views holds one parsed template set per language and page.
type views struct {
	sets map[string]map[string]*template.Template // lang → page → layout+partials+page
}

// calendarDays counts the midnights in zone from from to to: 0 the same
// day, 1 the day before (昨天).
func calendarDays(from, to time.Time, zone *time.Location) int {
	day := func(t time.Time) time.Time {
		y, m, d := t.In(zone).Date()
		return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	}
	return int(day(to).Sub(day(from)).Hours() / 24)
}

// parseViews parses every page once per language, with t bound to that language.
func parseViews(cat *locale.Catalog, assets *static.Assets, zone *time.Location) (*views, error) {
	pages, err := fs.Glob(templates.FS, "pages/*.html")
	if err != nil {
		return nil, err
	}
	v := &views{sets: map[string]map[string]*template.Template{}}
	for _, lang := range locale.Langs() {
		v.sets[lang] = map[string]*template.Template{}
		funcs := template.FuncMap{
			"t":        func(id string, args ...any) (string, error) { return cat.T(lang, id, args...) },
			"asset":    assets.URL,
			"datetime": func(t time.Time) string { return t.In(zone).Format("2006-01-02 15:04") },
			"iso":      func(t time.Time) string { return t.UTC().Format(time.RFC3339) },
			"list":     func(v ...string) []string { return v },
			"days":     func(from, to time.Time) int { return calendarDays(from, to, zone) },
		}
		for _, p := range pages {
			t, err := template.New("layout").Funcs(funcs).ParseFS(templates.FS, "layout.html", "partials/*.html", p)
			if err != nil {
				return nil, fmt.Errorf("parse %s: %w", p, err)
			}
			v.sets[lang][path.Base(p[:len(p)-len(".html")])] = t
		}
	}
	return v, nil
}

// render executes a page into a buffer first, so a template error becomes a
// clean 500 instead of half a page.
func (s *Server) render(c *gin.Context, status int, page string, data gin.H) error {
	lang := language(c)
	t, ok := s.views.sets[lang][page]
	if !ok {
		return fmt.Errorf("render: no page %q", page)
	}
	if data == nil {
		data = gin.H{}
	}
	data["Lang"] = lang
	data["OtherLang"], data["LangSwitch"] = otherLanguage(c)
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", data); err != nil {
		return fmt.Errorf("render %s: %w", page, err)
	}
	c.Header("Cache-Control", "no-store")
	c.Data(status, "text/html; charset=utf-8", buf.Bytes())
	return nil
}

// pageError is an error with the page a person should see for it.
type pageError struct {
	status int
	title  string // message IDs
	msg    string
	text   string // the person's own words, kept on the page
	back   string
	err    error // the cause, for the log
}

func (e *pageError) Error() string {
	if e.err != nil {
		return e.err.Error()
	}
	return http.StatusText(e.status)
}

func (e *pageError) Unwrap() error { return e.err }

func errNotFound() error {
	return &pageError{status: http.StatusNotFound, title: "error.not_found.title", msg: "error.not_found.message"}
}

// handle adapts a handler that returns an error: the one place errors are
// logged and shown.
func (s *Server) handle(h func(*gin.Context) error) gin.HandlerFunc {
	return func(c *gin.Context) {
		err := h(c)
		if err == nil {
			return
		}
		pe := s.pageErrorOf(c, err)
		data := gin.H{"Title": pe.title, "Message": pe.msg, "Text": pe.text, "Back": pe.back}
		if rerr := s.render(c, pe.status, "error", data); rerr != nil {
			s.Log.ErrorContext(c, "render error page", "err", rerr)
			c.String(http.StatusInternalServerError, "500 internal server error")
		}
	}
}

// pageErrorOf is what a person should be told about err, which is logged
// here when it is the server's fault: the one classification of errors, for
// the error page and for the answers scripts read (staff_report_json.go).
func (s *Server) pageErrorOf(c *gin.Context, err error) *pageError {
	var pe *pageError
	switch {
	case errors.As(err, &pe):
	case store.Unavailable(err): // the database is down or cut off: worth trying again later
		s.Metrics.DBErrors.Inc()
		pe = &pageError{status: http.StatusServiceUnavailable, title: "error.unavailable.title", msg: "error.unavailable.message", err: err}
	default:
		pe = &pageError{status: http.StatusInternalServerError, title: "error.server.title", msg: "error.server.message", err: err}
	}
	if pe.status >= 500 {
		s.Log.ErrorContext(c, "request failed", "method", c.Request.Method, "route", c.FullPath(), "status", pe.status, "err", err)
	}
	if pe.status == http.StatusServiceUnavailable {
		c.Header("Retry-After", "30")
	}
	return pe
}

func (s *Server) showNotFound(*gin.Context) error { return errNotFound() }
