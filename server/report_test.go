package server_test

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"testing"
)

// multipartReport builds a report POST with the given fields and photos.
func multipartReport(t *testing.T, target string, fields url.Values, photos ...[]byte) *http.Request {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for k, vs := range fields {
		for _, v := range vs {
			if err := w.WriteField(k, v); err != nil {
				t.Fatal(err)
			}
		}
	}
	for i, p := range photos {
		fw, err := w.CreateFormFile("photos", "photo"+string(rune('a'+i))+".jpg")
		if err != nil {
			t.Fatal(err)
		}
		fw.Write(p)
	}
	w.Close()
	req := httptest.NewRequest(http.MethodPost, target, &buf)
	req.Header.Set("Content-Type", w.FormDataContentType())
	return req
}

// smallJPEG is a real 64×48 photo.
func smallJPEG(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 64, 48))
	for x := range 64 {
		for y := range 48 {
			img.Set(x, y, color.RGBA{uint8(x * 4), uint8(y * 5), 90, 255})
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, nil); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func validFields(token string) url.Values {
	return url.Values{
		"token":       {token},
		"category":    {"市容环境"},
		"description": {"3号楼东侧路灯不亮已经一周了"},
		"location":    {"3号楼"},
		"name":        {"魏先生"},
		"phone":       {"13812345678"},
	}
}

func TestSubmitReportWithPhotoReachesTrackingPage(t *testing.T) {
	app := newTestApp(t)
	c := app.community("春和社区", "北山口镇")
	form := app.get("/c/" + c.Code)
	if form.Code != http.StatusOK || !strings.Contains(form.Body.String(), "春和社区") {
		t.Fatalf("form: %d", form.Code)
	}
	rec := app.do(multipartReport(t, "/c/"+c.Code, validFields(formToken(t, form.Body.String())), smallJPEG(t)))
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("submit: want 303, got %d: %s", rec.Code, rec.Body)
	}
	loc := rec.Header().Get("Location")
	if !strings.HasPrefix(loc, "/t/") {
		t.Fatalf("submit redirects to %q", loc)
	}
	page := app.get(loc)
	body := page.Body.String()
	if page.Code != http.StatusOK {
		t.Fatalf("tracking page: %d", page.Code)
	}
	for _, want := range []string{"已上报", "3号楼东侧路灯不亮已经一周了", "春和社区", "/thumb"} {
		if !strings.Contains(body, want) {
			t.Errorf("tracking page lacks %q", want)
		}
	}
	for _, secret := range []string{"魏先生", "13812345678"} {
		if strings.Contains(body, secret) {
			t.Errorf("tracking page shows the resident's %q", secret)
		}
	}
	entries, err := os.ReadDir(app.dir)
	if err != nil || len(entries) != 2 {
		t.Fatalf("want a photo and its thumbnail stored, got %d files (%v)", len(entries), err)
	}
}
