package server_test

import (
	"html/template"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"gridline/locale"
	"gridline/report"
)

// crossSiteCases post forms from another site. Staff forms, the sign-in, the
// rating and the resident's report are all refused when the browser says the
// form came from elsewhere. The report form has no session to protect, but a
// third-party page must not send reports through its visitors' browsers (and
// addresses, past the per-address limit); the form's own page and its script
// post from the same origin, so no resident is turned away.
func crossSiteCases() []hostileCase {
	forbidden := http.StatusForbidden
	evil := func(req *http.Request) *http.Request {
		req.Header.Set("Origin", "https://evil.example")
		return req
	}
	return []hostileCase{
		{name: "staff action from another Origin", status: forbidden,
			req: func(w *hostileWorld) *http.Request {
				return evil(staffPost(w.op, "/admin/reports/"+w.open.ID+"/accept", url.Values{"public": {"好"}}))
			}},
		{name: "staff action from another Referer", status: forbidden,
			req: func(w *hostileWorld) *http.Request {
				req := staffPost(w.op, "/admin/reports/"+w.open.ID+"/reject", url.Values{"public": {"重复"}})
				req.Header.Set("Referer", "https://evil.example/gridline.html")
				return req
			}},
		{name: "staff action from a 100 KB Origin", status: forbidden,
			req: func(w *hostileWorld) *http.Request {
				req := staffPost(w.op, "/admin/reports/"+w.open.ID+"/accept", nil)
				req.Header.Set("Origin", "https://evil.example/"+strings.Repeat("a", 100<<10))
				return req
			}},
		{name: "rating from another Origin", status: forbidden,
			req: func(w *hostileWorld) *http.Request {
				return evil(urlencoded("/t/"+w.resolved.ID+"/rate", url.Values{"rating": {"unsatisfied"}}))
			}},
		{name: "report from another Origin", status: forbidden,
			req: func(w *hostileWorld) *http.Request { return evil(w.reportPost(w.fields())) }},
		{name: "report from an opaque Origin", status: forbidden,
			req: func(w *hostileWorld) *http.Request {
				req := w.reportPost(w.fields())
				req.Header.Set("Origin", "null")
				return req
			}},
		{name: "report from the form's own origin", status: http.StatusSeeOther, effect: oneReport,
			req: func(w *hostileWorld) *http.Request {
				req := w.reportPost(w.fields())
				req.Header.Set("Origin", "https://gridline.example.org")
				return req
			}},
		{name: "sign-in from another Origin", status: forbidden,
			req: func(w *hostileWorld) *http.Request {
				return evil(w.loginPost(url.Values{"username": {"boss"}, "password": {"boss-password"}}))
			}},
		{name: "sign-out from another Origin", status: forbidden,
			req: func(w *hostileWorld) *http.Request { return evil(staffPost(w.admin, "/admin/logout", nil)) },
			want: func(t *testing.T, w *hostileWorld, _ *httptest.ResponseRecorder, _ report.Report) {
				if rec := w.app.do(staffGet(w.admin, "/admin")); rec.Code != http.StatusOK {
					t.Errorf("the session no longer works: %d", rec.Code)
				}
			}},
		{name: "new account from another Origin", status: forbidden,
			req: func(w *hostileWorld) *http.Request {
				return evil(staffPost(w.admin, "/admin/users", url.Values{
					"username": {"mallory"}, "role": {"admin"}, "password": {"correct horse battery staple"},
				}))
			}},
	}
}

// headerCases: enormous headers, line breaks aimed at response headers, and
// redirects aimed at other sites.
func headerCases() []hostileCase {
	return slices.Concat(hugeHeaderCases(), lineBreakCases(), foreignRedirectCases())
}

