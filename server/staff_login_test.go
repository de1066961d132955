package server_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"gridline/auth"
)

// loginWith fetches the login form in b and posts it with a password.
func loginWith(t *testing.T, b *browser, username, password string) page {
	t.Helper()
	form := b.get("/admin/login")
	return b.post("/admin/login", url.Values{
		"csrf": {csrfOf(t, form.body)}, "username": {username}, "password": {password},
	})
}

// setCookie finds a cookie a response sets.
func setCookie(t *testing.T, res page, name string) *http.Cookie {
	t.Helper()
	for _, line := range res.header.Values("Set-Cookie") {
		c, err := http.ParseSetCookie(line)
		if err != nil {
			t.Fatalf("Set-Cookie %q: %v", line, err)
		}
		if c.Name == name {
			return c
		}
	}
	return nil
}

func TestLoginRefused(t *testing.T) {
	app := newTestApp(t)
	app.user("op", auth.Operator, "北山口镇")
	app.user("gone", auth.Operator, "北山口镇")
	if err := app.store.SetUserDisabled(t.Context(), "gone", true); err != nil {
		t.Fatal(err)
	}
	failed := staffText(t, "login.failed")
	tests := []struct{ name, username, password string }{
		{"wrong password", "op", "op-password!"},
		{"empty password", "op", ""},
		{"unknown account", "nobody", "nobody-password"},
		{"unknown account with the dummy hash's text", "nobody", "no such account"},
		{"empty username with the dummy hash's text", "", "no such account"},
		{"username in another case", "OP", "op-password"},
		{"disabled account, right password", "gone", "gone-password"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := app.browser()
			res := loginWith(t, b, tt.username, tt.password)
			if res.status != http.StatusUnauthorized || !strings.Contains(res.body, failed) {
				t.Errorf("status %d, notice %q", res.status, noticeOf(res.body))
			}
			if sessionToken(b) != "" {
				t.Error("a session cookie was set")
			}
			if tt.username != "" && !strings.Contains(res.body, `value="`+tt.username+`"`) {
				t.Error("the username typed is not kept")
			}
			if res := b.get("/admin"); res.status != http.StatusSeeOther {
				t.Errorf("the console answers %d", res.status)
			}
		})
	}
}

// TestLoginThrottlePerAccount: after five failures for an account even the
// right password is refused for a while, while other accounts still sign in.
func TestLoginThrottlePerAccount(t *testing.T) {
	app := newTestApp(t)
	app.user("op", auth.Operator, "北山口镇")
	app.user("op2", auth.Operator, "北山口镇")
	b := app.browser()
	for i := range 5 {
		if res := loginWith(t, b, "op", fmt.Sprintf("guess-%d", i)); res.status != http.StatusUnauthorized {
			t.Fatalf("failure %d: status %d", i+1, res.status)
		}
	}
	res := loginWith(t, b, "op", "op-password")
	if res.status != http.StatusTooManyRequests || !strings.Contains(res.body, staffText(t, "login.throttled")) {
		t.Errorf("sixth attempt: %d, notice %q", res.status, noticeOf(res.body))
	}
	if res.header.Get("Retry-After") != "900" {
		t.Errorf("Retry-After %q", res.header.Get("Retry-After"))
	}
	if sessionToken(b) != "" {
		t.Error("a throttled login started a session")
	}
	if res := loginWith(t, app.browser(), "op2", "op2-password"); res.status != http.StatusSeeOther {
		t.Errorf("another account from the same address: %d", res.status)
	}
}

// TestLoginThrottlePerAddress: twenty failures from one address, each for a
// different name, stop every login from it.
func TestLoginThrottlePerAddress(t *testing.T) {
	app := newTestApp(t)
	app.user("op", auth.Operator, "北山口镇")
	b := app.browser()
	for i := range 20 {
		if res := loginWith(t, b, fmt.Sprintf("user%02d", i), "whatever-password"); res.status != http.StatusUnauthorized {
			t.Fatalf("failure %d: status %d", i+1, res.status)
		}
	}
	res := loginWith(t, app.browser(), "op", "op-password")
	if res.status != http.StatusTooManyRequests || !strings.Contains(res.body, staffText(t, "login.throttled")) {
		t.Errorf("after 20 failures: %d, notice %q", res.status, noticeOf(res.body))
	}
	if res.header.Get("Retry-After") == "" {
		t.Error("no Retry-After")
	}
}

