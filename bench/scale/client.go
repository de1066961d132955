package main

import (
	"bytes"
	"context"
	"fmt"
	"html"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/textproto"
	"net/url"
	"regexp"
	"strings"
	"time"
)

// formType is the encoding of the staff forms, which carry no files.
const formType = "application/x-www-form-urlencoded"

// client talks to Gridline as one browser does: keep-alive connections, a
// cookie jar for the staff session, and redirects not followed, so that a
// POST's 303 is the answer that is timed and checked.
type client struct {
	base string
	hc   *http.Client
}

func newClient(base string, timeout time.Duration) (*client, error) {
	jar, err := cookiejar.New(nil)
	if err != nil {
		return nil, err
	}
	return &client{base: base, hc: &http.Client{
		Jar:           jar,
		Timeout:       timeout,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}, nil
}

// response is what the benchmark keeps of an answer.
type response struct {
	body     []byte
	location string
	elapsed  time.Duration // from sending the request to the body's last byte
}

// do sends req and reads the whole answer. Any status but want is an error,
// so a broken page cannot pass for a fast one.
func (c *client) do(req *http.Request, want int) (response, error) {
	req.Header.Set("Accept-Language", "zh-CN,zh;q=0.9,en;q=0.5")
	start := time.Now()
	resp, err := c.hc.Do(req)
	if err != nil {
		return response{}, fmt.Errorf("%s %s: %w", req.Method, req.URL.RequestURI(), err)
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	elapsed := time.Since(start)
	if err != nil {
		return response{}, fmt.Errorf("%s %s: read body: %w", req.Method, req.URL.RequestURI(), err)
	}
	if resp.StatusCode != want {
		return response{}, fmt.Errorf("%s %s: status %d, want %d (%s)",
			req.Method, req.URL.RequestURI(), resp.StatusCode, want, pageTitle(body))
	}
	return response{body: body, location: resp.Header.Get("Location"), elapsed: elapsed}, nil
}

// get fetches a page that must answer 200.
func (c *client) get(ctx context.Context, path string) (response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.base+path, nil)
	if err != nil {
		return response{}, err
	}
	return c.do(req, http.StatusOK)
}

// post sends a form from one of the application's pages (so with its
// Origin, as a browser does) and wants a 303 to a location starting with
// wantPrefix: an error page or a form shown again fails.
func (c *client) post(ctx context.Context, path, contentType string, body []byte, wantPrefix string) (response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.base+path, bytes.NewReader(body))
	if err != nil {
		return response{}, err
	}
	req.Header.Set("Content-Type", contentType)
	req.Header.Set("Origin", c.base)
	resp, err := c.do(req, http.StatusSeeOther)
	if err == nil && !strings.HasPrefix(resp.location, wantPrefix) {
		err = fmt.Errorf("POST %s: redirected to %q, want %s…", path, resp.location, wantPrefix)
	}
	return resp, err
}

// login signs in through the login page, whose cookie and hidden token the
// POST must carry.
func (c *client) login(ctx context.Context, user, password string) error {
	page, err := c.get(ctx, "/admin/login")
	if err != nil {
		return err
	}
	token, err := hiddenField(page.body, "csrf")
	if err != nil {
		return fmt.Errorf("login page: %w", err)
	}
	form := url.Values{"csrf": {token}, "next": {"/admin"}, "username": {user}, "password": {password}}
	if _, err := c.post(ctx, "/admin/login", formType, []byte(form.Encode()), "/admin"); err != nil {
		return fmt.Errorf("sign in as %s: %w", user, err)
	}
	return nil
}

// reportForm is the resident's form as a browser sends it without photos:
// multipart, the fields in the page's order (the geolocation ones empty),
// and each of the two file inputs as an empty part.
func reportForm(token, category, description, location string) ([]byte, string, error) {
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	fields := [][2]string{
		{"token", token}, {"website", ""}, {"category", category}, {"description", description},
		{"location", location}, {"lat", ""}, {"lng", ""}, {"accuracy", ""}, {"name", ""}, {"phone", ""},
	}
	for _, f := range fields {
		if err := w.WriteField(f[0], f[1]); err != nil {
			return nil, "", err
		}
	}
	for range 2 {
		h := textproto.MIMEHeader{}
		h.Set("Content-Disposition", `form-data; name="photos"; filename=""`)
		h.Set("Content-Type", "application/octet-stream")
		if _, err := w.CreatePart(h); err != nil {
			return nil, "", err
		}
	}
	if err := w.Close(); err != nil {
		return nil, "", err
	}
	return buf.Bytes(), w.FormDataContentType(), nil
}

var (
	titleRE  = regexp.MustCompile(`<title>([^<]*)</title>`)
	optionRE = regexp.MustCompile(`<option value="([^"]+)"`)
)

// hiddenField reads the value of the first input called name in a page.
func hiddenField(page []byte, name string) (string, error) {
	re := regexp.MustCompile(`name="` + regexp.QuoteMeta(name) + `" value="([^"]*)"`)
	m := re.FindSubmatch(page)
	if m == nil || len(m[1]) == 0 {
		return "", fmt.Errorf("no %q field in the page", name)
	}
	return html.UnescapeString(string(m[1])), nil
}

// links lists the distinct first groups of re's matches in page, in order.
func links(page []byte, re *regexp.Regexp) []string {
	var out []string
	seen := map[string]bool{}
	for _, m := range re.FindAllSubmatch(page, -1) {
		if s := html.UnescapeString(string(m[1])); !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// pageTitle names an unexpected answer in an error message.
func pageTitle(body []byte) string {
	if m := titleRE.FindSubmatch(body); m != nil {
		return strings.TrimSpace(html.UnescapeString(string(m[1])))
	}
	return fmt.Sprintf("%d bytes, no title", len(body))
}
