package server_test

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"
)

// TestHostileStalledUploads is the slot-holding attack over real TCP: sixteen
// POSTs from one address send their headers, a token and the first bytes of
// a JPEG, then stop. A resident at another address still sends a photo
// report at once; every stalled connection is answered or closed within a
// few windows; and afterwards the slots are free again.
func TestHostileStalledUploads(t *testing.T) {
	app := newTestAppWith(t, map[string]string{
		// The submission rate is off, so the address's upload slots alone
		// must stop the attack; addresses come from X-Forwarded-For.
		"GRIDLINE_RATE_SUBMIT": "0", "GRIDLINE_RATE_LOOKUP": "0", "GRIDLINE_RATE_LOGIN": "0",
		"GRIDLINE_TRUSTED_PROXIES": "127.0.0.1", "GRIDLINE_BODY_STALL": "1s",
	})
	c := app.community("春和社区", "北山口镇")
	srv := httptest.NewServer(app.handler)
	t.Cleanup(srv.Close) // runs after the stalled connections are closed
	const attacker, resident = "203.0.113.9", "198.51.100.20"

	stalled := make([]net.Conn, 16)
	for i := range stalled {
		stalled[i] = stallUpload(t, srv.Listener.Addr().String(), "/c/"+c.Code, attacker)
	}
	// The two the address is allowed reach their photo and hold upload slots.
	app.waitForGauge(t, "gridline_uploads_in_progress", 2)

	start := time.Now()
	code := postReport(t, srv.URL+"/c/"+c.Code, resident, validFields(app.formToken(c.Code)), smallJPEG(t))
	waited := time.Since(start)
	t.Logf("the resident at another address waited %v for %d", waited.Round(time.Millisecond), code)
	if code != http.StatusSeeOther {
		t.Fatalf("the resident's report: %d after %v, want 303", code, waited)
	}
	if waited > 2*time.Second {
		t.Errorf("the resident waited %v", waited)
	}

	start = time.Now()
	answers, pages := answered(t, stalled, 30*time.Second)
	t.Logf("the 16 stalled connections, all settled within %v: %v", time.Since(start).Round(time.Millisecond), answers)
	if answers["408 Request Timeout"] < 2 {
		t.Errorf("want the two slot holders cut off with 408, got %v", answers)
	}
	if want := message(t, "zh-CN", "limits.form_too_slow"); !strings.Contains(pages[http.StatusRequestTimeout], want) {
		t.Errorf("the 408 page does not say %q", want)
	}

	code = postReport(t, srv.URL+"/c/"+c.Code, attacker, validFields(app.formToken(c.Code)), smallJPEG(t))
	if code != http.StatusSeeOther {
		t.Errorf("a report from the attacker's address afterwards: %d, want 303 (slots freed)", code)
	}
}

// stallUpload opens a report POST that promises a 1 MB body, sends a token
// and the first bytes of a JPEG, and then stops.
func stallUpload(t *testing.T, addr, path, from string) net.Conn {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	body := "--B\r\nContent-Disposition: form-data; name=\"token\"\r\n\r\n" + randomToken(t) + "\r\n" +
		"--B\r\nContent-Disposition: form-data; name=\"photos\"; filename=\"a.jpg\"\r\n" +
		"Content-Type: image/jpeg\r\n\r\n\xff\xd8\xff"
	_, err = fmt.Fprintf(conn, "POST %s HTTP/1.1\r\nHost: %s\r\nX-Forwarded-For: %s\r\n"+
		"Content-Type: multipart/form-data; boundary=B\r\nContent-Length: %d\r\n\r\n%s", path, addr, from, 1<<20, body)
	if err != nil {
		t.Fatal(err)
	}
	return conn
}

// answered waits, until the deadline, for each connection to be answered
// or closed; it tallies what happened to them, with one page per status.
func answered(t *testing.T, conns []net.Conn, within time.Duration) (map[string]int, map[int]string) {
	t.Helper()
	deadline := time.Now().Add(within)
	tally, pages := map[string]int{}, map[int]string{}
	for i, conn := range conns {
		conn.SetReadDeadline(deadline)
		resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
		switch {
		case err == nil:
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			tally[resp.Status]++
			pages[resp.StatusCode] = string(b)
		case errors.Is(err, os.ErrDeadlineExceeded):
			t.Errorf("stalled connection %d: neither answered nor closed after %v", i, within)
		default:
			tally["closed"]++
		}
	}
	return tally, pages
}

// TestSlowUploadIsNotCut: a report that keeps arriving, at 16 KB/s for
// three seconds, is not taken for a stalled one (8 KB/s over 1 s windows).
func TestSlowUploadIsNotCut(t *testing.T) {
	app := newTestAppWith(t, map[string]string{
		"GRIDLINE_RATE_SUBMIT": "0", "GRIDLINE_RATE_LOOKUP": "0", "GRIDLINE_RATE_LOGIN": "0", "GRIDLINE_BODY_STALL": "1s",
	})
	c := app.community("春和社区", "北山口镇")
	srv := httptest.NewServer(app.handler)
	t.Cleanup(srv.Close)
	photo := append(smallJPEG(t), make([]byte, 48<<10)...) // padding after the image's end
	ctype, body := reportBody(validFields(app.formToken(c.Code)), photo)
	req, err := http.NewRequest(http.MethodPost, srv.URL+"/c/"+c.Code, trickle{body})
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", ctype)
	start := time.Now()
	code := send(t, req)
	t.Logf("%d after %v", code, time.Since(start).Round(time.Millisecond))
	if code != http.StatusSeeOther {
		t.Fatalf("a slow report: %d, want 303", code)
	}
}

// trickle hands out its bytes 1 KB at a time, at about 16 KB/s.
type trickle struct{ r io.Reader }

func (tr trickle) Read(p []byte) (int, error) {
	time.Sleep(time.Second / 16)
	return tr.r.Read(p[:min(len(p), 1<<10)])
}

// postReport sends a report over the network as if from the address from
// (through the trusted proxy) and returns the status.
func postReport(t *testing.T, target, from string, fields url.Values, photos ...[]byte) int {
	t.Helper()
	ctype, body := reportBody(fields, photos...)
	req, err := http.NewRequest(http.MethodPost, target, body)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", ctype)
	req.Header.Set("X-Forwarded-For", from)
	return send(t, req)
}

// reportBody is a report form's multipart body and its content type.
func reportBody(fields url.Values, photos ...[]byte) (string, *bytes.Buffer) {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, vs := range fields {
		mw.WriteField(k, vs[0])
	}
	for _, p := range photos {
		fw, _ := mw.CreateFormFile("photos", "photo.jpg")
		fw.Write(p)
	}
	mw.Close()
	return mw.FormDataContentType(), &buf
}

// send sends req and returns its status, redirects not followed.
func send(t *testing.T, req *http.Request) int {
	t.Helper()
	client := &http.Client{Timeout: 30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode
}
