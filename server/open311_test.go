package server_test

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"io"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"gridline/auth"
	"gridline/community"
)

// These tests walk the Open311 GeoReport v2 API (wiki.open311.org/
// GeoReport_v2) through the real router on the real database, in both of
// its formats, reading each answer generically (JSON into maps, XML into
// elements) so that field names, order and types are checked against the
// spec rather than against Gridline's own types.

// openFormats are the two formats every resource answers in.
var openFormats = []string{"xml", "json"}

// openWorld is an app with two communities and an API key.
type openWorld struct {
	*testApp
	com, other community.Community
	key        string // the key itself, as a client holds it
}

func newOpenWorld(t *testing.T) *openWorld {
	t.Helper()
	return newOpenWorldWith(t, newTestApp(t))
}

func newOpenWorldWith(t *testing.T, app *testApp) *openWorld {
	t.Helper()
	w := &openWorld{testApp: app, com: app.community("春和社区", "北山口镇"), other: app.community("河西社区", "南湖街道")}
	w.key = app.apiKey(t, "city-12345")
	return w
}

// apiKey makes an API key named name and returns the key itself.
func (a *testApp) apiKey(t *testing.T, name string) string {
	t.Helper()
	k, secret, err := auth.NewAPIKey(name, "(test)")
	if err != nil {
		t.Fatal(err)
	}
	if err := a.store.CreateAPIKey(context.Background(), k); err != nil {
		t.Fatal(err)
	}
	return secret
}

// openPost posts a request's arguments, urlencoded, with extra headers.
func (a *testApp) openPost(target string, v url.Values, header ...string) *httptest.ResponseRecorder {
	a.t.Helper()
	req := urlencoded(target, v)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return a.do(req)
}

// element is an XML element read generically: its name, text and children.
type element struct {
	Name     string
	Text     string
	Children []*element
}

// parseElements reads an Open311 XML document, checking that the XML
// declaration naming UTF-8 comes first, as the spec requires.
func parseElements(t *testing.T, body string) *element {
	t.Helper()
	if !strings.HasPrefix(body, `<?xml version="1.0" encoding="UTF-8"?>`) {
		t.Fatalf("no XML declaration naming UTF-8: %.80q", body)
	}
	d := xml.NewDecoder(strings.NewReader(body))
	top := &element{}
	stack := []*element{top}
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("not XML: %v\n%s", err, body)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			e := &element{Name: tok.Name.Local}
			parent := stack[len(stack)-1]
			parent.Children = append(parent.Children, e)
			stack = append(stack, e)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			stack[len(stack)-1].Text += strings.TrimSpace(string(tok))
		}
	}
	if len(top.Children) != 1 {
		t.Fatalf("%d root elements:\n%s", len(top.Children), body)
	}
	return top.Children[0]
}

// names lists an element's children's names, in order.
func (e *element) names() []string {
	out := make([]string, 0, len(e.Children))
	for _, c := range e.Children {
		out = append(out, c.Name)
	}
	return out
}

// openList reads an answer that is a list (services, requests, errors) in
// either format as one map per item, field name → value: JSON values as
// decoded (string, bool, float64, nil), XML text as a string, an empty
// element as nil. It checks the status, the content type, and in XML the
// root and item names and that every item has the same elements in order.
func openList(t *testing.T, rec *httptest.ResponseRecorder, format string, status int, root, item string) []map[string]any {
	t.Helper()
	if rec.Code != status {
		t.Fatalf("status %d, want %d:\n%.2000s", rec.Code, status, rec.Body)
	}
	checkContentType(t, rec, format)
	if format == "json" {
		var out []map[string]any
		if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil || out == nil {
			t.Fatalf("not a JSON array (%v):\n%s", err, rec.Body)
		}
		return out
	}
	e := parseElements(t, rec.Body.String())
	if e.Name != root {
		t.Fatalf("root <%s>, want <%s>", e.Name, root)
	}
	out := []map[string]any{}
	for _, it := range e.Children {
		if it.Name != item {
			t.Fatalf("<%s> holds <%s>, want <%s>", root, it.Name, item)
		}
		m := map[string]any{}
		for _, f := range it.Children {
			m[f.Name] = f.Text
			if f.Text == "" && len(f.Children) == 0 {
				m[f.Name] = nil
			}
		}
		out = append(out, m)
	}
	return out
}

// checkContentType: the spec's content type of each format, UTF-8.
func checkContentType(t *testing.T, rec *httptest.ResponseRecorder, format string) {
	t.Helper()
	want := map[string]string{"json": "application/json; charset=utf-8", "xml": "text/xml; charset=utf-8"}[format]
	if ct := rec.Header().Get("Content-Type"); ct != want {
		t.Errorf("Content-Type %q, want %q", ct, want)
	}
}

// expectOpenError checks a failure in the spec's shape: the status, and a
// list of errors whose codes are that status, one of whose descriptions is
// the catalog's text for id (in Chinese, the default).
func expectOpenError(t *testing.T, rec *httptest.ResponseRecorder, format string, status int, id string, args ...any) {
	t.Helper()
	errs := openList(t, rec, format, status, "errors", "error")
	want := catalogMessage(t, "zh-CN", id, args...)
	found := false
	for _, e := range errs {
		if len(e) != 2 || e["description"] == nil {
			t.Errorf("error %v: want exactly code and description", e)
		}
		switch code := e["code"].(type) {
		case float64:
			if int(code) != status {
				t.Errorf("code %v in a %d answer", code, status)
			}
		case string: // XML
			if code != strconv.Itoa(status) {
				t.Errorf("code %q in a %d answer", code, status)
			}
		default:
			t.Errorf("code %#v is not a number", e["code"])
		}
		found = found || e["description"] == want
	}
	if !found {
		t.Errorf("no error says %q: %v", want, errs)
	}
}
