package server_test

import (
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"gridline/auth"
	"gridline/report"
)

// pageKind is one kind of answer Gridline gives, and how to ask for it.
type pageKind struct {
	name   string
	req    *http.Request
	status int
	ctype  string // the Content-Type's media type
}

// TestHeadersOnEveryPageKind checks the security headers of every kind of
// answer, with an https base URL (HSTS) and an http one (no HSTS).
func TestHeadersOnEveryPageKind(t *testing.T) {
	for _, base := range []string{"https://gridline.example.org", "http://localhost:8080"} {
		t.Run(base, func(t *testing.T) {
			app := newTestAppWith(t, map[string]string{
				"GRIDLINE_BASE_URL": base, "GRIDLINE_RATE_SUBMIT": "0", "GRIDLINE_RATE_LOOKUP": "0", "GRIDLINE_RATE_LOGIN": "0",
			})
			secure := strings.HasPrefix(base, "https://")
			for _, k := range everyPageKind(t, app) {
				t.Run(k.name, func(t *testing.T) {
					rec := app.do(k.req)
					if rec.Code != k.status {
						t.Fatalf("status %d, want %d", rec.Code, k.status)
					}
					checkSecurityHeaders(t, rec, k.ctype, secure)
				})
			}
		})
	}
}

// everyPageKind asks for one answer of each kind: public pages, errors,
// console and administration pages, downloads, images, assets and probes.
func everyPageKind(t *testing.T, app *testApp) []pageKind {
	t.Helper()
	com := app.community("春和社区", "北山口镇")
	app.user("boss", auth.Admin, "")
	app.user("op", auth.Operator, com.Street)
	r := app.submitWithPhoto(t, com.Code)
	admin, op := app.staffSession("boss"), app.staffSession("op")
	short := validFields(newHexToken(t))
	short.Set("description", "短")
	get := func(target string) *http.Request { return httptest.NewRequest(http.MethodGet, target, nil) }
	html := "text/html"
	return []pageKind{
		{"report form", get("/c/" + com.Code), http.StatusOK, html},
		{"refused form (422)", multipartReport(t, "/c/"+com.Code, short), http.StatusUnprocessableEntity, html},
		{"redirect after a report", multipartReport(t, "/c/"+com.Code, validFields(newHexToken(t))), http.StatusSeeOther, ""},
		{"tracking page", get("/t/" + r.ID), http.StatusOK, html},
		{"look-up page", get("/track"), http.StatusOK, html},
		{"look-up not found", get("/track?code=" + mustTracking(t).String()), http.StatusNotFound, html},
		{"unknown page (404)", get("/no/such/page"), http.StatusNotFound, html},
		{"community page", get("/communities/" + com.Code), http.StatusOK, html},
		{"community list", get("/communities"), http.StatusOK, html},
		{"sign-in page", get("/admin/login"), http.StatusOK, html},
		{"console home", staffGet(op, "/admin"), http.StatusOK, html},
		{"console inbox", staffGet(op, "/admin/reports"), http.StatusOK, html},
		{"console report", staffGet(op, "/admin/reports/"+r.ID), http.StatusOK, html},
		{"console posters", staffGet(op, "/admin/posters"), http.StatusOK, html},
		{"poster print page", staffGet(op, "/admin/posters/"+com.Code), http.StatusOK, html},
		{"poster PDF", staffGet(op, "/admin/posters/"+com.Code+".pdf"), http.StatusOK, "application/pdf"},
		{"refused staff form (403)", staffPost(op, "/admin/reports/"+r.ID+"/accept", map[string][]string{"csrf": {"forged"}}), http.StatusForbidden, html},
		{"administration page", staffGet(admin, "/admin/users"), http.StatusOK, html},
		{"CSV export", staffGet(op, "/admin/export.csv"), http.StatusOK, "text/csv"},
		{"photo", get("/p/" + r.Photos[0]), http.StatusOK, "image/jpeg"},
		{"thumbnail", get("/p/" + r.Photos[0] + "/thumb"), http.StatusOK, "image/jpeg"},
		{"QR code PNG", get("/c/" + com.Code + "/qr.png"), http.StatusOK, "image/png"},
		{"QR code SVG", get("/c/" + com.Code + "/qr.svg"), http.StatusOK, "image/svg+xml"},
		{"static asset", get(assetURL(t, "css/app.css")), http.StatusOK, "text/css"},
		{"static asset missing", get("/static/0/none.css"), http.StatusNotFound, ""},
		{"health probe", get("/healthz"), http.StatusOK, "text/plain"},
		{"readiness probe", get("/readyz"), http.StatusOK, "text/plain"},
	}
}

