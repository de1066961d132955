package server_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"gridline/locale"
	"gridline/server"
)

// formAnswer is what the form's script reads (see server/report_json.go).
type formAnswer struct {
	Tracking string            `json:"tracking"`
	URL      string            `json:"url"`
	Notice   string            `json:"notice"`
	Errors   map[string]string `json:"errors"`
	Token    string            `json:"token"`
}

// sendAsScript posts the form as static/js/report.js does, in lang.
func sendAsScript(t *testing.T, app *testApp, req *http.Request, lang string) (*httptest.ResponseRecorder, formAnswer) {
	t.Helper()
	req.Header.Set("Accept", "application/json")
	req.AddCookie(&http.Cookie{Name: "lang", Value: lang})
	rec := app.do(req)
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Fatalf("Content-Type %q, want JSON; body:\n%.500s", ct, rec.Body)
	}
	var a formAnswer
	if err := json.Unmarshal(rec.Body.Bytes(), &a); err != nil {
		t.Fatalf("answer %q: %v", rec.Body, err)
	}
	return rec, a
}

// TestScriptSendGetsTracking: the script learns where the report is, and a
// retry with the same token learns the same place, with one report stored.
func TestScriptSendGetsTracking(t *testing.T) {
	app := newTestApp(t)
	c := app.community("春和社区", "北山口镇")
	fields := validFields(app.formToken(c.Code))
	rec, first := sendAsScript(t, app, multipartReport(t, "/c/"+c.Code, fields, smallJPEG(t)), locale.Chinese)
	if rec.Code != http.StatusOK || !regexp.MustCompile(`^/t/[0-9A-Z]{9}\?new=1$`).MatchString(first.URL) || first.Tracking == "" {
		t.Fatalf("answer %d %+v, want 200 with the tracking URL", rec.Code, first)
	}
	if rec.Header().Get("Cache-Control") != "no-store" {
		t.Errorf("Cache-Control %q", rec.Header().Get("Cache-Control"))
	}
	_, again := sendAsScript(t, app, multipartReport(t, "/c/"+c.Code, fields, smallJPEG(t)), locale.Chinese)
	if again.URL != first.URL {
		t.Errorf("retry went to %q, want %q", again.URL, first.URL)
	}
	r := app.submitted(t, app.do(multipartReport(t, "/c/"+c.Code, fields))) // and the plain form, too
	if "/t/"+r.ID+"?new=1" != first.URL {
		t.Errorf("plain form found %s, want %s", r.ID, first.URL)
	}
	app.expectOneReport(t, r)
}

// TestScriptSendRefused: field messages come back translated, the photos are
// not asked for again (the script still has them), and nothing is stored.
func TestScriptSendRefused(t *testing.T) {
	app := newTestApp(t)
	c := app.community("春和社区", "北山口镇")
	for _, lang := range locale.Langs() {
		t.Run(lang, func(t *testing.T) {
			fields := validFields(app.formToken(c.Code))
			fields.Set("description", "短")
			fields.Set("phone", "123")
			rec, a := sendAsScript(t, app, multipartReport(t, "/c/"+c.Code, fields, smallJPEG(t)), lang)
			if rec.Code != http.StatusUnprocessableEntity {
				t.Fatalf("status %d, want 422", rec.Code)
			}
			want := map[string]string{
				"description": catalogMessage(t, lang, "field.description.min"),
				"phone":       catalogMessage(t, lang, "field.phone.mobile"),
			}
			if len(a.Errors) != len(want) || a.Errors["description"] != want["description"] || a.Errors["phone"] != want["phone"] {
				t.Errorf("errors %v, want %v", a.Errors, want)
			}
			if a.Notice != catalogMessage(t, lang, "form.fix_errors") || a.Token != fields.Get("token") {
				t.Errorf("notice %q token %q", a.Notice, a.Token)
			}
			app.expectNothingStored(t)
		})
	}
}

// TestScriptSendExpiredToken: a refused token comes back replaced.
func TestScriptSendExpiredToken(t *testing.T) {
	app := newTestApp(t)
	c := app.community("春和社区", "北山口镇")
	fields := validFields("not-a-token")
	rec, a := sendAsScript(t, app, multipartReport(t, "/c/"+c.Code, fields), locale.Chinese)
	if rec.Code != http.StatusUnprocessableEntity || !regexp.MustCompile(`^[0-9a-f]{32}$`).MatchString(a.Token) {
		t.Fatalf("status %d, token %q: want 422 and a fresh token", rec.Code, a.Token)
	}
	if a.Notice != catalogMessage(t, locale.Chinese, "field.token.invalid") {
		t.Errorf("notice %q", a.Notice)
	}
}

// TestScriptSendNotSaved: a database failure is a 503 the script can retry.
func TestScriptSendNotSaved(t *testing.T) {
	app := newTestApp(t)
	app.handler.(*server.Server).SwapStore(failingCreate{app.store})
	c := app.community("春和社区", "北山口镇")
	fields := validFields(app.formToken(c.Code))
	rec, a := sendAsScript(t, app, multipartReport(t, "/c/"+c.Code, fields, smallJPEG(t)), locale.English)
	if rec.Code != http.StatusServiceUnavailable || rec.Header().Get("Retry-After") == "" {
		t.Fatalf("status %d, Retry-After %q: want 503 with Retry-After", rec.Code, rec.Header().Get("Retry-After"))
	}
	if a.Notice != catalogMessage(t, locale.English, "form.save_failed") || a.Token != fields.Get("token") {
		t.Errorf("answer %+v", a)
	}
	app.expectNothingStored(t)
}

// TestFormPageEnhancements: the form offers the camera and the album, loads
// its script from a hashed URL (no inline script), and the script is served
// as JavaScript that may be cached forever.
func TestFormPageEnhancements(t *testing.T) {
	app := newTestApp(t)
	c := app.community("春和社区", "北山口镇")
	rec := app.get("/c/" + c.Code)
	expectPage(t, rec, http.StatusOK,
		`capture="environment"`, `id="photos" name="photos" type="file" accept="image/*" multiple`,
		`name="lat" value=""`, `name="lng" value=""`, message(t, locale.Chinese, "form.take_photo"))
	body := rec.Body.String()
	m := regexp.MustCompile(`<script src="(/static/[0-9a-f]+/js/report\.js)" defer></script>`).FindStringSubmatch(body)
	if m == nil {
		t.Fatal("no report.js script tag")
	}
	if strings.Count(body, "<script") != 1 || strings.Contains(body, " style=") {
		t.Error("inline script or style on the form page")
	}
	js := app.get(m[1])
	if js.Code != http.StatusOK || !strings.HasPrefix(js.Header().Get("Content-Type"), "text/javascript") ||
		!strings.Contains(js.Header().Get("Cache-Control"), "immutable") {
		t.Errorf("script: %d %q %q", js.Code, js.Header().Get("Content-Type"), js.Header().Get("Cache-Control"))
	}
}
