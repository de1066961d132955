package qr

import (
	"bytes"
	"errors"
	"image/png"
	"strings"
	"testing"
)

func TestSVGDecodes(t *testing.T) {
	tests := []struct {
		content string
		level   string
	}{
		{content: posterURL, level: "H"},
		{content: "https://grid.example.gov.cn/c/23456789ABCDEFGHJKMNPQRSTVWXYZ", level: "H"},
		{content: posterURL + "?src=poster&utm=" + strings.Repeat("x", 200), level: "Q"},
	}
	for _, tt := range tests {
		t.Run(describe(tt.content), func(t *testing.T) {
			svg, err := SVG(tt.content)
			if err != nil {
				t.Fatalf("SVG: %v", err)
			}
			for _, scale := range []int{2, 5} {
				got := decodeImage(t, rasterise(t, svg, scale))
				if got.text != tt.content {
					t.Errorf("scale %d: decoded %q, want %q", scale, got.text, tt.content)
				}
				if got.ecLevel != tt.level {
					t.Errorf("scale %d: error correction level %q, want %q", scale, got.ecLevel, tt.level)
				}
			}
		})
	}
}

// TestSVGMatchesPNG checks the SVG and the PNG draw the very same code: the
// SVG rasterised at k pixels per module is the PNG of exactly that size.
func TestSVGMatchesPNG(t *testing.T) {
	grid, err := modules(posterURL)
	if err != nil {
		t.Fatal(err)
	}
	const scale = 4
	size := len(grid) * scale
	svg, err := SVG(posterURL)
	if err != nil {
		t.Fatal(err)
	}
	fromSVG := rasterise(t, svg, scale)
	b, err := PNG(posterURL, size)
	if err != nil {
		t.Fatal(err)
	}
	fromPNG, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	for y := range size {
		for x := range size {
			if dark(fromSVG, x, y) != dark(fromPNG, x, y) {
				t.Fatalf("pixel (%d, %d) differs between SVG and PNG", x, y)
			}
		}
	}
}

func TestSVGErrors(t *testing.T) {
	tests := []struct {
		name    string
		content string
	}{
		{name: "empty", content: ""},
		{name: "over the limit", content: strings.Repeat("a", MaxContentBytes+1)},
		{name: "does not fit at level Q", content: strings.Repeat("a", 1700)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := SVG(tt.content)
			if !errors.Is(err, ErrContent) {
				t.Fatalf("SVG error = %v, want ErrContent", err)
			}
			if b != nil {
				t.Errorf("SVG returned %d bytes with an error", len(b))
			}
		})
	}
}
