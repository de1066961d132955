package server_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"gridline/report"
	"gridline/static"
)

// pathCases put path traversal into every id a URL carries. Ids are checked
// for their exact shape before any file or database access, so each is a 404.
func pathCases() []hostileCase {
	notFound := http.StatusNotFound
	noSource := func(t *testing.T, _ *hostileWorld, rec *httptest.ResponseRecorder, _ report.Report) {
		if body := rec.Body.String(); strings.Contains(body, "module gridline") || strings.Contains(body, "package ") {
			t.Error("the answer carries source files")
		}
	}
	return []hostileCase{
		{name: "photo id ..%2f..%2fetc%2fpasswd", status: notFound, want: noSource, req: plainGet("/p/..%2f..%2fetc%2fpasswd")},
		{name: "thumbnail id %2e%2e%2f%2e%2e%2fgo.mod", status: notFound, want: noSource, req: plainGet("/p/%2e%2e%2f%2e%2e%2fgo.mod/thumb")},
		{name: "photo path ../../../go.mod", status: notFound, want: noSource, req: plainGet("/p/../../../go.mod")},
		{name: "photo id with a NUL byte", status: notFound, req: plainGet("/p/0123456789abcdef0123456789abcde%00")},
		{name: "tracking path /t/../../etc", status: notFound, req: plainGet("/t/../../etc")},
		{name: "tracking id ..%2f..%2fetc%2fpasswd", status: notFound, req: plainGet("/t/..%2f..%2fetc%2fpasswd")},
		{name: "rating a ..%2f..%2fadmin report", status: notFound,
			req: func(w *hostileWorld) *http.Request {
				return urlencoded("/t/..%2f..%2fadmin/rate", url.Values{"rating": {"satisfied"}})
			}},
		{name: "community id ..%2fadmin", status: notFound, req: plainGet("/c/..%2fadmin")},
		{name: "community id %2e%2e", status: notFound, req: plainGet("/c/%2e%2e")},
		{name: "report posted to community ..%2fadmin", status: notFound,
			req: func(w *hostileWorld) *http.Request { return multipartReport(w.t, "/c/..%2fadmin", w.fields()) }},
		{name: "QR code of community ..%2f..%2fgo.mod", status: notFound, want: noSource, req: plainGet("/c/..%2f..%2fgo.mod/qr.png")},
		{name: "community page ..%2fadmin", status: notFound, req: plainGet("/communities/..%2fadmin")},
		{name: "poster of community ..%2f..%2fgo.mod", status: notFound, want: noSource,
			req: func(w *hostileWorld) *http.Request { return staffGet(w.admin, "/admin/posters/..%2f..%2fgo.mod") }},
		{name: "poster PDF of community %2e%2e.pdf", status: notFound,
			req: func(w *hostileWorld) *http.Request { return staffGet(w.admin, "/admin/posters/%2e%2e.pdf") }},
		{name: "static /static/x/../../go.mod", status: notFound, want: noSource, req: plainGet("/static/x/../../go.mod")},
		{name: "static name ..%2f..%2fgo.mod under the real hash", status: notFound, want: noSource,
			req: func(w *hostileWorld) *http.Request {
				return plainGet(strings.Replace(assetURL(w.t, "css/app.css"), "css/app.css", "..%2f..%2fgo.mod", 1))(w)
			}},
		{name: "static name css/../../static/embed.go", status: notFound, want: noSource,
			req: func(w *hostileWorld) *http.Request {
				return plainGet(strings.Replace(assetURL(w.t, "css/app.css"), "css/app.css", "css/../../static/embed.go", 1))(w)
			}},
		{name: "staff report id ..%2f..", status: notFound,
			req: func(w *hostileWorld) *http.Request { return staffGet(w.admin, "/admin/reports/..%2f..") }},
		{name: "staff action on report ..%2f..%2fusers", status: notFound,
			req: func(w *hostileWorld) *http.Request {
				return staffPost(w.admin, "/admin/reports/..%2f..%2fusers/accept", url.Values{"public": {"x"}})
			}},
		{name: "community to edit ..%2f..%2fusers", status: notFound,
			req: func(w *hostileWorld) *http.Request { return staffGet(w.admin, "/admin/communities/..%2f..%2fusers") }},
		{name: "community to save ..%2f..%2fusers", status: notFound,
			req: func(w *hostileWorld) *http.Request {
				return staffPost(w.admin, "/admin/communities/..%2f..%2fusers", url.Values{"name": {"x"}, "street": {"y"}})
			}},
		{name: "account to disable ..%2fboss", status: notFound,
			req: func(w *hostileWorld) *http.Request {
				return staffPost(w.admin, "/admin/users/..%2fboss/disabled", url.Values{"disabled": {"1"}})
			}},
		{name: "account to disable %2e%2e", status: notFound,
			req: func(w *hostileWorld) *http.Request {
				return staffPost(w.admin, "/admin/users/%2e%2e/disabled", url.Values{"disabled": {"1"}})
			}},
	}
}

// assetURL is the current URL of an embedded file.
func assetURL(t *testing.T, name string) string {
	t.Helper()
	assets, err := static.New()
	if err != nil {
		t.Fatal(err)
	}
	u, err := assets.URL(name)
	if err != nil {
		t.Fatal(err)
	}
	return u
}
