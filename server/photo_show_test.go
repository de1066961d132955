package server_test

import (
	"bytes"
	"image/jpeg"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gridline/locale"
)

func TestShowPhoto(t *testing.T) {
	app := newTestApp(t)
	c := app.community("春和社区", "北山口镇")
	r := app.submitted(t, app.do(multipartReport(t, "/c/"+c.Code, validFields(app.formToken(c.Code)), smallJPEG(t))))
	id := r.Photos[0]
	for _, tt := range []struct{ path, etag string }{
		{"/p/" + id, `"` + id + `"`},
		{"/p/" + id + "/thumb", `"` + id + `-thumb"`},
	} {
		t.Run(tt.path, func(t *testing.T) {
			rec := app.get(tt.path)
			if rec.Code != http.StatusOK {
				t.Fatalf("status %d", rec.Code)
			}
			h := rec.Header()
			if h.Get("Content-Type") != "image/jpeg" || h.Get("ETag") != tt.etag ||
				!strings.Contains(h.Get("Cache-Control"), "max-age=31536000") {
				t.Errorf("headers: Content-Type %q, ETag %q, Cache-Control %q", h.Get("Content-Type"), h.Get("ETag"), h.Get("Cache-Control"))
			}
			if _, err := jpeg.DecodeConfig(bytes.NewReader(rec.Body.Bytes())); err != nil {
				t.Errorf("body is not a JPEG: %v", err)
			}

			req := httptest.NewRequest(http.MethodGet, tt.path, nil)
			req.Header.Set("If-None-Match", tt.etag)
			rec = app.do(req)
			if rec.Code != http.StatusNotModified || rec.Body.Len() != 0 {
				t.Errorf("revalidation: %d with %d bytes, want 304 and none", rec.Code, rec.Body.Len())
			}
			req = httptest.NewRequest(http.MethodGet, tt.path, nil)
			req.Header.Set("If-None-Match", `"something-else"`)
			if rec = app.do(req); rec.Code != http.StatusOK {
				t.Errorf("stale ETag: %d, want 200", rec.Code)
			}
		})
	}
}

// TestShowPhotoRefusesOddIDs plants files where a careless handler would look
// and asks for them with odd IDs: each gets the not-found page, none is read.
func TestShowPhotoRefusesOddIDs(t *testing.T) {
	app := newTestApp(t)
	c := app.community("春和社区", "北山口镇")
	r := app.submitted(t, app.do(multipartReport(t, "/c/"+c.Code, validFields(app.formToken(c.Code)), smallJPEG(t))))
	id := r.Photos[0]
	plant := map[string]string{
		filepath.Join(app.dir, strings.ToUpper(id)+".jpg"):       "SECRET upper case",
		filepath.Join(app.dir, strings.ToUpper(id)+".thumb.jpg"): "SECRET upper case",
		filepath.Join(app.dir, id[:31]+".jpg"):                   "SECRET 31",
		filepath.Join(app.dir, id[:31]+".thumb.jpg"):             "SECRET 31",
		filepath.Join(app.dir, "x.jpg"):                          "SECRET x",
		filepath.Join(filepath.Dir(app.dir), "x.jpg"):            "SECRET parent",
		filepath.Join(filepath.Dir(app.dir), "passwd"):           "SECRET passwd",
	}
	for name, content := range plant {
		if err := os.WriteFile(name, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	ids := []string{
		"..%2f..%2fetc%2fpasswd",
		"..%2fx",
		"../x",
		"%2e%2e",
		"x",
		strings.ToUpper(id),
		id[:31],
		id + "0",
		id + ".jpg",
		id[:31] + "g",
		id[:30] + "%00",
		"00000000000000000000000000000000", // well formed, never stored
	}
	page := message(t, locale.Chinese, "error.not_found.message")
	for _, bad := range ids {
		for _, suffix := range []string{"", "/thumb"} {
			t.Run(bad+suffix, func(t *testing.T) {
				rec := app.get("/p/" + bad + suffix)
				expectPage(t, rec, http.StatusNotFound, page)
				if strings.Contains(rec.Body.String(), "SECRET") {
					t.Error("a planted file was served")
				}
				if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
					t.Errorf("Content-Type %q, want the HTML page", ct)
				}
				if cc := rec.Header().Get("Cache-Control"); strings.Contains(cc, "max-age") {
					t.Errorf("a 404 is cached: %q", cc)
				}
			})
		}
	}
}
