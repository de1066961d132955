package qr

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"regexp"
	"strconv"
	"testing"

	"github.com/makiuchi-d/gozxing"
	zxingqr "github.com/makiuchi-d/gozxing/qrcode"
)

// decoded is what a phone would read from a code.
type decoded struct {
	text    string
	ecLevel string
}

// decodeImage reads a QR code from img the way a scanner app would, with
// gozxing's default hybrid binariser and no hints.
func decodeImage(t *testing.T, img image.Image) decoded {
	t.Helper()
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		t.Fatalf("binarising image: %v", err)
	}
	res, err := zxingqr.NewQRCodeReader().Decode(bmp, nil)
	if err != nil {
		t.Fatalf("decoding QR code: %v", err)
	}
	level, _ := res.GetResultMetadata()[gozxing.ResultMetadataType_ERROR_CORRECTION_LEVEL].(string)
	return decoded{text: res.GetText(), ecLevel: level}
}

// rasterise draws an SVG made by SVG onto a grey image, scale pixels per
// module. It understands only what SVG writes and fails on anything else,
// so it also checks the output's shape.
func rasterise(t *testing.T, svg []byte, scale int) *image.Gray {
	t.Helper()
	svgViewBox := regexp.MustCompile(`viewBox="0 0 (\d+) (\d+)"`)
	svgPath := regexp.MustCompile(`<path fill="#000" d="([^"]*)"/>`)
	svgRun := regexp.MustCompile(`^M(\d+) (\d+)h(\d+)v1h-(\d+)z`)
	for _, want := range []string{`shape-rendering="crispEdges"`, `fill="#fff"`, `xmlns="http://www.w3.org/2000/svg"`} {
		if !bytes.Contains(svg, []byte(want)) {
			t.Fatalf("SVG lacks %s:\n%s", want, svg)
		}
	}
	vb := svgViewBox.FindSubmatch(svg)
	if vb == nil || string(vb[1]) != string(vb[2]) {
		t.Fatalf("SVG has no square viewBox in modules:\n%.300s", svg)
	}
	n := atoi(t, vb[1])
	if bytes.Count(svg, []byte("<path")) != 1 {
		t.Fatalf("SVG has %d paths, want 1", bytes.Count(svg, []byte("<path")))
	}
	d := svgPath.FindSubmatch(svg)
	if d == nil {
		t.Fatalf("SVG has no dark path:\n%.300s", svg)
	}
	img := image.NewGray(image.Rect(0, 0, n*scale, n*scale))
	for i := range img.Pix {
		img.Pix[i] = 0xff
	}
	path := d[1]
	for len(path) > 0 {
		m := svgRun.FindSubmatch(path)
		if m == nil {
			t.Fatalf("unexpected path data at %.40q", path)
		}
		x, y, w := atoi(t, m[1]), atoi(t, m[2]), atoi(t, m[3])
		if atoi(t, m[4]) != w || x+w > n || y >= n {
			t.Fatalf("run %q does not close or leaves the %d-module viewBox", m[0], n)
		}
		for py := y * scale; py < (y+1)*scale; py++ {
			for px := x * scale; px < (x+w)*scale; px++ {
				img.SetGray(px, py, color.Gray{})
			}
		}
		path = path[len(m[0]):]
	}
	return img
}

// atoi parses a number the regular expressions above have matched.
func atoi(t *testing.T, b []byte) int {
	t.Helper()
	n, err := strconv.Atoi(string(b))
	if err != nil {
		t.Fatalf("number %q: %v", b, err)
	}
	return n
}

// dark reports whether the pixel at (x, y) is closer to black than white.
func dark(img image.Image, x, y int) bool {
	g := color.GrayModel.Convert(img.At(x, y)).(color.Gray)
	return g.Y < 0x80
}

// describe names a test content briefly, for t.Run.
func describe(content string) string {
	if len(content) <= 40 {
		return content
	}
	return fmt.Sprintf("%.30s…(%d bytes)", content, len(content))
}
