package server_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"gridline/locale"
)

// TestMissingCommunity: every route under /c/ answers an unknown, malformed or
// disabled community code with a friendly 404 page, and stores nothing.
func TestMissingCommunity(t *testing.T) {
	app := newTestApp(t)
	live := app.community("春和社区", "北山口镇")
	off := app.community("停用社区", "北山口镇")
	off.Disabled = true
	if err := app.store.UpdateCommunity(context.Background(), off); err != nil {
		t.Fatal(err)
	}
	unknown := "ZZZZZZ"
	if live.Code == unknown || off.Code == unknown {
		unknown = "YYYYYY"
	}
	community := message(t, locale.Chinese, "error.community.message")
	page := message(t, locale.Chinese, "error.not_found.message")
	codes := []struct {
		name, path string // path is the escaped code
		want       string
	}{
		{"unknown", unknown, community},
		{"unknown, lower case", strings.ToLower(unknown), community},
		{"disabled", off.Code, community},
		{"too short", "ABC", community},
		{"letter not in the alphabet", live.Code[:5] + "U", community},
		{"very long", strings.Repeat("A", 5000), community},
		{"dot dot", "..", community},
		{"NUL byte", "%00", community},
		{"Chinese", url.PathEscape("春和社区"), community},
		{"script", url.PathEscape("<script>"), community},
		{"escaped path tricks", "..%2fetc", page},
		{"path tricks", "../etc", page},
	}
	routes := []struct {
		method, suffix string
	}{
		{http.MethodGet, ""},
		{http.MethodPost, ""},
		{http.MethodGet, "/qr.png"},
		{http.MethodGet, "/qr.svg"},
	}
	for _, code := range codes {
		for _, route := range routes {
			target := "/c/" + code.path + route.suffix
			t.Run(code.name+" "+route.method+" "+route.suffix, func(t *testing.T) {
				req := multipartReport(t, target, validFields(randomToken(t)), smallJPEG(t))
				req.Method = route.method
				rec := app.do(req)
				expectPage(t, rec, http.StatusNotFound, code.want)
				if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
					t.Errorf("Content-Type %q, want an HTML page", ct)
				}
				if strings.Contains(rec.Body.String(), "<script>") {
					t.Error("the code reached the page unescaped")
				}
				app.expectNothingStored(t)
			})
		}
	}
}
