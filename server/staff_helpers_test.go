package server_test

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/crypto/bcrypt"

	"gridline/auth"
)

// browser is one person's cookie jar against the real server over HTTP.
type browser struct {
	t      *testing.T
	base   string
	client *http.Client
}

func (a *testApp) browser() *browser {
	a.t.Helper()
	if a.srv == nil {
		a.srv = httptest.NewServer(a.handler)
		a.t.Cleanup(a.srv.Close)
	}
	jar, err := cookiejar.New(nil)
	if err != nil {
		a.t.Fatal(err)
	}
	return &browser{t: a.t, base: a.srv.URL, client: &http.Client{
		Jar:           jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}
}

// page is a response read whole.
type page struct {
	status   int
	body     string
	location string
	header   http.Header
}

func (b *browser) do(req *http.Request) page {
	b.t.Helper()
	resp, err := b.client.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		b.t.Fatal(err)
	}
	return page{status: resp.StatusCode, body: string(body), location: resp.Header.Get("Location"), header: resp.Header}
}

func (b *browser) get(path string) page {
	b.t.Helper()
	req, err := http.NewRequest(http.MethodGet, b.base+path, nil)
	if err != nil {
		b.t.Fatal(err)
	}
	return b.do(req)
}

func (b *browser) post(path string, v url.Values) page {
	b.t.Helper()
	req, err := http.NewRequest(http.MethodPost, b.base+path, strings.NewReader(v.Encode()))
	if err != nil {
		b.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return b.do(req)
}

// csrfOf reads the CSRF token from a rendered staff page.
func csrfOf(t *testing.T, body string) string {
	t.Helper()
	m := regexp.MustCompile(`name="csrf" value="([^"]+)"`).FindStringSubmatch(body)
	if m == nil {
		t.Fatal("no csrf token on the page")
	}
	return m[1]
}

// user creates a staff account with a known password.
func (a *testApp) user(name string, role auth.Role, street string, communities ...string) {
	a.t.Helper()
	h, err := auth.NewHasher(bcrypt.MinCost)
	if err != nil {
		a.t.Fatal(err)
	}
	hash, err := h.Hash(name + "-password")
	if err != nil {
		a.t.Fatal(err)
	}
	u := auth.User{Username: name, Hash: hash, Role: role, Street: street, Communities: communities}
	if err := a.store.CreateUser(context.Background(), u); err != nil {
		a.t.Fatal(err)
	}
}

// login signs a new browser in as name and returns it with its CSRF token.
func (a *testApp) login(name string) (*browser, string) {
	a.t.Helper()
	b := a.browser()
	form := b.get("/admin/login")
	res := b.post("/admin/login", url.Values{
		"csrf": {csrfOf(a.t, form.body)}, "username": {name}, "password": {name + "-password"},
	})
	if res.status != http.StatusSeeOther {
		a.t.Fatalf("login %s: want 303, got %d", name, res.status)
	}
	home := b.get("/admin")
	if home.status != http.StatusOK {
		a.t.Fatalf("console home for %s: %d", name, home.status)
	}
	return b, csrfOf(a.t, home.body)
}
