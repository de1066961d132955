package photo

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/color"
	"image/jpeg"
	"math"
	"math/rand/v2"
	"testing"
)

// noisy is a w x h photo of random pixels: every small area varies a lot, as
// the detail of a face or a plate does, and any blur shows as lost variance.
func noisy(w, h int) *image.RGBA {
	rng := rand.New(rand.NewPCG(14, 2))
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	for i := range m.Pix {
		m.Pix[i] = uint8(rng.IntN(256))
		if i%4 == 3 {
			m.Pix[i] = 255
		}
	}
	return m
}

// lumaVariance is the variance of the grey level of m's pixels inside r.
func lumaVariance(m image.Image, r image.Rectangle) float64 {
	var sum, sq, n float64
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			v := float64(color.GrayModel.Convert(m.At(x, y)).(color.Gray).Y)
			sum, sq, n = sum+v, sq+v*v, n+1
		}
	}
	mean := sum / n
	return sq/n - mean*mean
}

func decodeJPEG(t *testing.T, b []byte) image.Image {
	t.Helper()
	m, err := jpeg.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// inner is the part of region r of an image of size b a few pixels in from
// r's edges, where neither the JPEG blocks nor the thumbnail's filter mix in
// pixels from outside.
func inner(r Region, b image.Rectangle, margin int) image.Rectangle {
	return r.pixels(b).Inset(margin)
}

// TestBlurHidesRegions: in the public rendition the region's variance falls
// to a small fraction of the original's, in the photo and in its
// thumbnail, while blocks away from the region are exactly as they were.
func TestBlurHidesRegions(t *testing.T) {
	p := NewPipeline(1)
	full := makeJPEG(t, noisy(400, 300))
	face := Region{X: 0.25, Y: 0.2, W: 0.4, H: 0.5}
	plain, err := p.Blur(t.Context(), full, nil)
	if err != nil {
		t.Fatal(err)
	}
	blurred, err := p.Blur(t.Context(), full, []Region{face})
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name          string
		before, after []byte
		margin        int
	}{
		{"photo", plain.Full, blurred.Full, 8},
		{"thumbnail", plain.Thumb, blurred.Thumb, 4},
	} {
		was, now := decodeJPEG(t, tt.before), decodeJPEG(t, tt.after)
		r := inner(face, now.Bounds(), tt.margin)
		v0, v1 := lumaVariance(was, r), lumaVariance(now, r)
		t.Logf("%s: variance in the region %.1f, was %.1f", tt.name, v1, v0)
		if v1 > v0/50 {
			t.Errorf("%s: variance in the region %.1f, was %.1f: not hidden", tt.name, v1, v0)
		}
	}
	was, now := decodeJPEG(t, plain.Full), decodeJPEG(t, blurred.Full)
	away := image.Rect(0, 0, 80, 48) // whole 16 px blocks far from the region
	for y := away.Min.Y; y < away.Max.Y; y++ {
		for x := away.Min.X; x < away.Max.X; x++ {
			if was.At(x, y) != now.At(x, y) {
				t.Fatalf("pixel %d,%d outside the region changed", x, y)
			}
		}
	}
	if blurred.Width != 400 || blurred.Height != 300 {
		t.Errorf("blurred photo %dx%d, want 400x300", blurred.Width, blurred.Height)
	}
	if b := decodeJPEG(t, blurred.Thumb).Bounds(); b.Dx() != thumbLongSide || b.Dy() != 240 {
		t.Errorf("thumbnail %v, want %dx240", b, thumbLongSide)
	}
}

// TestBlurRefusesBadRegions: nothing outside the photo, empty, not a number
// or one too many is blurred; the photo's very edge is inside it.
func TestBlurRefusesBadRegions(t *testing.T) {
	p := NewPipeline(1)
	full := makeJPEG(t, noisy(64, 48))
	many := make([]Region, MaxRegions+1)
	for i := range many {
		many[i] = Region{X: 0.1, Y: 0.1, W: 0.1, H: 0.1}
	}
	for _, tt := range []struct {
		name    string
		regions []Region
		ok      bool
	}{
		{"inside", []Region{{0.1, 0.1, 0.5, 0.5}}, true},
		{"to the corner", []Region{{0.1, 0.7, 0.9, 0.3}}, true}, // 0.1+0.9 is a hair over 1 in floats
		{"whole photo", []Region{{0, 0, 1, 1}}, true},
		{"the most", many[:MaxRegions], true},
		{"one too many", many, false},
		{"negative corner", []Region{{-0.1, 0.1, 0.5, 0.5}}, false},
		{"past the right", []Region{{0.6, 0.1, 0.5, 0.5}}, false},
		{"past the bottom", []Region{{0.1, 0.6, 0.5, 0.5}}, false},
		{"zero width", []Region{{0.1, 0.1, 0, 0.5}}, false},
		{"negative height", []Region{{0.1, 0.5, 0.2, -0.3}}, false},
		{"not a number", []Region{{math.NaN(), 0.1, 0.2, 0.2}}, false},
		{"infinite", []Region{{0.1, 0.1, math.Inf(1), 0.2}}, false},
		{"one bad of two", []Region{{0.1, 0.1, 0.2, 0.2}, {0.9, 0.9, 0.2, 0.2}}, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := p.Blur(t.Context(), full, tt.regions)
			if tt.ok && err != nil {
				t.Errorf("refused: %v", err)
			}
			if !tt.ok && !errors.Is(err, ErrRegion) {
				t.Errorf("err %v, want ErrRegion", err)
			}
		})
	}
}

// TestBlurRefusesBadInput: bytes that are not a stored JPEG, and a request
// whose context ended, never reach the decoder.
func TestBlurRefusesBadInput(t *testing.T) {
	p := NewPipeline(1)
	if _, err := p.Blur(t.Context(), []byte("not a photo"), nil); !errors.Is(err, ErrCorrupt) {
		t.Errorf("garbage: %v, want ErrCorrupt", err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := p.Blur(ctx, makeJPEG(t, noisy(64, 48)), nil); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v, want context.Canceled", err)
	}
}

// TestRegionPixels: a region covers whole pixels, at least one, inside the
// image.
func TestRegionPixels(t *testing.T) {
	b := image.Rect(0, 0, 400, 300)
	for _, tt := range []struct {
		r    Region
		want image.Rectangle
	}{
		{Region{0, 0, 1, 1}, b},
		{Region{0.25, 0.5, 0.5, 0.25}, image.Rect(100, 150, 300, 225)},
		{Region{0.5, 0.5, 1e-6, 1e-6}, image.Rect(200, 150, 201, 151)},
		{Region{0.1, 0.7, 0.9, 0.3 + 1e-10}, image.Rect(40, 210, 400, 300)},
	} {
		if got := tt.r.pixels(b); got != tt.want {
			t.Errorf("%+v: %v, want %v", tt.r, got, tt.want)
		}
	}
}
