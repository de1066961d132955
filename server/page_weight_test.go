package server_test

import (
	"bytes"
	"compress/gzip"
	"net/http"
	"regexp"
	"testing"
)

// maxFormWeight is the budget of the form page on a weak mobile signal: the
// HTML, its CSS and its script, each gzipped as a server or proxy sends them.
const maxFormWeight = 40 << 10

// TestFormPageWeight keeps the resident's form light.
func TestFormPageWeight(t *testing.T) {
	app := newTestApp(t)
	c := app.community("春和社区", "北山口镇")
	rec := app.get("/c/" + c.Code)
	if rec.Code != http.StatusOK {
		t.Fatalf("form: %d", rec.Code)
	}
	html := rec.Body.Bytes()
	parts := map[string][]byte{"/c/" + c.Code: html}
	assets := regexp.MustCompile(`(?:href|src)="(/static/[^"]+)"`).FindAllSubmatch(html, -1)
	if len(assets) < 2 {
		t.Fatalf("found %d assets on the form page, want the CSS and the script", len(assets))
	}
	for _, m := range assets {
		res := app.get(string(m[1]))
		if res.Code != http.StatusOK {
			t.Fatalf("%s: %d", m[1], res.Code)
		}
		parts[string(m[1])] = res.Body.Bytes()
	}
	var raw, total int
	for name, b := range parts {
		n := gzipped(t, b)
		t.Logf("%-50s %6d bytes, %5d gzipped", name, len(b), n)
		raw += len(b)
		total += n
	}
	t.Logf("form page: %d bytes, %d gzipped (budget %d)", raw, total, maxFormWeight)
	if total > maxFormWeight {
		t.Errorf("form page weighs %d bytes gzipped, budget %d", total, maxFormWeight)
	}
}

func gzipped(t *testing.T, b []byte) int {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(b); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Len()
}
