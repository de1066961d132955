package form_test

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"gridline/server/form"
)

// FuzzParseReport feeds arbitrary bodies and content types to the resident's
// form binding. It must never panic; whatever it returns, even with an error,
// holds text that is valid UTF-8 without bidi controls, zero-width or other
// control characters (line breaks only in the description), within the
// field limits, and photos within their count and size. Seeds live in
// testdata/fuzz/FuzzParseReport and are added here from the builders below.
func FuzzParseReport(f *testing.F) {
	addMultipart(f, "B0UND", fields("路灯不亮了一周"), photo("a.jpg", 100))
	addMultipart(f, "x", fields("路灯\u202e不亮\u200b了"), photo("../../etc/passwd", 10), photo("b.jpg", 2000))
	addMultipart(f, "x", fields("\xff\xfe路灯\xc0不亮\r\n了"), photo("", 0))
	f.Add("application/x-www-form-urlencoded", []byte(fields("路灯不亮了一周").Encode()+"&token=dup&website=bot"))
	f.Add("multipart/form-data", []byte("--x\r\nContent-Disposition: form-data; name=\"token\"\r\n\r\nabc\r\n--x--\r\n"))
	f.Add("application/json", []byte(`{"description":{"$gt":""}}`))
	f.Add(`multipart/form-data; boundary="a b"; charset=utf-8`, []byte("--a b\nContent-Disposition: form-data; name=description\n\nLF only\n--a b--\n"))
	f.Fuzz(func(t *testing.T, contentType string, body []byte) {
		req, err := http.NewRequest(http.MethodPost, "/c/AAAAAA", bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", contentType)
		before := 0
		lim := form.Limits{MaxPhotos: 2, MaxPhotoBytes: 1 << 10, BeforeFiles: func() error { before++; return nil }}
		r, uploads, _, _ := form.ParseReport(req, lim)
		if before > 1 {
			t.Errorf("BeforeFiles ran %d times", before)
		}
		if len(uploads) > lim.MaxPhotos {
			t.Errorf("%d photos, limit %d", len(uploads), lim.MaxPhotos)
		}
		for _, up := range uploads {
			if len(up.Data) == 0 || int64(len(up.Data)) > lim.MaxPhotoBytes {
				t.Errorf("photo of %d bytes", len(up.Data))
			}
		}
		checkText(t, "description", r.Description, true)
		for name, v := range map[string]string{
			"token": r.Token, "category": r.Category, "location": r.Location, "name": r.Name,
			"phone": r.Phone, "lat": r.Lat, "lng": r.Lng, "accuracy": r.Accuracy, "website": r.Website,
		} {
			checkText(t, name, v, false)
		}
	})
}

// checkText is the promise CleanText and CleanLine make about stored text.
func checkText(t *testing.T, field, s string, multiline bool) {
	t.Helper()
	if !utf8.ValidString(s) {
		t.Errorf("%s is not valid UTF-8: %q", field, s)
	}
	if len(s) > 3*64<<10 { // a 64 KB body, each bad byte becoming U+FFFD
		t.Errorf("%s is %d bytes long", field, len(s))
	}
	if s != strings.TrimSpace(s) {
		t.Errorf("%s has surrounding space: %q", field, s)
	}
	for _, r := range s {
		switch {
		case r == '\n' && multiline, r == '\t' && multiline:
		case unicode.Is(unicode.Bidi_Control, r):
			t.Errorf("%s keeps the bidi control %U: %q", field, r, s)
		case r == 0x200B || r == 0x200C || r == 0x200D || r == 0x2060 || r == 0xFEFF || r == 0x00AD:
			t.Errorf("%s keeps the invisible %U: %q", field, r, s)
		case unicode.IsControl(r):
			t.Errorf("%s keeps the control character %U: %q", field, r, s)
		}
	}
}

// fields is a complete report form.
func fields(description string) url.Values {
	return url.Values{
		"token": {"0123456789abcdef0123456789abcdef"}, "category": {"市容环境"}, "description": {description},
		"location": {"3号楼"}, "name": {"魏先生"}, "phone": {"138 1234-5678"}, "lat": {"31.2"}, "lng": {"121.5"},
	}
}

// upload is one file part of a seed.
type upload struct {
	name string
	size int
}

func photo(name string, size int) upload { return upload{name, size} }

// addMultipart adds a seed: the content type and body a browser would send.
func addMultipart(f *testing.F, boundary string, v url.Values, files ...upload) {
	f.Helper()
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	if err := w.SetBoundary(boundary); err != nil {
		f.Fatal(err)
	}
	for k, vs := range v {
		for _, s := range vs {
			w.WriteField(k, s)
		}
	}
	for _, up := range files {
		fw, err := w.CreateFormFile("photos", up.name)
		if err != nil {
			f.Fatal(err)
		}
		fw.Write(bytes.Repeat([]byte{0xFF}, up.size))
	}
	w.Close()
	f.Add(w.FormDataContentType(), b.Bytes())
}
