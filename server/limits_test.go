package server_test

import (
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

func TestRateLimits(t *testing.T) {
	app := newTestAppWith(t, map[string]string{"GRIDLINE_RATE_SUBMIT": "3", "GRIDLINE_RATE_LOOKUP": "5", "GRIDLINE_RATE_LOGIN": "2"})
	c := app.community("春和社区", "北山口镇")

	t.Run("submissions keep the text", func(t *testing.T) {
		var last *httptest.ResponseRecorder
		for i := range 4 {
			fields := validFields(fmt.Sprintf("%032x", i+1))
			last = app.do(multipartReport(t, "/c/"+c.Code, fields))
			if i < 3 && last.Code != http.StatusSeeOther {
				t.Fatalf("submission %d: %d", i, last.Code)
			}
		}
		if last.Code != http.StatusTooManyRequests || last.Header().Get("Retry-After") == "" {
			t.Fatalf("4th submission in a minute: want 429 with Retry-After, got %d", last.Code)
		}
		body := last.Body.String()
		if !strings.Contains(body, "您提交得太频繁了") || !strings.Contains(body, "3号楼东侧路灯不亮已经一周了") {
			t.Error("the 429 page lacks the message or the resident's text")
		}
		if n := app.countReports(); n != 3 {
			t.Errorf("want 3 reports stored, got %d", n)
		}
	})
	t.Run("look-ups", func(t *testing.T) {
		var code int
		for range 6 {
			code = app.get("/track?code=K7M2-QXAB-P").Code
		}
		if code != http.StatusTooManyRequests {
			t.Fatalf("6th look-up: want 429, got %d", code)
		}
	})
	t.Run("logins", func(t *testing.T) {
		var code int
		for range 3 {
			code = app.do(urlencoded("/admin/login", url.Values{"username": {"x"}, "password": {"y"}})).Code
		}
		if code != http.StatusTooManyRequests {
			t.Fatalf("3rd login: want 429, got %d", code)
		}
	})
	t.Run("other addresses are not affected", func(t *testing.T) {
		req := httptest.NewRequest(http.MethodGet, "/track", nil)
		req.RemoteAddr = "192.0.2.7:1234"
		if rec := app.do(req); rec.Code != http.StatusOK {
			t.Fatalf("another address: %d", rec.Code)
		}
	})
}

func TestHoneypotStoresNothing(t *testing.T) {
	app := newTestApp(t)
	c := app.community("春和社区", "北山口镇")
	fields := validFields("0123456789abcdef0123456789abcdef")
	fields.Set("website", "http://spam.example")
	rec := app.do(multipartReport(t, "/c/"+c.Code, fields))
	if rec.Code != http.StatusBadRequest {
		t.Fatalf("want 400, got %d", rec.Code)
	}
	if !strings.Contains(rec.Body.String(), "3号楼东侧路灯不亮已经一周了") {
		t.Error("a person who filled the hidden field by accident loses their text")
	}
	if n := app.countReports(); n != 0 {
		t.Fatalf("want nothing stored, got %d reports", n)
	}
}

// TestOverloadAnswers503 holds the only upload slot with a request whose
// photo never finishes arriving; the next submission gets 503, text kept.
func TestOverloadAnswers503(t *testing.T) {
	app := newTestAppWith(t, map[string]string{"GRIDLINE_MAX_UPLOADS": "1", "GRIDLINE_RATE_SUBMIT": "0"})
	c := app.community("春和社区", "北山口镇")

	pr, pw := io.Pipe()
	mw := multipart.NewWriter(pw)
	slow := httptest.NewRequest(http.MethodPost, "/c/"+c.Code, pr)
	slow.Header.Set("Content-Type", mw.FormDataContentType())
	done := make(chan int)
	go func() { done <- app.do(slow).Code }()
	for k, v := range validFields("0123456789abcdef0123456789abcdef") {
		mw.WriteField(k, v[0])
	}
	fw, _ := mw.CreateFormFile("photos", "slow.jpg")
	fw.Write(smallJPEG(t)[:100])
	app.waitForGauge(t, "gridline_uploads_in_progress", 1) // the handler holds the slot, waiting for the rest
	fields := validFields("fedcba9876543210fedcba9876543210")
	rec := app.do(multipartReport(t, "/c/"+c.Code, fields, smallJPEG(t)))
	if rec.Code != http.StatusServiceUnavailable || rec.Header().Get("Retry-After") == "" {
		t.Fatalf("want 503 with Retry-After while the slot is held, got %d", rec.Code)
	}
	if !strings.Contains(rec.Body.String(), "3号楼东侧路灯不亮已经一周了") {
		t.Error("the 503 page lacks the resident's text")
	}
	pw.CloseWithError(io.ErrUnexpectedEOF)
	<-done
	if n := app.countReports(); n != 0 {
		t.Fatalf("want nothing stored, got %d", n)
	}
}