// hugeHeaderCases send headers and cookies of up to 100 KB.
func hugeHeaderCases() []hostileCase {
	huge := strings.Repeat("a", 100<<10)
	return []hostileCase{
		{name: "100 KB header over the wire", status: http.StatusRequestHeaderFieldsTooLarge, wire: true,
			req: func(w *hostileWorld) *http.Request {
				req := httptest.NewRequest(http.MethodGet, "/track", nil)
				req.Header.Set("X-Filler", huge)
				return req
			}},
		{name: "100 KB cookie over the wire", status: http.StatusRequestHeaderFieldsTooLarge, wire: true,
			req: func(w *hostileWorld) *http.Request {
				req := httptest.NewRequest(http.MethodGet, "/admin", nil)
				req.AddCookie(&http.Cookie{Name: "gridline_session", Value: huge})
				return req
			}},
		{name: "60 KB header over the wire is still served", status: http.StatusOK, wire: true,
			req: func(w *hostileWorld) *http.Request {
				req := httptest.NewRequest(http.MethodGet, "/track", nil)
				req.Header.Set("X-Filler", huge[:60<<10])
				return req
			}},
		{name: "100 KB language cookie", status: http.StatusOK, want: noSetCookie,
			req: func(w *hostileWorld) *http.Request {
				req := httptest.NewRequest(http.MethodGet, "/track", nil)
				req.AddCookie(&http.Cookie{Name: "lang", Value: huge})
				return req
			}},
		{name: "100 KB session cookie", status: http.StatusSeeOther,
			req: func(w *hostileWorld) *http.Request { return as(staffSession{token: huge}, plainGet("/admin")(w)) }},
		{name: "100 KB Accept-Language", status: http.StatusOK,
			req: func(w *hostileWorld) *http.Request {
				req := httptest.NewRequest(http.MethodGet, "/track", nil)
				req.Header.Set("Accept-Language", strings.Repeat("en;q=0.5,", 10<<10))
				return req
			}},
	}
}

// lineBreakCases aim line breaks at the response's headers.
func lineBreakCases() []hostileCase {
	return []hostileCase{
		{name: "line break in the sign-in's next", status: http.StatusSeeOther, effect: oneSession,
			req: signInNext("/admin\r\nSet-Cookie: evil=1"),
			want: func(t *testing.T, w *hostileWorld, rec *httptest.ResponseRecorder, r report.Report) {
				locationIs("/admin")(t, w, rec, r)
				for _, c := range rec.Result().Cookies() {
					if c.Name == "evil" {
						t.Error("the next parameter set a cookie")
					}
				}
			}},
		{name: "line break in a URL sent to the sign-in page", status: http.StatusSeeOther,
			req:  plainGet("/admin/reports?x=%0d%0aSet-Cookie:%20evil=1"),
			want: locationIs("/admin/login?next=%2Fadmin%2Freports%3Fx%3D%250d%250aSet-Cookie%3A%2520evil%3D1")},
		{name: "line breaks in the export's community and dates", status: http.StatusOK,
			req: func(w *hostileWorld) *http.Request {
				return staffGet(w.admin, "/admin/export.csv?community=%0d%0aX-Evil:%201&from=2025-01-01%0d%0aX-Evil:%202&to=%0aX-Evil:3")
			}, want: func(t *testing.T, _ *hostileWorld, rec *httptest.ResponseRecorder, _ report.Report) {
				cd := rec.Header().Get("Content-Disposition")
				if strings.ContainsAny(cd, "\r\n") || !strings.HasPrefix(cd, `attachment; filename="gridline-`) || rec.Header().Get("X-Evil") != "" {
					t.Errorf("Content-Disposition %q", cd)
				}
			}},
		{name: "line break in ?lang=", status: http.StatusOK, want: noSetCookie,
			req: plainGet("/track?lang=en%0d%0aSet-Cookie:%20evil=1")},
		{name: "line break after a typed code", status: http.StatusUnprocessableEntity, want: noSetCookie,
			req: func(w *hostileWorld) *http.Request {
				return plainGet("/track?code=" + w.open.ID + "%0d%0aSet-Cookie:%20evil=1")(w)
			}},
		{name: "line break inside a typed code is dropped", status: http.StatusSeeOther,
			req: func(w *hostileWorld) *http.Request {
				return plainGet("/track?code=" + w.open.ID[:4] + "%0d%0a" + w.open.ID[4:])(w)
			}, want: func(t *testing.T, w *hostileWorld, rec *httptest.ResponseRecorder, r report.Report) {
				locationIs("/t/"+w.open.ID)(t, w, rec, r)
			}},
	}
}

