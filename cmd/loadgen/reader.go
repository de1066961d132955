package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"time"
)

// maxViews bounds one reader's page views, whatever -read-pause says.
const maxViews = 100_000

// codebook holds the tracking codes acknowledged so far, for readers.
type codebook struct {
	mu    sync.Mutex
	codes []string
}

func (b *codebook) add(code string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.codes = append(b.codes, code)
}

func (b *codebook) pick(rnd *rand.Rand) (string, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.codes) == 0 {
		return "", false
	}
	return b.codes[rnd.IntN(len(b.codes))], true
}

// reader is a member of staff (or a curious resident) reading pages while
// residents submit: tracking pages of acknowledged reports, the look-up
// form, the community pages and, signed in, the console's inbox.
type reader struct {
	client    *http.Client
	base      string
	community string
	book      *codebook
	staff     bool
}

// page is one page a reader opens.
type page struct{ kind, path string }

// next chooses the i-th page: the kinds in turn, reports at random.
func (r reader) next(i int, rnd *rand.Rand) page {
	code, ok := r.book.pick(rnd)
	pages := []page{{"community list", "/communities"}, {"community page", "/communities/" + r.community}}
	if ok {
		pages = append(pages, page{"tracking page", "/t/" + code},
			page{"track look-up", "/track?code=" + url.QueryEscape(strings.ToLower(code))})
	}
	if r.staff {
		pages = append(pages, page{"staff inbox", "/admin/reports"})
		if ok {
			pages = append(pages, page{"staff report", "/admin/reports/" + code})
		}
	}
	return pages[i%len(pages)]
}

// read opens pages until ctx ends, pausing between them.
func (r reader) read(ctx context.Context, seed uint64, every time.Duration, t *tally) {
	rnd := rand.New(rand.NewPCG(seed, 1))
	for i := range maxViews {
		p := r.next(i, rnd)
		start := time.Now()
		status := r.get(ctx, p.path)
		if ctx.Err() != nil {
			return // cut off by the end of the run, not by the server
		}
		t.read(p.kind, status, time.Since(start))
		if !pause(ctx, every) {
			return
		}
	}
}

// get opens a page and returns its status, or 0 when there was no answer.
func (r reader) get(ctx context.Context, path string) int {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, r.base+path, nil)
	if err != nil {
		return 0
	}
	resp, err := r.client.Do(req)
	if err != nil {
		return 0
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode
}

var csrfInput = regexp.MustCompile(`<input\b[^>]*\bname="csrf"[^>]*>`)

// signIn gives the reader a staff session: its own cookie jar, the login
// form's CSRF token, and the password.
func (r *reader) signIn(ctx context.Context, user, password string) error {
	jar, err := cookiejar.New(nil)
	if err != nil {
		return err
	}
	c := *r.client
	c.Jar = jar
	r.client, r.staff = &c, true
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, r.base+"/admin/login", nil)
	if err != nil {
		return err
	}
	resp, err := r.client.Do(req)
	if err != nil {
		return fmt.Errorf("sign in: %w", err)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	resp.Body.Close()
	if err != nil {
		return fmt.Errorf("sign in: %w", err)
	}
	m := valueAttr.FindSubmatch(csrfInput.Find(body))
	if m == nil {
		return errors.New("sign in: no CSRF token on the login page")
	}
	form := url.Values{"username": {user}, "password": {password}, "csrf": {string(m[1])}, "next": {"/admin/reports"}}
	req, err = http.NewRequestWithContext(ctx, http.MethodPost, r.base+"/admin/login", strings.NewReader(form.Encode()))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", r.base)
	if resp, err = r.client.Do(req); err != nil {
		return fmt.Errorf("sign in: %w", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		return fmt.Errorf("sign in as %s: status %d, want 303", user, resp.StatusCode)
	}
	return nil
}
