package server_test

import (
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"gridline/community"
	"gridline/locale"
	"gridline/report"
	"gridline/server"
	"gridline/server/form"
	"gridline/templates"
)

// TestRenderEveryPage renders every page a resident can meet, in every
// language: none may fail in its template (a 500).
func TestRenderEveryPage(t *testing.T) {
	app := newTestApp(t)
	c := app.community("春和社区", "北山口镇")
	stored := map[report.Status]report.Report{}
	for _, st := range report.Statuses() {
		stored[st] = app.storeReport(t, c, st)
	}
	failing := newTestApp(t)
	failing.handler.(*server.Server).SwapStore(failingCreate{failing.store})
	fc := failing.community("春和社区", "北山口镇")

	pages := residentPages(app, failing, c, fc, stored)
	for _, lang := range locale.Langs() {
		for _, p := range pages {
			t.Run(lang+" "+p.name, func(t *testing.T) {
				req := p.req(t)
				req.AddCookie(&http.Cookie{Name: "lang", Value: lang})
				rec := p.app.do(req)
				expectPage(t, rec, p.status, `<html lang="`+lang+`">`, "</html>")
				if ct := rec.Header().Get("Content-Type"); ct != "text/html; charset=utf-8" {
					t.Errorf("Content-Type %q", ct)
				}
			})
		}
	}
}

// residentPage is a request for a page a resident can meet, sent to app.
type residentPage struct {
	name   string
	app    *testApp
	req    func(t *testing.T) *http.Request
	status int
}

// residentPages are the pages TestRenderEveryPage renders, the tracking
// page in every state last: app holds community c and the stored reports,
// failing (community fc) cannot store a report.
func residentPages(app, failing *testApp, c, fc community.Community, stored map[report.Status]report.Report) []residentPage {
	get := func(target string) func(*testing.T) *http.Request {
		return func(*testing.T) *http.Request { return httptest.NewRequest(http.MethodGet, target, nil) }
	}
	short := func(t *testing.T) *http.Request {
		f := validFields(randomToken(t))
		f.Set("description", "短")
		return multipartReport(t, "/c/"+c.Code, f)
	}
	pages := []residentPage{
		{"form", app, get("/c/" + c.Code), http.StatusOK},
		{"refused form", app, short, http.StatusUnprocessableEntity},
		{"form too large", app, func(t *testing.T) *http.Request {
			return streamedReport(t, "/c/"+c.Code, validFields(randomToken(t)), bigPart{field: "padding", size: 41 * mb})
		}, http.StatusRequestEntityTooLarge},
		{"form not saved", failing, func(t *testing.T) *http.Request {
			return multipartReport(t, "/c/"+fc.Code, validFields(randomToken(t)))
		}, http.StatusServiceUnavailable},
		{"look-up", app, get("/track"), http.StatusOK},
		{"look-up refused", app, get("/track?code=hello"), http.StatusUnprocessableEntity},
		{"look-up not found", app, get("/t/hello"), http.StatusNotFound},
		{"tracking after submit", app, get("/t/" + stored[report.Submitted].ID + "?new=1"), http.StatusOK},
		{"page not found", app, get("/no/such/page"), http.StatusNotFound},
		{"method not allowed", app, func(*testing.T) *http.Request { return httptest.NewRequest(http.MethodDelete, "/track", nil) }, http.StatusNotFound},
		{"community not found", app, get("/c/ZZZZZZ"), http.StatusNotFound},
		{"bad request", app, func(*testing.T) *http.Request {
			req := httptest.NewRequest(http.MethodPost, "/c/"+c.Code, strings.NewReader("{}"))
			req.Header.Set("Content-Type", "application/json")
			return req
		}, http.StatusBadRequest},
	}
	for _, st := range report.Statuses() {
		pages = append(pages, residentPage{"tracking " + string(st), app, get("/t/" + stored[st].ID), http.StatusOK})
	}
	return pages
}

// templateCall finds the message IDs templates pass to t.
var templateCall = regexp.MustCompile(`[{(\s]t\s+"([^"]+)"`)

// TestTemplateMessagesExist: every message a template names is in every catalog.
func TestTemplateMessagesExist(t *testing.T) {
	cat, err := catalogText()
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	err = fs.WalkDir(templates.FS, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".html") {
			return err
		}
		b, err := fs.ReadFile(templates.FS, path)
		if err != nil {
			return err
		}
		for _, m := range templateCall.FindAllStringSubmatch(string(b), -1) {
			ids = append(ids, m[1])
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(ids) < 20 {
		t.Fatalf("found only %d message IDs in the templates: is the pattern out of date?", len(ids))
	}
	for _, id := range append(ids, handlerMessages(t)...) {
		for _, lang := range locale.Langs() {
			if !cat.Has(lang, id) {
				t.Errorf("catalog %s lacks %q", lang, id)
			}
		}
	}
}

// handlerMessages lists the message IDs the resident's handlers pass to
// templates: the literals in their source, the statuses, and the field
// messages the validator builds from form.Report's tags.
func handlerMessages(t *testing.T) []string {
	t.Helper()
	literal := regexp.MustCompile(`"((?:form|field|track|lookup|error|status)\.[a-z_]+(?:\.[a-z_]+)?)"`)
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	more, _ := filepath.Glob("form/*.go")
	var ids []string
	for _, f := range append(files, more...) {
		base := filepath.Base(f)
		public := strings.HasPrefix(base, "report_") || strings.HasPrefix(base, "tracking_") ||
			base == "render.go" || base == "photo_show.go" || base == "qr_show.go" || strings.HasPrefix(f, "form")
		if !public || strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range literal.FindAllStringSubmatch(string(b), -1) {
			ids = append(ids, m[1])
		}
	}
	for _, st := range report.Statuses() {
		ids = append(ids, st.MessageID())
	}
	rt := reflect.TypeFor[form.Report]()
	for i := range rt.NumField() {
		f := rt.Field(i)
		if f.Name == "Token" {
			continue // one message whatever the fault: field.token.invalid
		}
		for rule := range strings.SplitSeq(f.Tag.Get("validate"), ",") {
			rule, _, _ = strings.Cut(rule, "=")
			if rule != "" && rule != "omitempty" {
				ids = append(ids, "field."+strings.ToLower(f.Name)+"."+rule)
			}
		}
	}
	return ids
}
