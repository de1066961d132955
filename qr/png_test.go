package qr

import (
	"bytes"
	"errors"
	"image"
	"image/png"
	"strconv"
	"strings"
	"testing"
)

// posterURL is what a community poster encodes.
const posterURL = "http://localhost:8080/c/K7M2QX"

func TestPNGDecodes(t *testing.T) {
	tests := []struct {
		content string
		sizes   []int
		level   string
	}{
		{content: posterURL, sizes: []int{MinSize, 129, 200, 333, DefaultSize, 1000, 1999, MaxSize}, level: "H"},
		{content: "https://grid.example.gov.cn/c/23456789ABCDEFGHJKMNPQRSTVWXYZ", sizes: []int{MinSize, DefaultSize, MaxSize}, level: "H"},
		{content: posterURL + "?src=poster&utm=" + strings.Repeat("x", 200), sizes: []int{DefaultSize, MaxSize}, level: "Q"},
		{content: "社区报事：http://localhost:8080/c/K7M2QX", sizes: []int{MinSize, DefaultSize}, level: "H"},
		{content: strings.Repeat("7", MaxContentBytes), sizes: []int{DefaultSize}, level: "Q"},
	}
	for _, tt := range tests {
		for _, size := range tt.sizes {
			t.Run(describe(tt.content)+"/"+strconv.Itoa(size), func(t *testing.T) {
				b, err := PNG(tt.content, size)
				if err != nil {
					t.Fatalf("PNG: %v", err)
				}
				cfg, format, err := image.DecodeConfig(bytes.NewReader(b))
				if err != nil {
					t.Fatalf("DecodeConfig: %v", err)
				}
				if format != "png" || cfg.Width != size || cfg.Height != size {
					t.Fatalf("got %s %d×%d, want png %d×%d", format, cfg.Width, cfg.Height, size, size)
				}
				img, err := png.Decode(bytes.NewReader(b))
				if err != nil {
					t.Fatalf("png.Decode: %v", err)
				}
				got := decodeImage(t, img)
				if got.text != tt.content {
					t.Errorf("decoded %q, want %q", got.text, tt.content)
				}
				if got.ecLevel != tt.level {
					t.Errorf("error correction level %q, want %q", got.ecLevel, tt.level)
				}
				checkQuietZone(t, img, tt.content)
			})
		}
	}
}

// checkQuietZone checks that at least 4 modules' worth of pixels round the
// edge of img are white.
func checkQuietZone(t *testing.T, img image.Image, content string) {
	t.Helper()
	grid, err := modules(content)
	if err != nil {
		t.Fatal(err)
	}
	size := img.Bounds().Dx()
	scale := size / len(grid)
	margin := (size-len(grid)*scale)/2 + 4*scale
	for y := range size {
		for x := range size {
			inside := x >= margin && x < size-margin && y >= margin && y < size-margin
			if !inside && dark(img, x, y) {
				t.Fatalf("dark pixel (%d, %d) in the %d-pixel quiet zone", x, y, margin)
			}
		}
	}
	if !dark(img, margin, margin) {
		t.Errorf("pixel (%d, %d) just inside the quiet zone is light; want the finder pattern's corner", margin, margin)
	}
}

func TestPNGErrors(t *testing.T) {
	tests := []struct {
		name    string
		content string
		size    int
		want    error
	}{
		{name: "empty content", content: "", size: DefaultSize, want: ErrContent},
		{name: "content over the limit", content: strings.Repeat("a", MaxContentBytes+1), size: DefaultSize, want: ErrContent},
		{name: "bytes that do not fit at level Q", content: strings.Repeat("a", 1700), size: MaxSize, want: ErrContent},
		{name: "size below the minimum", content: posterURL, size: MinSize - 1, want: ErrSize},
		{name: "size above the maximum", content: posterURL, size: MaxSize + 1, want: ErrSize},
		{name: "zero size", content: posterURL, size: 0, want: ErrSize},
		{name: "negative size", content: posterURL, size: -5, want: ErrSize},
		{name: "code wider than the image", content: strings.Repeat("7", MaxContentBytes), size: MinSize, want: ErrSize},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := PNG(tt.content, tt.size)
			if !errors.Is(err, tt.want) {
				t.Fatalf("PNG error = %v, want %v", err, tt.want)
			}
			if b != nil {
				t.Errorf("PNG returned %d bytes with an error", len(b))
			}
		})
	}
}

func TestPNGModulesAreWholePixels(t *testing.T) {
	grid, err := modules(posterURL)
	if err != nil {
		t.Fatal(err)
	}
	for _, size := range []int{MinSize, 333, DefaultSize, MaxSize} {
		t.Run(strconv.Itoa(size), func(t *testing.T) {
			b, err := PNG(posterURL, size)
			if err != nil {
				t.Fatal(err)
			}
			img, err := png.Decode(bytes.NewReader(b))
			if err != nil {
				t.Fatal(err)
			}
			scale := size / len(grid)
			offset := (size - len(grid)*scale) / 2
			for y := range size {
				for x := range size {
					my, mx := (y-offset)/scale, (x-offset)/scale
					in := y >= offset && x >= offset && my < len(grid) && mx < len(grid)
					want := in && grid[my][mx]
					if dark(img, x, y) != want {
						t.Fatalf("pixel (%d, %d) dark = %v, want %v (module %d, %d)", x, y, !want, want, mx, my)
					}
				}
			}
		})
	}
}