// TestLoginFormToken: the login form is protected by its own cookie token.
func TestLoginFormToken(t *testing.T) {
	app := newTestApp(t)
	app.user("op", auth.Operator, "北山口镇")
	expired := staffText(t, "login.expired")
	tokenOf := func() string { return csrfOf(t, app.browser().get("/admin/login").body) }

	tests := []struct {
		name   string
		prime  bool // fetch the form first, so the browser holds its cookie
		csrf   func(own string) string
		header map[string]string
	}{
		{"no cookie, a token from another browser", false, func(string) string { return tokenOf() }, nil},
		{"cookie, no token", true, func(string) string { return "" }, nil},
		{"cookie, another browser's token", true, func(string) string { return tokenOf() }, nil},
		{"cookie and token, from another site", true, func(own string) string { return own }, map[string]string{"Origin": "https://evil.example"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := app.browser()
			own := ""
			if tt.prime {
				own = csrfOf(t, b.get("/admin/login").body)
			}
			res := postWith(b, "/admin/login", url.Values{
				"csrf": {tt.csrf(own)}, "username": {"op"}, "password": {"op-password"},
			}, tt.header)
			if res.status != http.StatusForbidden || !strings.Contains(res.body, expired) {
				t.Errorf("status %d, notice %q", res.status, noticeOf(res.body))
			}
			if sessionToken(b) != "" {
				t.Error("a session started")
			}
		})
	}
}

// TestLoginNext: the page asked for before signing in is where a login
// lands, and only when it is inside the console.
func TestLoginNext(t *testing.T) {
	app := newTestApp(t)
	app.user("op", auth.Operator, "北山口镇")
	tests := []struct{ next, want string }{
		{"/admin/reports?status=submitted", "/admin/reports?status=submitted"},
		{"/admin", "/admin"},
		{"", "/admin"},
		{"//evil.example", "/admin"},
		{"//evil.example/admin", "/admin"},
		{"https://evil.example", "/admin"},
		{"https://evil.example/admin", "/admin"},
		{"/\\evil.example", "/admin"},
		{"/admin\\@evil.example", "/admin"},
		{"\\\\evil.example", "/admin"},
		{"javascript:alert(1)", "/admin"},
		{"/admin\r\nSet-Cookie: a=b", "/admin"},
		{"%2F%2Fevil.example", "/admin"},
		{"/track", "/admin"},
		{"/admin/../..//evil.example", "/admin"},
		{"/admin/./reports", "/admin"},
		{"/administrator", "/admin"},
	}
	for _, tt := range tests {
		t.Run(tt.next, func(t *testing.T) {
			b := app.browser()
			form := b.get("/admin/login?next=" + url.QueryEscape(tt.next))
			if !strings.Contains(form.body, `name="next" value="`+strings.ReplaceAll(tt.want, "&", "&amp;")+`"`) {
				t.Errorf("the form carries another next than %q", tt.want)
			}
			res := b.post("/admin/login", url.Values{
				"csrf": {csrfOf(t, form.body)}, "username": {"op"}, "password": {"op-password"}, "next": {tt.next},
			})
			if res.status != http.StatusSeeOther || res.location != tt.want {
				t.Errorf("got %d to %q, want 303 to %q", res.status, res.location, tt.want)
			}
			loc, err := url.Parse(b.base + "/x")
			if err != nil {
				t.Fatal(err)
			}
			if to, err := loc.Parse(res.location); err != nil || to.Host != loc.Host {
				t.Errorf("the redirect leaves the site: %v %v", to, err)
			}
		})
	}
}

// TestSessionCookie checks the session cookie's attributes (the test
// server's base URL is https) and that every login gets a new session.
func TestSessionCookie(t *testing.T) {
	app := newTestApp(t)
	app.user("op", auth.Operator, "北山口镇")
	b := app.browser()
	form := b.get("/admin/login")
	if c := setCookie(t, form, "gridline_login"); c == nil || !c.HttpOnly || !c.Secure || c.SameSite != http.SameSiteLaxMode {
		t.Errorf("login form cookie %+v", c)
	}
	res := b.post("/admin/login", url.Values{"csrf": {csrfOf(t, form.body)}, "username": {"op"}, "password": {"op-password"}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("login: %d", res.status)
	}
	c := setCookie(t, res, "gridline_session")
	if c == nil {
		t.Fatal("no session cookie")
	}
	if !c.HttpOnly || !c.Secure || c.SameSite != http.SameSiteLaxMode || c.Path != "/" || c.MaxAge != 12*3600 {
		t.Errorf("session cookie %+v: want HttpOnly, Secure, SameSite=Lax, Path=/, Max-Age=43200", c)
	}
	if len(c.Value) < 43 {
		t.Errorf("session token %q is short", c.Value)
	}
	if sess, err := app.store.Session(t.Context(), auth.TokenID(c.Value)); err != nil || sess.Username != "op" {
		t.Errorf("stored session %+v, %v", sess, err)
	}
	if _, err := app.store.Session(t.Context(), c.Value); err == nil {
		t.Error("the session is stored under the cookie's secret itself")
	}
	if lc := setCookie(t, res, "gridline_login"); lc == nil || lc.MaxAge >= 0 {
		t.Errorf("the login form cookie is not cleared: %+v", lc)
	}

	again := loginWith(t, b, "op", "op-password")
	if c2 := setCookie(t, again, "gridline_session"); c2 == nil || c2.Value == c.Value {
		t.Error("a second login reused the session token")
	}
}
