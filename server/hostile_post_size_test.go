package server_test

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestHostilePostSize sends 1 GB bodies, generated as they are read, to the
// POST routes that take small forms: each is refused at once with a page
// saying why, at most a little over 64 KB is read, and no temporary file
// appears (gin would spill multipart parts over 32 MB to disk).
func TestHostilePostSize(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp) // where multipart spills its files: watched below
	app := newTestApp(t)
	const multipartType, formType = "multipart/form-data; boundary=B", "application/x-www-form-urlencoded"
	tests := []struct {
		name, target, ctype string
		declared            bool // Content-Length sent, or the body chunked
		status              int
		want                string // the page's title
	}{
		{"multipart sign-in, length declared", "/admin/login", multipartType, true, http.StatusRequestEntityTooLarge, "limits.body_too_large.title"},
		{"multipart sign-in, chunked", "/admin/login", multipartType, false, http.StatusUnsupportedMediaType, "limits.multipart.title"},
		{"urlencoded sign-in, chunked", "/admin/login", formType, false, http.StatusRequestEntityTooLarge, "limits.body_too_large.title"},
		{"urlencoded sign-in, length declared", "/admin/login", formType, true, http.StatusRequestEntityTooLarge, "limits.body_too_large.title"},
		{"multipart rating, chunked", "/t/K7M2QXABP/rate", multipartType, false, http.StatusUnsupportedMediaType, "limits.multipart.title"},
		{"urlencoded rating, chunked", "/t/K7M2QXABP/rate", formType, false, http.StatusRequestEntityTooLarge, "limits.body_too_large.title"},
		{"urlencoded staff action, chunked", "/admin/reports/K7M2QXABP/accept", formType, false, http.StatusRequestEntityTooLarge, "limits.body_too_large.title"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := &gigabyte{t: t, dir: tmp}
			if strings.HasPrefix(tt.ctype, "multipart/") {
				body.head = "--B\r\nContent-Disposition: form-data; name=\"username\"; filename=\"a.bin\"\r\n\r\n"
			}
			req := httptest.NewRequest(http.MethodPost, tt.target, body)
			req.Header.Set("Content-Type", tt.ctype)
			if tt.declared {
				req.ContentLength = 1 << 30
			}
			start := time.Now()
			rec := app.do(req)
			took := time.Since(start)
			t.Logf("%d in %v, %d KB read, largest temporary file %d KB", rec.Code, took.Round(time.Millisecond), body.read>>10, body.spilled>>10)
			expectPage(t, rec, tt.status, message(t, "zh-CN", tt.want))
			if body.read > 128<<10 {
				t.Errorf("%d KB of the body were read, want at most 64 KB", body.read>>10)
			}
			if took > 2*time.Second {
				t.Errorf("refused after %v", took)
			}
			body.checkSpill()
			if body.spilled > 0 {
				t.Errorf("a temporary multipart file grew to %d KB", body.spilled>>10)
			}
		})
	}
}

// gigabyte is a 1 GB request body made as it is read. Every MB it looks for
// multipart's temporary files in dir; past 64 MB it fails, so that a server
// which reads it all does not fill the disk.
type gigabyte struct {
	t       *testing.T
	dir     string
	head    string
	read    int64
	spilled int64 // the largest multipart-* file seen
}

func (g *gigabyte) Read(p []byte) (int, error) {
	if g.read >= 1<<30 {
		return 0, io.EOF
	}
	if g.read > 64<<20 {
		return 0, errors.New("test: 64 MB of the body read; stopping")
	}
	n := min(len(p), 32<<10)
	for i := range n {
		p[i] = 'x'
		if int64(i)+g.read < int64(len(g.head)) {
			p[i] = g.head[g.read+int64(i)]
		}
	}
	if g.read/(1<<20) != (g.read+int64(n))/(1<<20) {
		g.checkSpill()
	}
	g.read += int64(n)
	return n, nil
}

// checkSpill records the size of the largest temporary multipart file.
func (g *gigabyte) checkSpill() {
	files, _ := filepath.Glob(filepath.Join(g.dir, "multipart-*"))
	for _, f := range files {
		if fi, err := os.Stat(f); err == nil && fi.Size() > g.spilled {
			g.spilled = fi.Size()
		}
	}
}
