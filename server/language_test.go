package server_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"gridline/locale"
)

// TestLanguage: Chinese unless the browser or the resident asks for English;
// the choice on the page is remembered in a cookie.
func TestLanguage(t *testing.T) {
	app := newTestApp(t)
	c := app.community("春和社区", "北山口镇")
	form := "/c/" + c.Code
	tests := []struct {
		name, target, acceptLanguage, cookie string
		want                                 string
		setsCookie                           string
	}{
		{name: "default", target: form, want: locale.Chinese},
		{name: "Accept-Language en", target: form, acceptLanguage: "en", want: locale.English},
		{name: "Accept-Language en-US", target: form, acceptLanguage: "en-US,en;q=0.9", want: locale.English},
		{name: "Accept-Language Chinese first", target: form, acceptLanguage: "zh-CN,zh;q=0.9,en;q=0.8", want: locale.Chinese},
		{name: "Accept-Language Taiwan", target: form, acceptLanguage: "zh-TW", want: locale.Chinese},
		{name: "Accept-Language French", target: form, acceptLanguage: "fr-FR", want: locale.Chinese},
		{name: "Accept-Language garbage", target: form, acceptLanguage: ";;;q=x,,", want: locale.Chinese},
		{name: "?lang=en", target: form + "?lang=en", want: locale.English, setsCookie: locale.English},
		{name: "?lang=en beats Accept-Language", target: form + "?lang=en", acceptLanguage: "zh-CN", want: locale.English, setsCookie: locale.English},
		{name: "cookie", target: form, cookie: locale.English, want: locale.English},
		{name: "cookie beats Accept-Language", target: form, cookie: locale.English, acceptLanguage: "zh-CN", want: locale.English},
		{name: "?lang=zh-CN beats the cookie", target: form + "?lang=zh-CN", cookie: locale.English, want: locale.Chinese, setsCookie: locale.Chinese},
		{name: "unsupported ?lang", target: form + "?lang=fr", want: locale.Chinese},
		{name: "forged cookie", target: form, cookie: "../../etc", want: locale.Chinese},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest(http.MethodGet, tt.target, nil)
			if tt.acceptLanguage != "" {
				req.Header.Set("Accept-Language", tt.acceptLanguage)
			}
			if tt.cookie != "" {
				req.AddCookie(&http.Cookie{Name: "lang", Value: tt.cookie})
			}
			rec := app.do(req)
			expectPage(t, rec, http.StatusOK, `<html lang="`+tt.want+`">`,
				message(t, tt.want, "form.title"), message(t, tt.want, "form.submit"), message(t, tt.want, "form.description"))
			var got string
			for _, ck := range rec.Result().Cookies() {
				if ck.Name == "lang" {
					got = ck.Value
					if !ck.HttpOnly || ck.Path != "/" {
						t.Errorf("cookie %v, want HttpOnly on /", ck)
					}
				}
			}
			if got != tt.setsCookie {
				t.Errorf("sets cookie lang=%q, want %q", got, tt.setsCookie)
			}
		})
	}
}

// TestLanguageOfRefusedForm: the messages beside the fields follow the language.
func TestLanguageOfRefusedForm(t *testing.T) {
	app := newTestApp(t)
	c := app.community("春和社区", "北山口镇")
	for _, lang := range locale.Langs() {
		t.Run(lang, func(t *testing.T) {
			fields := validFields(app.formToken(c.Code))
			fields.Set("description", "路灯坏了")
			req := multipartReport(t, "/c/"+c.Code, fields)
			req.AddCookie(&http.Cookie{Name: "lang", Value: lang})
			expectPage(t, app.do(req), http.StatusUnprocessableEntity,
				fieldMessage(t, lang, "description", "field.description.min"), message(t, lang, "form.fix_errors"))
			app.expectNothingStored(t)
		})
	}
}

// TestSecurityHeaders: every kind of response forbids inline script, framing
// and content sniffing.
func TestSecurityHeaders(t *testing.T) {
	app := newTestApp(t)
	c := app.community("春和社区", "北山口镇")
	short := validFields(app.formToken(c.Code))
	short.Set("description", "短")
	requests := map[string]*http.Request{
		"form":           httptest.NewRequest(http.MethodGet, "/c/"+c.Code, nil),
		"refused form":   multipartReport(t, "/c/"+c.Code, short),
		"look-up":        httptest.NewRequest(http.MethodGet, "/track", nil),
		"not found":      httptest.NewRequest(http.MethodGet, "/no/such/page", nil),
		"community gone": httptest.NewRequest(http.MethodGet, "/c/ZZZZZZ", nil),
		"QR code":        httptest.NewRequest(http.MethodGet, "/c/"+c.Code+"/qr.png", nil),
	}
	for name, req := range requests {
		t.Run(name, func(t *testing.T) {
			h := app.do(req).Header()
			csp := h.Get("Content-Security-Policy")
			if csp == "" || strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "unsafe-eval") ||
				!strings.Contains(csp, "frame-ancestors 'none'") || !strings.Contains(csp, "default-src 'self'") ||
				!strings.Contains(csp, "object-src 'none'") {
				t.Errorf("Content-Security-Policy %q", csp)
			}
			if got := h.Get("X-Content-Type-Options"); got != "nosniff" {
				t.Errorf("X-Content-Type-Options %q", got)
			}
			if got := h.Get("X-Frame-Options"); got != "DENY" {
				t.Errorf("X-Frame-Options %q", got)
			}
			if got := h.Get("Referrer-Policy"); got == "" || got == "unsafe-url" {
				t.Errorf("Referrer-Policy %q", got)
			}
		})
	}
}
