package server_test

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/makiuchi-d/gozxing"
	zxingqr "github.com/makiuchi-d/gozxing/qrcode"
)

// pdfPage rasterises one page of a PDF with pdftoppm, as a print shop's RIP
// would, and saves the picture as a test artifact.
func pdfPage(t *testing.T, pdf []byte, page, dpi int) image.Image {
	t.Helper()
	if _, err := exec.LookPath("pdftoppm"); err != nil {
		t.Skip("pdftoppm not found: apt-get install poppler-utils")
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "in.pdf")
	if err := os.WriteFile(in, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	n := strconv.Itoa(page)
	cmd := exec.Command("pdftoppm", "-r", strconv.Itoa(dpi), "-png", "-f", n, "-l", n, "-singlefile", in, filepath.Join(dir, "out"))
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v\n%s", err, out)
	}
	b, err := os.ReadFile(filepath.Join(dir, "out.png"))
	if err != nil {
		t.Fatal(err)
	}
	saveArtifact(t, fmt.Sprintf("page-%d.png", page), b)
	return pngImage(t, b)
}

func pngImage(t *testing.T, b []byte) image.Image {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return img
}

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
func decodeQR(t *testing.T, img image.Image) string {
	t.Helper()
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		t.Fatal(err)
	}
	// TRY_HARDER is the decoder's thorough mode, as a phone camera app keeps trying.
	hints := map[gozxing.DecodeHintType]interface{}{gozxing.DecodeHintType_TRY_HARDER: true}
	res, err := zxingqr.NewQRCodeReader().Decode(bmp, hints)
	if err != nil {
		t.Fatalf("no QR code found: %v", err)
	}
	return res.GetText()
}

// quarter is the top left quarter of img: one card of a sheet of four.
func quarter(img image.Image) image.Image {
	r := img.Bounds()
	return img.(interface {
		SubImage(image.Rectangle) image.Image
	}).SubImage(image.Rect(r.Min.X, r.Min.Y, r.Min.X+r.Dx()/2, r.Min.Y+r.Dy()/2))
}

// saveArtifact keeps a file under $GRIDLINE_ARTIFACTS for a person to look at.
func saveArtifact(t *testing.T, name string, b []byte) {
	t.Helper()
	dir := os.Getenv("GRIDLINE_ARTIFACTS")
	if dir == "" {
		return
	}
	name = strings.NewReplacer("/", "-", " ", "-").Replace(t.Name()) + "-" + name
	if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
		t.Error(err)
	}
}
