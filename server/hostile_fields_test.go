package server_test

import (
	"bytes"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"testing"
	"time"

	"gridline/locale"
)

// TestHostileFieldFlood sends text-only report forms of countless fields,
// generated as they are read: each is refused at the form's bounds (32
// parts, 64 KB of text), quickly, without holding the fields, and the
// resident's text comes back on the form.
func TestHostileFieldFlood(t *testing.T) {
	app := newTestApp(t)
	c := app.community("春和社区", "北山口镇")
	tests := []struct {
		name  string
		parts int
		field func(i int) string
		size  int
	}{
		{"600,000 tiny fields of new names", 600_000, func(i int) string { return fmt.Sprintf("f%d", i) }, 1},
		{"600,000 copies of the description", 600_000, func(int) string { return "description" }, 1},
		{"unknown fields of 8 KB", 1_000, func(i int) string { return fmt.Sprintf("pad%d", i) }, 8 << 10},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fields := validFields(app.formToken(c.Code))
			flood := newFieldFlood(t, fields, tt.parts, tt.field, tt.size)
			req := httptest.NewRequest(http.MethodPost, "/c/"+c.Code, flood)
			req.Header.Set("Content-Type", "multipart/form-data; boundary=B")

			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			start := time.Now()
			rec := app.do(req)
			took := time.Since(start)
			runtime.ReadMemStats(&after)
			alloc := after.TotalAlloc - before.TotalAlloc
			t.Logf("%d in %v, %.1f MB allocated, %d KB of the body read",
				rec.Code, took.Round(time.Millisecond), float64(alloc)/(1<<20), flood.read>>10)

			expectPage(t, rec, http.StatusRequestEntityTooLarge, message(t, locale.Chinese, "form.too_large"),
				textareaHolding(t, fields.Get("description")), `value="3号楼"`)
			if alloc > 8<<20 {
				t.Errorf("the request allocated %.1f MB, want under 8", float64(alloc)/(1<<20))
			}
			if flood.read > 256<<10 {
				t.Errorf("%d KB of the flood were read, want it refused within the text budget", flood.read>>10)
			}
			if took > 2*time.Second {
				t.Errorf("refused after %v", took)
			}
			app.expectNothingStored(t)
		})
	}
}

// fieldFlood is a multipart body (boundary B) made as it is read: the
// resident's fields, then parts named by name, each holding size bytes. It
// counts the bytes read and reuses its buffer, so it allocates nothing itself.
type fieldFlood struct {
	head  []byte
	parts int
	name  func(int) string
	value []byte
	i     int
	buf   []byte
	next  []byte
	read  int64
}

func newFieldFlood(t *testing.T, fields map[string][]string, parts int, name func(int) string, size int) *fieldFlood {
	t.Helper()
	var head bytes.Buffer
	mw := multipart.NewWriter(&head)
	if err := mw.SetBoundary("B"); err != nil {
		t.Fatal(err)
	}
	for k, vs := range fields {
		mw.WriteField(k, vs[0])
	}
	return &fieldFlood{head: head.Bytes(), parts: parts, name: name,
		value: []byte(strings.Repeat("x", size)), buf: make([]byte, 0, size+128)}
}

func (f *fieldFlood) Read(p []byte) (int, error) {
	for len(f.next) == 0 {
		switch {
		case f.head != nil:
			f.next, f.head = f.head, nil
		case f.i < f.parts:
			f.buf = append(f.buf[:0], "\r\n--B\r\nContent-Disposition: form-data; name=\""...)
			f.buf = append(append(append(f.buf, f.name(f.i)...), "\"\r\n\r\n"...), f.value...)
			f.next = f.buf
			f.i++
		case f.i == f.parts:
			f.next = []byte("\r\n--B--\r\n")
			f.i++
		default:
			return 0, io.EOF
		}
	}
	n := copy(p, f.next)
	f.next = f.next[n:]
	f.read += int64(n)
	return n, nil
}
