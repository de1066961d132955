// Package printtest checks printed output the way a person would: it
// rasterises a PDF page as a print shop's RIP does, decodes QR codes with a
// real decoder, and keeps what it looked at as a test artifact. Tests only.
package printtest

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/makiuchi-d/gozxing"
	zxingqr "github.com/makiuchi-d/gozxing/qrcode"
)

// Rasterise renders one page of a PDF with pdftoppm (Debian poppler-utils),
// skipping the test where it is not installed.
func Rasterise(t testing.TB, pdf []byte, page, dpi int) image.Image {
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
	SaveArtifact(t, fmt.Sprintf("page-%d.png", page), b)
	return PNG(t, b)
}

// PNG decodes a PNG image.
func PNG(t testing.TB, b []byte) image.Image {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// DecodeQR finds and decodes the QR code in img with gozxing, in its
// thorough mode, as a phone camera app keeps trying.
func DecodeQR(t testing.TB, img image.Image) string {
	t.Helper()
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		t.Fatal(err)
	}
	hints := map[gozxing.DecodeHintType]interface{}{gozxing.DecodeHintType_TRY_HARDER: true}
	res, err := zxingqr.NewQRCodeReader().Decode(bmp, hints)
	if err != nil {
		t.Fatalf("no QR code found: %v", err)
	}
	return res.GetText()
}

// SaveArtifact keeps a file under $GRIDLINE_ARTIFACTS (set by .ci/run) for a
// person to look at, named after the test.
func SaveArtifact(t testing.TB, name string, b []byte) {
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
