package server_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"html/template"
	"io"
	"maps"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"

	"gridline/locale"
	"gridline/report"
)

// catalogText is the real message catalog, loaded once: the tests look for the
// words a resident reads, not for message IDs.
var catalogText = sync.OnceValues(locale.New)

// escapedText is s as html/template writes it into a page.
func escapedText(t *testing.T, s string) string {
	t.Helper()
	var b strings.Builder
	tmpl := template.Must(template.New("").Parse("{{.}}"))
	if err := tmpl.Execute(&b, s); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// message is the catalog text of id in lang, escaped as a page shows it.
func message(t *testing.T, lang, id string) string {
	t.Helper()
	return escapedText(t, catalogMessage(t, lang, id))
}

// catalogMessage is the catalog text of id in lang, unescaped, as JSON carries it.
func catalogMessage(t *testing.T, lang, id string, args ...any) string {
	t.Helper()
	cat, err := catalogText()
	if err != nil {
		t.Fatal(err)
	}
	s, err := cat.T(lang, id, args...)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// fieldMessage is how a page shows message id beside one field.
func fieldMessage(t *testing.T, lang, field, id string) string {
	t.Helper()
	return `id="` + field + `-error" role="alert">` + message(t, lang, id) + "</p>"
}

// textareaHolding is the end of a textarea that shows text.
func textareaHolding(t *testing.T, text string) string {
	t.Helper()
	return ">" + escapedText(t, text) + "</textarea>"
}

// expectPage checks the status of a response and that its body holds every want.
func expectPage(t *testing.T, rec *httptest.ResponseRecorder, status int, wants ...string) {
	t.Helper()
	if rec.Code != status {
		t.Fatalf("status %d, want %d; body:\n%.2000s", rec.Code, status, rec.Body)
	}
	body := rec.Body.String()
	for _, want := range wants {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %q", want)
		}
	}
}

// photoFiles lists every file in the photo directory, temporaries included.
func (a *testApp) photoFiles() []string {
	a.t.Helper()
	entries, err := os.ReadDir(a.dir)
	if err != nil {
		a.t.Fatal(err)
	}
	names := make([]string, 0, len(entries))
	for _, e := range entries {
		names = append(names, e.Name())
	}
	slices.Sort(names)
	return names
}

// expectNothingStored checks that no report and no photo file was kept.
func (a *testApp) expectNothingStored(t *testing.T) {
	t.Helper()
	if n := a.countReports(); n != 0 {
		t.Errorf("%d reports stored, want none", n)
	}
	if files := a.photoFiles(); len(files) != 0 {
		t.Errorf("photo files left behind: %v", files)
	}
}

// formToken opens the community's form and returns its one-time token.
func (a *testApp) formToken(code string) string {
	a.t.Helper()
	rec := a.get("/c/" + code)
	if rec.Code != http.StatusOK {
		a.t.Fatalf("form: %d", rec.Code)
	}
	return formToken(a.t, rec.Body.String())
}

// submitted follows a 303 after a report POST to the stored report.
func (a *testApp) submitted(t *testing.T, rec *httptest.ResponseRecorder) report.Report {
	t.Helper()
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("submit: status %d, want 303; body:\n%.2000s", rec.Code, rec.Body)
	}
	loc := rec.Header().Get("Location")
	rest, ok := strings.CutPrefix(loc, "/t/")
	if !ok {
		t.Fatalf("submit redirects to %q", loc)
	}
	code, _, _ := strings.Cut(rest, "?")
	tr, err := report.ParseTracking(code)
	if err != nil {
		t.Fatalf("submit redirects to %q: %v", loc, err)
	}
	r, err := a.store.Report(context.Background(), tr)
	if err != nil {
		t.Fatalf("report %s: %v", tr, err)
	}
	return r
}

// randomToken is a well-formed submission token.
func randomToken(t *testing.T) string {
	t.Helper()
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(b)
}

// filler is an endless stream of one byte: big uploads are sent without
// being held in the test's memory.
type filler byte

func (f filler) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(f)
	}
	return len(p), nil
}

// bigPart is one streamed part of a multipart body: a file when file is set.
type bigPart struct {
	field, file string
	size        int64
}

// streamedReport builds a report POST with the text fields first, then the
// given parts streamed from a filler, with an exact Content-Length.
func streamedReport(t *testing.T, target string, fields url.Values, parts ...bigPart) *http.Request {
	t.Helper()
	var head bytes.Buffer
	mw := multipart.NewWriter(&head)
	for _, k := range slices.Sorted(maps.Keys(fields)) {
		for _, v := range fields[k] {
			if err := mw.WriteField(k, v); err != nil {
				t.Fatal(err)
			}
		}
	}
	var (
		readers []io.Reader
		total   int64
	)
	flush := func() {
		b := bytes.Clone(head.Bytes())
		head.Reset()
		readers = append(readers, bytes.NewReader(b))
		total += int64(len(b))
	}
	for _, p := range parts {
		var err error
		if p.file != "" {
			_, err = mw.CreateFormFile(p.field, p.file)
		} else {
			_, err = mw.CreateFormField(p.field)
		}
		if err != nil {
			t.Fatal(err)
		}
		flush()
		readers = append(readers, io.LimitReader(filler('x'), p.size))
		total += p.size
	}
	if err := mw.Close(); err != nil {
		t.Fatal(err)
	}
	flush()
	req := httptest.NewRequest(http.MethodPost, target, io.MultiReader(readers...))
	req.ContentLength = total
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return req
}