// foreignRedirectCases aim redirects at other sites, and TRACE at the console.
func foreignRedirectCases() []hostileCase {
	return []hostileCase{
		{name: "sign-in next //evil.example", status: http.StatusSeeOther, effect: oneSession,
			req: signInNext("//evil.example/admin"), want: staysOnSite},
		{name: "sign-in next https://evil.example/admin", status: http.StatusSeeOther, effect: oneSession,
			req: signInNext("https://evil.example/admin"), want: staysOnSite},
		{name: `sign-in next /\evil.example`, status: http.StatusSeeOther, effect: oneSession,
			req: signInNext(`/\evil.example`), want: staysOnSite},
		{name: "sign-in next /admin/../..//evil.example", status: http.StatusSeeOther, effect: oneSession,
			req: signInNext("/admin/../..//evil.example"), want: staysOnSite},
		{name: "sign-in page keeps no foreign next", status: http.StatusOK,
			req: plainGet("/admin/login?next=%2F%2Fevil.example"),
			want: func(t *testing.T, _ *hostileWorld, rec *httptest.ResponseRecorder, _ report.Report) {
				if !strings.Contains(rec.Body.String(), `name="next" value="/admin"`) {
					t.Error("the sign-in form carries the foreign next")
				}
			}},
		{name: "path //evil.example", status: http.StatusNotFound,
			req: plainGet("//evil.example/"),
			want: func(t *testing.T, _ *hostileWorld, rec *httptest.ResponseRecorder, _ report.Report) {
				if strings.Contains(rec.Body.String(), "evil.example") {
					t.Error("the page links to the foreign host")
				}
			}},
		{name: "TRACE", status: http.StatusNotFound,
			req: func(w *hostileWorld) *http.Request {
				return as(w.admin, httptest.NewRequest(http.MethodTrace, "/admin", nil))
			}},
	}
}

// staysOnSite checks that a redirect's target is on this site.
func staysOnSite(t *testing.T, _ *hostileWorld, rec *httptest.ResponseRecorder, _ report.Report) {
	loc := rec.Header().Get("Location")
	base, _ := url.Parse("https://gridline.example.org/admin/login")
	u, err := url.Parse(loc)
	if err != nil || base.ResolveReference(u).Host != base.Host || strings.ContainsAny(loc, "\r\n\\") {
		t.Errorf("redirect to %q leaves the site", loc)
	}
}

// noSetCookie checks that the answer sets no cookie.
func noSetCookie(t *testing.T, _ *hostileWorld, rec *httptest.ResponseRecorder, _ report.Report) {
	if sc := rec.Header().Values("Set-Cookie"); len(sc) != 0 {
		t.Errorf("Set-Cookie %q", sc)
	}
}

// signInNext signs the administrator in with next as the page to return to.
func signInNext(next string) func(*hostileWorld) *http.Request {
	return func(w *hostileWorld) *http.Request {
		return w.loginPost(url.Values{"username": {"boss"}, "password": {"boss-password"}, "next": {next}})
	}
}

// overTheWire sends req through a real http.Server with serve.go's limits
// and returns the answer as a recorder.
func (w *hostileWorld) overTheWire(t *testing.T, req *http.Request) *httptest.ResponseRecorder {
	t.Helper()
	if w.wire == nil {
		srv := httptest.NewUnstartedServer(w.app.handler)
		// As in serve.go.
		srv.Config.ReadHeaderTimeout = 10 * time.Second
		srv.Config.ReadTimeout = 3 * time.Minute
		srv.Config.WriteTimeout = 3 * time.Minute
		srv.Config.IdleTimeout = 2 * time.Minute
		srv.Config.MaxHeaderBytes = 64 << 10
		srv.Start()
		w.t.Cleanup(srv.Close)
		w.wire = srv
	}
	out, err := http.NewRequest(req.Method, w.wire.URL+req.URL.RequestURI(), req.Body)
	if err != nil {
		t.Fatal(err)
	}
	out.Header = req.Header.Clone()
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(out)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	rec := httptest.NewRecorder()
	for k, vs := range resp.Header {
		rec.Header()[k] = vs
	}
	rec.WriteHeader(resp.StatusCode)
	io.Copy(rec, resp.Body)
	return rec
}

var hostileCatalog = sync.OnceValues(locale.New)

// pageText is a Chinese message as a page shows it, escaped.
func pageText(t *testing.T, id string) string {
	t.Helper()
	cat, err := hostileCatalog()
	if err != nil {
		t.Fatal(err)
	}
	s, err := cat.T(locale.Chinese, id)
	if err != nil {
		t.Fatal(err)
	}
	return template.HTMLEscapeString(s)
}