// checkSecurityHeaders checks what every answer carries, and for pages a
// policy that allows no inline script and no framing.
func checkSecurityHeaders(t *testing.T, rec *httptest.ResponseRecorder, ctype string, secure bool) {
	t.Helper()
	h := rec.Header()
	if got := h.Get("X-Content-Type-Options"); got != "nosniff" {
		t.Errorf("X-Content-Type-Options %q", got)
	}
	switch got := h.Get("Referrer-Policy"); got {
	case "same-origin", "strict-origin", "strict-origin-when-cross-origin", "no-referrer":
	default:
		t.Errorf("Referrer-Policy %q", got)
	}
	hsts := h.Get("Strict-Transport-Security")
	if secure && !regexp.MustCompile(`^max-age=(\d{8,})`).MatchString(hsts) {
		t.Errorf("Strict-Transport-Security %q with an https base URL", hsts)
	}
	if !secure && hsts != "" {
		t.Errorf("Strict-Transport-Security %q with an http base URL", hsts)
	}
	if got := h.Get("Content-Type"); ctype != "" && !strings.HasPrefix(got, ctype) {
		t.Errorf("Content-Type %q, want %s", got, ctype)
	}
	csp := h.Get("Content-Security-Policy")
	if csp == "" {
		t.Error("no Content-Security-Policy")
	}
	if ctype == "text/csv" && h.Get("Cache-Control") != "no-store" {
		t.Errorf("export Cache-Control %q, want no-store: it holds residents' phone numbers", h.Get("Cache-Control"))
	}
	if ctype != "text/html" {
		return
	}
	for _, directive := range strings.Split(csp, ";") {
		f := strings.Fields(directive)
		for _, src := range f[min(1, len(f)):] {
			switch {
			case src == "*", src == "'unsafe-inline'", src == "'unsafe-eval'", src == "'unsafe-hashes'":
				t.Errorf("Content-Security-Policy %s allows %s", f[0], src)
			case f[0] == "script-src" && src != "'self'":
				t.Errorf("scripts may come from %s", src)
			}
		}
	}
	for _, want := range []string{"default-src 'self'", "script-src 'self'", "frame-ancestors 'none'", "object-src 'none'", "base-uri 'none'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("Content-Security-Policy lacks %s: %q", want, csp)
		}
	}
	if got := h.Get("Cache-Control"); got != "no-store" {
		t.Errorf("page Cache-Control %q, want no-store", got)
	}
	checkNoInlineCode(t, rec.Body.String())
}

// checkNoInlineCode checks that a page works under its policy: no inline
// script, event handler, javascript: URL or style attribute.
func checkNoInlineCode(t *testing.T, body string) {
	t.Helper()
	for _, m := range regexp.MustCompile(`(?i)<script\b[^>]*>`).FindAllString(body, -1) {
		if !strings.Contains(m, "src=") {
			t.Errorf("inline script %s", m)
		}
	}
	for _, re := range []string{`(?i)<[^>]+\son[a-z]+\s*=`, `(?i)javascript:`, `(?i)<[^>]+\sstyle\s*=`, `(?i)<style\b`} {
		if m := regexp.MustCompile(re).FindString(body); m != "" {
			t.Errorf("the page has %.80q, which the policy blocks", m)
		}
	}
}

// TestCookieAttributes checks every cookie Gridline sets: the sign-in form's
// token, the session and the language choice are HttpOnly and SameSite=Lax,
// and Secure exactly when the base URL is https.
func TestCookieAttributes(t *testing.T) {
	for _, base := range []string{"https://gridline.example.org", "http://localhost:8080"} {
		t.Run(base, func(t *testing.T) {
			app := newTestAppWith(t, map[string]string{"GRIDLINE_BASE_URL": base, "GRIDLINE_RATE_LOGIN": "0"})
			app.user("boss", auth.Admin, "")
			secure := strings.HasPrefix(base, "https://")

			form := app.get("/admin/login")
			login := findCookie(t, form, "gridline_login")
			req := urlencoded("/admin/login", map[string][]string{
				"csrf": {csrfOf(t, form.Body.String())}, "username": {"boss"}, "password": {"boss-password"},
			})
			req.AddCookie(login)
			signedIn := app.do(req)
			if signedIn.Code != http.StatusSeeOther {
				t.Fatalf("sign-in: %d", signedIn.Code)
			}
			cookies := map[string]*http.Cookie{
				"gridline_login":   login,
				"gridline_session": findCookie(t, signedIn, "gridline_session"),
				"lang":             findCookie(t, app.get("/track?lang=en"), "lang"),
			}
			for name, c := range cookies {
				if !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Secure != secure || c.Path != "/" {
					t.Errorf("%s: HttpOnly=%v SameSite=%v Secure=%v Path=%q; want HttpOnly, Lax, Secure=%v, /",
						name, c.HttpOnly, c.SameSite, c.Secure, c.Path, secure)
				}
			}
			if c := findCookie(t, signedIn, "gridline_login"); c.MaxAge >= 0 {
				t.Error("signing in leaves the form's token cookie")
			}
		})
	}
}

// findCookie is the cookie a response sets, by name.
func findCookie(t *testing.T, rec *httptest.ResponseRecorder, name string) *http.Cookie {
	t.Helper()
	for _, c := range rec.Result().Cookies() {
		if c.Name == name {
			return c
		}
	}
	t.Fatalf("no %s cookie set", name)
	return nil
}

// submitWithPhoto stores a report with one photo through the form.
func (a *testApp) submitWithPhoto(t *testing.T, code string) report.Report {
	t.Helper()
	rec := a.do(multipartReport(t, "/c/"+code, validFields(newHexToken(t)), smallJPEG(t)))
	loc := rec.Header().Get("Location")
	id, ok := strings.CutPrefix(loc, "/t/")
	if rec.Code != http.StatusSeeOther || !ok {
		t.Fatalf("submit: %d %q", rec.Code, loc)
	}
	id, _, _ = strings.Cut(id, "?")
	return a.storedReport(id)
}

// mustTracking is a fresh, valid tracking code no report has.
func mustTracking(t *testing.T) report.Tracking {
	t.Helper()
	code, err := report.NewTracking()
	if err != nil {
		t.Fatal(err)
	}
	return code
}
