package server_test

import (
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
)

// What the browser tests measure and break on the server's side of the wire,
// and the photos they send.

// bodyCounter counts the request body bytes of report POSTs that the server
// read: what actually left the phone. Armed with dropAfter, it also cuts the
// connection of every report POST part-way through its body, as a signal
// lost in a lift does (Chromium's offline emulation only affects requests
// that start after it, so it cannot interrupt an upload by itself; and
// Chromium itself sends a POST again once when a kept-alive connection breaks).
type bodyCounter struct {
	next      http.Handler
	bytes     atomic.Int64
	posts     atomic.Int64
	dropAfter atomic.Int64
}

func (h *bodyCounter) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodPost && (strings.HasPrefix(r.URL.Path, "/c/") || strings.HasSuffix(r.URL.Path, "/resolve")) {
		h.posts.Add(1)
		r.Body = countingBody{r.Body, &h.bytes}
		if n := h.dropAfter.Load(); n > 0 {
			h.drop(w, r, n)
			return
		}
	}
	h.next.ServeHTTP(w, r)
}

// drop reads n bytes of the body, then closes the connection unanswered.
func (h *bodyCounter) drop(w http.ResponseWriter, r *http.Request, n int64) {
	io.CopyN(io.Discard, r.Body, n)
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(err)
	}
	conn.Close()
}

// reset forgets what was counted so far.
func (h *bodyCounter) reset() {
	h.bytes.Store(0)
	h.posts.Store(0)
}

type countingBody struct {
	io.ReadCloser
	n *atomic.Int64
}

func (b countingBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	b.n.Add(int64(n))
	return n, err
}

// phonePhoto returns the path of a 12-megapixel fixture made by
// ../shared/fixtures/make-photos.sh (wood.jpg is stored sideways with EXIF
// orientation 6), or skips the test where it cannot be made.
func phonePhoto(t *testing.T, name string) string {
	t.Helper()
	script := filepath.Join("..", "..", "shared", "fixtures", "make-photos.sh")
	if s := os.Getenv("GRIDLINE_PHOTO_SCRIPT"); s != "" {
		script = s
	}
	if _, err := os.Stat(script); err != nil {
		t.Skipf("skipping: fixture script not found: %v", err)
	}
	dir := filepath.Join(os.TempDir(), "gridline-photos-e2e")
	if out, err := exec.Command("bash", script, dir).CombinedOutput(); err != nil {
		t.Skipf("skipping: %s failed (its tools may be missing): %v\n%s", script, err, out)
	}
	return filepath.Join(dir, name+".jpg")
}
