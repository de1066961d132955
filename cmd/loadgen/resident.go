package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"html"
	"io"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"regexp"
	"strings"
	"sync"
	"time"
)

// Report fields every simulated resident sends.
const (
	reportCategory    = "市容环境"
	reportDescription = "小区门口垃圾堆放多日无人清运，气味很大（压力测试 %d）"
)

// resident is one simulated resident: they open the form the community's QR
// code leads to and send a report with one photo (or none).
type resident struct {
	client    *http.Client
	base      string // loopback, no trailing slash
	community string
	photo     []byte // nil: no photo
}

// result is the outcome of one resident's visit.
type result struct {
	latency time.Duration // of the upload: POST sent until its answer
	err     error         // nil when the report was acknowledged
}

// errNotStarted marks visits the run ended (-timeout, ^C) before they began.
var errNotStarted = errors.New("not started before the run ended")

// visitAll sends n residents, at most concurrency at a time, and returns one
// result per visit.
func visitAll(ctx context.Context, r resident, concurrency, n int) []result {
	results := make([]result, n)
	for i := range results {
		results[i].err = errNotStarted
	}
	visits := make(chan int)
	var wg sync.WaitGroup
	for range concurrency {
		wg.Go(func() {
			for i := range visits {
				results[i] = r.visit(ctx, i)
			}
		})
	}
feed:
	for i := range n {
		select {
		case visits <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(visits)
	wg.Wait()
	return results
}

// visit opens the form, then posts report number i with the photo. Only a
// 303 to a tracking page counts as acknowledged.
func (r resident) visit(ctx context.Context, i int) result {
	token, err := r.openForm(ctx)
	if err != nil {
		return result{err: err}
	}
	req, err := r.postRequest(ctx, token, fmt.Sprintf(reportDescription, i), false)
	if err != nil {
		return result{err: err}
	}
	start := time.Now()
	resp, err := r.client.Do(req)
	if err != nil {
		return result{err: fmt.Errorf("POST form: %w", err)}
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	latency := time.Since(start)
	if resp.StatusCode != http.StatusSeeOther {
		return result{latency: latency, err: fmt.Errorf("POST form: status %d", resp.StatusCode)}
	}
	if loc := resp.Header.Get("Location"); !strings.HasPrefix(loc, "/t/") {
		return result{latency: latency, err: fmt.Errorf("POST form: 303 to %q, not a tracking page", loc)}
	}
	return result{latency: latency}
}

// postRequest is the form's POST, as a browser sends it, or as the form's
// script does when script is true (it asks for a JSON answer).
func (r resident) postRequest(ctx context.Context, token, description string, script bool) (*http.Request, error) {
	body, contentType, err := reportBody(token, description, r.photo)
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, r.base+"/c/"+r.community, body)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", contentType)
	req.Header.Set("Origin", r.base)
	if script {
		req.Header.Set("Accept", "application/json")
	}
	return req, nil
}

// openForm fetches the report form and returns its one-time submission token.
func (r resident) openForm(ctx context.Context) (string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, r.base+"/c/"+r.community, nil)
	if err != nil {
		return "", err
	}
	resp, err := r.client.Do(req)
	if err != nil {
		return "", fmt.Errorf("GET form: %w", err)
	}
	defer resp.Body.Close()
	page, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return "", fmt.Errorf("GET form: %w", err)
	}
	if resp.StatusCode != http.StatusOK {
		return "", &statusError{op: "GET form", status: resp.StatusCode}
	}
	return formToken(page)
}

var (
	tokenInput = regexp.MustCompile(`<input\b[^>]*\bname="token"[^>]*>`)
	valueAttr  = regexp.MustCompile(`\bvalue="([^"]*)"`)
)

// formToken finds the hidden token input of the report form, whatever the
// order of its attributes.
func formToken(page []byte) (string, error) {
	input := tokenInput.Find(page)
	if input == nil {
		return "", errors.New("GET form: no token field in the page")
	}
	m := valueAttr.FindSubmatch(input)
	if m == nil || len(m[1]) == 0 {
		return "", errors.New("GET form: token field has no value")
	}
	return html.UnescapeString(string(m[1])), nil
}

// statusError is an answer with an unexpected HTTP status.
type statusError struct {
	op     string
	status int
}

func (e *statusError) Error() string { return fmt.Sprintf("%s: status %d", e.op, e.status) }

// reportBody is the multipart body a browser sends for the form, with the
// photo (if any) as the one file of the "photos" field.
func reportBody(token, description string, photo []byte) (*bytes.Buffer, string, error) {
	var buf bytes.Buffer
	buf.Grow(len(photo) + 4<<10)
	w := multipart.NewWriter(&buf)
	for _, f := range [][2]string{
		{"token", token}, {"category", reportCategory}, {"description", description},
		{"location", ""}, {"name", ""}, {"phone", ""},
	} {
		if err := w.WriteField(f[0], f[1]); err != nil {
			return nil, "", err
		}
	}
	if photo == nil {
		return &buf, w.FormDataContentType(), w.Close()
	}
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", `form-data; name="photos"; filename="IMG_20250402_091230.jpg"`)
	h.Set("Content-Type", "image/jpeg")
	part, err := w.CreatePart(h)
	if err != nil {
		return nil, "", err
	}
	if _, err := part.Write(photo); err != nil {
		return nil, "", err
	}
	if err := w.Close(); err != nil {
		return nil, "", err
	}
	return &buf, w.FormDataContentType(), nil
}
