package photo

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/draw"
	"image/jpeg"
	"os"
	"path/filepath"
	"testing"
)

func TestProcessFormats(t *testing.T) {
	red, blue, white := color.RGBA{255, 0, 0, 255}, color.RGBA{0, 0, 255, 255}, color.RGBA{255, 255, 255, 255}
	grey := color.RGBA{128, 128, 128, 255}
	transparent := image.NewNRGBA(image.Rect(0, 0, 40, 30)) // all alpha 0
	gray := image.NewGray(image.Rect(0, 0, 33, 17))
	for i := range gray.Pix {
		gray.Pix[i] = uint8(i)
	}
	tests := []struct {
		name         string
		in           []byte
		w, h         int
		topLeft, mid color.RGBA // expected colors at (w/8, h/8) and the center; zero skips
	}{
		{"JPEG", makeJPEG(t, quadrants(64, 48)), 64, 48, red, blue},
		{"JPEG odd size", makeJPEG(t, quadrants(33, 17)), 33, 17, red, blue},
		{"JPEG gray", makeJPEG(t, gray), 33, 17, color.RGBA{}, color.RGBA{}},
		{"JPEG 2000x1000", makeJPEG(t, quadrants(2000, 1000)), 1600, 800, red, blue},
		{"JPEG 3300x2501", makeJPEG(t, quadrants(3300, 2501)), 1600, 1213, red, blue},
		{"PNG", makePNG(t, quadrants(64, 48)), 64, 48, red, blue},
		{"PNG 1x1", makePNG(t, quadrants(1, 1)), 1, 1, color.RGBA{}, blue},
		{"PNG wide strip", makePNG(t, quadrants(3300, 100)), 1600, 48, red, blue},
		{"PNG transparent onto white", makePNG(t, transparent), 40, 30, white, white},
		{"PNG 16-bit RGBA 3000x2000", makePNG(t, to64(quadrants(3000, 2000))), 1600, 1067, red, blue},
		{"PNG 16-bit RGBA half-transparent black onto white", flatPNG(t, 2000, 1200, 6, 16, []byte{0, 0, 0, 0, 0, 0, 0x80, 0}), 1600, 960, grey, grey},
		{"PNG 16-bit grey", flatPNG(t, 1200, 1800, 0, 16, []byte{0x80, 0x00}), 1067, 1600, grey, grey},
		{"GIF first frame", makeGIF(t, quadrants(64, 48)), 64, 48, red, blue},
		{"WebP lossless with alpha", readTestdata(t, "tiny-lossless.webp"), 24, 16, color.RGBA{}, color.RGBA{}},
		{"WebP lossy", readTestdata(t, "tiny-lossy.webp"), 24, 16, color.RGBA{}, color.RGBA{}},
	}
	p := NewPipeline(0)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, err := p.Process(context.Background(), bytes.NewReader(tc.in))
			if err != nil {
				t.Fatalf("Process() error = %v", err)
			}
			full := checkOutput(t, out)
			if out.Width != tc.w || out.Height != tc.h {
				t.Fatalf("Full is %dx%d, want %dx%d", out.Width, out.Height, tc.w, tc.h)
			}
			if c := full.At(tc.w/8, tc.h/8); tc.topLeft.A != 0 && !near(c, tc.topLeft) {
				t.Errorf("top-left color %v, want about %v", c, tc.topLeft)
			}
			if c := full.At(tc.w*3/4, tc.h*3/4); tc.mid.A != 0 && !near(c, tc.mid) {
				t.Errorf("lower-right color %v, want about %v", c, tc.mid)
			}
			cfg, err := jpeg.DecodeConfig(bytes.NewReader(out.Thumb))
			if tw, th := fitSize(tc.w, tc.h, thumbLongSide); err != nil || cfg.Width != tw || cfg.Height != th {
				t.Errorf("Thumb is %dx%d (%v), want %dx%d", cfg.Width, cfg.Height, err, tw, th)
			}
		})
	}
}

// to64 converts m to 16-bit NRGBA, which image/png writes as a 16-bit PNG.
func to64(m image.Image) *image.NRGBA64 {
	out := image.NewNRGBA64(m.Bounds())
	draw.Draw(out, out.Bounds(), m, m.Bounds().Min, draw.Src)
	return out
}

// readTestdata returns a file from testdata/.
func readTestdata(tb testing.TB, name string) []byte {
	tb.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		tb.Fatal(err)
	}
	return data
}
