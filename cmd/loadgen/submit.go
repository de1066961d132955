package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// submission is one report a resident sends, through all its tries.
type submission struct {
	token       string
	description string
	photo       bool
	script      bool          // posted as the form's script does (JSON answers)
	tracking    string        // the acknowledged tracking code; "" if none
	attempts    int           // POSTs sent
	latency     time.Duration // of the acknowledged POST
	total       time.Duration // first POST sent until acknowledged, retries included
	err         error         // why it was not acknowledged
}

// answer is what one POST got.
type answer struct {
	tracking string // set when acknowledged
	retry    bool   // worth sending again with the same token
	err      error
}

// sending is how a resident sends their reports.
type sending struct {
	attempts int           // POSTs at most, and form loads
	think    time.Duration // filling in the form
	script   bool          // as the form's script does (JSON answers)
}

// submit opens the form, fills it in and sends report number i, retrying
// with the same token on network errors, 5xx and 429, as a resident does
// when the phone form says "try again". Retries are bounded in number and
// by ctx.
func (r resident) submit(ctx context.Context, i int, p sending, t *tally) submission {
	s := submission{description: fmt.Sprintf(reportDescription, i), photo: r.photo != nil, script: p.script}
	s.token, s.err = r.openFormRetrying(ctx, p.attempts, t)
	if s.err != nil {
		return s
	}
	if !pause(ctx, p.think) {
		s.err = errors.New("run ended while filling in the form")
		return s
	}
	start := time.Now()
	for s.attempts < p.attempts {
		if s.attempts > 0 && !pause(ctx, backoff(s.attempts)) {
			s.err = fmt.Errorf("run ended after %d tries: %w", s.attempts, s.err)
			return s
		}
		s.attempts++
		sent := time.Now()
		a := r.post(ctx, s, t)
		if a.err == nil {
			s.tracking, s.latency, s.total, s.err = a.tracking, time.Since(sent), time.Since(start), nil
			return s
		}
		s.err = a.err
		if !a.retry || ctx.Err() != nil {
			return s
		}
	}
	s.err = fmt.Errorf("gave up after %d tries: %w", s.attempts, s.err)
	return s
}

// post sends one try and classifies the answer. A 503 must keep the
// resident's work: the page shows their text again, and the script's JSON
// hands back the same token (the script keeps the draft itself).
func (r resident) post(ctx context.Context, s submission, t *tally) answer {
	req, err := r.postRequest(ctx, s.token, s.description, s.script)
	if err != nil {
		return answer{err: err}
	}
	resp, err := r.client.Do(req)
	if err != nil {
		t.count("POST", 0)
		return answer{retry: true, err: fmt.Errorf("POST form: %w", err)}
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	resp.Body.Close()
	t.count("POST", resp.StatusCode)
	switch {
	case err != nil:
		return answer{retry: true, err: fmt.Errorf("POST form: reading the answer: %w", err)}
	case resp.StatusCode == http.StatusSeeOther && !s.script:
		return trackingAnswer(resp.Header.Get("Location"))
	case resp.StatusCode == http.StatusOK && s.script:
		var a struct{ URL string }
		if err := json.Unmarshal(body, &a); err != nil {
			return answer{err: fmt.Errorf("POST form: 200 without the script's JSON: %w", err)}
		}
		return trackingAnswer(a.URL)
	case resp.StatusCode == http.StatusServiceUnavailable:
		t.saw503(keptWork(s, body), body)
	}
	retry := resp.StatusCode >= 500 || resp.StatusCode == http.StatusTooManyRequests
	return answer{retry: retry, err: &statusError{op: "POST form", status: resp.StatusCode}}
}

// trackingAnswer reads the tracking code from the address the answer sends
// the resident to, /t/CODE?new=1.
func trackingAnswer(location string) answer {
	u, err := url.Parse(location)
	if err != nil {
		return answer{err: fmt.Errorf("POST form: acknowledged with %q: %w", location, err)}
	}
	code, ok := strings.CutPrefix(u.Path, "/t/")
	if !ok || code == "" || strings.Contains(code, "/") {
		return answer{err: fmt.Errorf("POST form: acknowledged with %q, not a tracking page", location)}
	}
	return answer{tracking: code}
}

// keptWork reports whether a 503 answer kept what the resident sent.
func keptWork(s submission, body []byte) bool {
	if s.script {
		var a struct{ Notice, Token string }
		return json.Unmarshal(body, &a) == nil && a.Notice != "" && a.Token == s.token
	}
	return bytes.Contains(body, []byte(html.EscapeString(s.description)))
}

// openFormRetrying loads the form until it gives a token, as a resident
// reloads a page that did not come.
func (r resident) openFormRetrying(ctx context.Context, attempts int, t *tally) (string, error) {
	var err error
	for try := range attempts {
		if try > 0 && !pause(ctx, backoff(try)) {
			break
		}
		var token string
		token, err = r.openForm(ctx)
		var se *statusError
		switch {
		case err == nil:
			t.count("GET form", http.StatusOK)
			return token, nil
		case errors.As(err, &se):
			t.count("GET form", se.status)
			if se.status < 500 && se.status != http.StatusTooManyRequests {
				return "", err
			}
		default:
			t.count("GET form", 0)
		}
	}
	return "", fmt.Errorf("no form: %w", errors.Join(err, ctx.Err()))
}

// backoff is the wait before try n+1: 250 ms doubling to at most 4 s.
func backoff(n int) time.Duration {
	return min(250*time.Millisecond<<min(n-1, 5), 4*time.Second)
}

// pause waits d, or reports false when ctx ends first.
func pause(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}
