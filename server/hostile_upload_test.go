package server_test

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/textproto"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"gridline/report"
)

// uploadCases send files that are not the photos they claim to be: polyglots,
// decompression bombs, documents and archives named .jpg, hostile file names.
func uploadCases() []hostileCase {
	refused := http.StatusUnprocessableEntity
	return []hostileCase{
		{name: "JPEG that is also HTML and script is re-encoded", status: http.StatusSeeOther, effect: oneReport,
			req: func(w *hostileWorld) *http.Request {
				return w.reportPost(w.fields(), polyglotJPEG(w.t))
			}, want: photoWithoutHTML},
		{name: "GIF that is also JavaScript", status: refused,
			req: func(w *hostileWorld) *http.Request {
				return w.reportPost(w.fields(), []byte("GIF89a=1;alert(document.cookie);//\x00\x00\x2c\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02\x44\x01\x00;"))
			}},
		{name: "HTML page named photo.jpg", status: refused,
			req: func(w *hostileWorld) *http.Request {
				return w.reportWithFile("photo.jpg", "image/jpeg", []byte("<!doctype html><script>alert(document.cookie)</script>"))
			}},
		{name: "SVG with a script", status: refused,
			req: func(w *hostileWorld) *http.Request {
				return w.reportWithFile("photo.svg", "image/svg+xml",
					[]byte(`<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>`))
			}},
		{name: "ZIP archive named photo.jpg", status: refused,
			req: func(w *hostileWorld) *http.Request {
				return w.reportWithFile("photo.jpg", "image/jpeg", append([]byte("PK\x03\x04\x14\x00\x00\x00\x08\x00"), make([]byte, 200)...))
			}},
		{name: "PNG declaring 30000×30000", status: refused,
			req: func(w *hostileWorld) *http.Request { return w.reportPost(w.fields(), pngDeclaring(w.t, 30000, 30000)) }},
		{name: "JPEG declaring 60000×60000", status: refused,
			req: func(w *hostileWorld) *http.Request { return w.reportPost(w.fields(), jpegDeclaring(w.t, 60000, 60000)) }},
		{name: "PNG of 64×64 whose pixel data inflates to 64 MB", status: refused,
			req: func(w *hostileWorld) *http.Request { return w.reportPost(w.fields(), inflatingPNG(w.t)) }},
		{name: "photo named with a path out of the store", status: http.StatusSeeOther, effect: oneReport,
			req: func(w *hostileWorld) *http.Request {
				return w.reportWithFile("../../../../../etc/passwd", "image/jpeg", smallJPEG(w.t))
			}, want: func(t *testing.T, w *hostileWorld, _ *httptest.ResponseRecorder, r report.Report) {
				stored := regexp.MustCompile(`^[0-9a-f]{32}(\.thumb)?\.jpg$`)
				for _, name := range w.app.photoFiles() {
					if !stored.MatchString(name) {
						t.Errorf("photo directory holds %q", name)
					}
				}
				if _, err := os.Stat(filepath.Join(filepath.Dir(w.app.dir), "etc")); err == nil {
					t.Error("the upload wrote outside the photo directory")
				}
			}},
		{name: "photo part declared as text/html", status: refused,
			req: func(w *hostileWorld) *http.Request {
				return w.reportWithFile("x.html", "text/html", []byte("<html><body onload=alert(1)>"))
			}},
	}
}

// photoWithoutHTML checks that the one stored photo and its thumbnail, on
// disk and as served, no longer carry the polyglot's HTML.
func photoWithoutHTML(t *testing.T, w *hostileWorld, _ *httptest.ResponseRecorder, r report.Report) {
	if len(r.Photos) != 1 {
		t.Fatalf("stored %d photos, want 1", len(r.Photos))
	}
	for _, name := range []string{r.Photos[0] + ".jpg", r.Photos[0] + ".thumb.jpg"} {
		b, err := os.ReadFile(filepath.Join(w.app.dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(b, []byte("<script")) || bytes.Contains(b, []byte("<html")) || bytes.Contains(b, []byte("alert(")) {
			t.Errorf("%s still carries the HTML", name)
		}
	}
	for _, path := range []string{"/p/" + r.Photos[0], "/p/" + r.Photos[0] + "/thumb"} {
		rec := w.app.get(path)
		h := rec.Header()
		if rec.Code != http.StatusOK || h.Get("Content-Type") != "image/jpeg" || h.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("%s: %d, Content-Type %q, X-Content-Type-Options %q", path, rec.Code, h.Get("Content-Type"), h.Get("X-Content-Type-Options"))
		}
		if strings.Contains(rec.Body.String(), "<script") {
			t.Errorf("%s serves the script", path)
		}
	}
}

// reportWithFile posts a valid report whose photos part has the given file
// name, content type and bytes.
func (w *hostileWorld) reportWithFile(filename, ctype string, data []byte) *http.Request {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, vs := range w.fields() {
		mw.WriteField(k, vs[0])
	}
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", fmt.Sprintf(`form-data; name="photos"; filename="%s"`, filename))
	h.Set("Content-Type", ctype)
	pw, err := mw.CreatePart(h)
	if err != nil {
		w.t.Fatal(err)
	}
	pw.Write(data)
	mw.Close()
	return rawPost("/c/"+w.a.Code, mw.FormDataContentType(), buf.String())
}

// polyglotJPEG is a real photo that is also an HTML page: a comment segment
// and trailing bytes carry markup and script that a sniffing browser would run.
func polyglotJPEG(t *testing.T) []byte {
	t.Helper()
	jpg := smallJPEG(t)
	html := []byte("<html><body><script>alert(document.cookie)</script></body></html>")
	com := append([]byte{0xFF, 0xFE}, byte((len(html)+2)>>8), byte(len(html)+2))
	out := append([]byte{}, jpg[:2]...) // SOI
	out = append(out, com...)
	out = append(out, html...)
	out = append(out, jpg[2:]...)
	return append(out, html...)
}

// jpegDeclaring is a small real JPEG whose frame header is changed to claim
// w×h pixels.
func jpegDeclaring(t *testing.T, w, h uint16) []byte {
	t.Helper()
	b := bytes.Clone(smallJPEG(t))
	i := bytes.Index(b, []byte{0xFF, 0xC0}) // baseline frame header
	if i < 0 {
		t.Fatal("no SOF0 in the test JPEG")
	}
	binary.BigEndian.PutUint16(b[i+5:], h)
	binary.BigEndian.PutUint16(b[i+7:], w)
	return b
}

var inflating = sync.OnceValue(func() []byte {
	b := pngStart(64, 64)
	var idat bytes.Buffer
	zw, _ := zlib.NewWriterLevel(&idat, zlib.BestCompression)
	zero := make([]byte, 1<<20)
	for range 64 {
		zw.Write(zero)
	}
	zw.Close()
	pngChunk(b, "IDAT", idat.Bytes())
	pngChunk(b, "IEND", nil)
	return b.Bytes()
})

// inflatingPNG declares 64×64 pixels (12 KB of pixel data) but its IDAT
// inflates to 64 MB: the decoder must stop at what the header declares.
func inflatingPNG(t *testing.T) []byte {
	t.Helper()
	return inflating()
}
