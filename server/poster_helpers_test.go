package server_test

import (
	"image"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
)

// pdfInfo is what pdfinfo says about a PDF.
func pdfInfo(t *testing.T, pdf []byte) string {
	t.Helper()
	if _, err := exec.LookPath("pdfinfo"); err != nil {
		t.Skip("pdfinfo not found: apt-get install poppler-utils")
	}
	in := filepath.Join(t.TempDir(), "in.pdf")
	if err := os.WriteFile(in, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdfinfo", in).CombinedOutput()
	if err != nil {
		t.Fatalf("pdfinfo: %v\n%s", err, out)
	}
	return string(out)
}

// pdfPageCount asks pdfinfo how many pages a PDF has.
func pdfPageCount(t *testing.T, pdf []byte) int {
	t.Helper()
	m := regexp.MustCompile(`(?m)^Pages:\s+(\d+)`).FindStringSubmatch(pdfInfo(t, pdf))
	if m == nil {
		t.Fatal("pdfinfo names no page count")
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// decodeQR reads the QR code in img as a phone's scanner app would.

// quarter is the top left quarter of img: one card of a sheet of four.
func quarter(img image.Image) image.Image {
	r := img.Bounds()
	return img.(interface {
		SubImage(image.Rectangle) image.Image
	}).SubImage(image.Rect(r.Min.X, r.Min.Y, r.Min.X+r.Dx()/2, r.Min.Y+r.Dy()/2))
}
