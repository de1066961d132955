package server_test

import (
	"bytes"
	"image/png"
	"net/http"
	"strings"
	"testing"

	"github.com/makiuchi-d/gozxing"
	zxingqr "github.com/makiuchi-d/gozxing/qrcode"
)

// TestShowQRPNG decodes the poster's code with a real reader: it must open
// exactly the community's form at the configured base URL, at the size asked
// for within the bounds.
func TestShowQRPNG(t *testing.T) {
	app := newTestApp(t)
	c := app.community("春和社区", "北山口镇")
	want := "https://gridline.example.org/c/" + c.Code
	tests := []struct {
		name, path string
		size       int
	}{
		{"size 300", "/c/" + c.Code + "/qr.png?size=300", 300},
		{"no size", "/c/" + c.Code + "/qr.png", 512},
		{"too small", "/c/" + c.Code + "/qr.png?size=5", 128},
		{"too big", "/c/" + c.Code + "/qr.png?size=99999", 2048},
		{"past int", "/c/" + c.Code + "/qr.png?size=99999999999999999999999", 2048},
		{"negative", "/c/" + c.Code + "/qr.png?size=-300", 128},
		{"not a number", "/c/" + c.Code + "/qr.png?size=abc", 512},
		{"code in lower case", "/c/" + strings.ToLower(c.Code) + "/qr.png?size=300", 300},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := app.get(tt.path)
			if rec.Code != http.StatusOK || rec.Header().Get("Content-Type") != "image/png" {
				t.Fatalf("%d %q, want 200 image/png", rec.Code, rec.Header().Get("Content-Type"))
			}
			img, err := png.Decode(bytes.NewReader(rec.Body.Bytes()))
			if err != nil {
				t.Fatal(err)
			}
			if b := img.Bounds(); b.Dx() != tt.size || b.Dy() != tt.size {
				t.Errorf("image is %dx%d, want %dx%d", b.Dx(), b.Dy(), tt.size, tt.size)
			}
			bmp, err := gozxing.NewBinaryBitmapFromImage(img)
			if err != nil {
				t.Fatal(err)
			}
			res, err := zxingqr.NewQRCodeReader().Decode(bmp, nil)
			if err != nil {
				t.Fatalf("decode: %v", err)
			}
			if res.GetText() != want {
				t.Errorf("QR code reads %q, want %q", res.GetText(), want)
			}
		})
	}
}

func TestShowQRSVG(t *testing.T) {
	app := newTestApp(t)
	c := app.community("春和社区", "北山口镇")
	rec := app.get("/c/" + c.Code + "/qr.svg")
	if rec.Code != http.StatusOK || rec.Header().Get("Content-Type") != "image/svg+xml" {
		t.Fatalf("%d %q, want 200 image/svg+xml", rec.Code, rec.Header().Get("Content-Type"))
	}
	if !strings.Contains(rec.Body.String(), "<svg") {
		t.Errorf("body is not an SVG:\n%.300s", rec.Body)
	}
}
