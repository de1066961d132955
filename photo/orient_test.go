package photo

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"math/rand/v2"
	"testing"

	"github.com/disintegration/imaging"
)

// TestOrientation tags a 64x32 photo whose top-left quarter is red with each
// EXIF orientation and checks where the red corner ends up, and that no EXIF
// or GPS byte survives.
func TestOrientation(t *testing.T) {
	red := color.RGBA{255, 0, 0, 255}
	tests := []struct {
		orientation uint16
		w, h        int
		redAt       image.Point // in eighths of the output's width and height
	}{
		{1, 64, 32, image.Pt(1, 1)},
		{2, 64, 32, image.Pt(7, 1)},
		{3, 64, 32, image.Pt(7, 7)},
		{4, 64, 32, image.Pt(1, 7)},
		{5, 32, 64, image.Pt(1, 1)},
		{6, 32, 64, image.Pt(7, 1)},
		{7, 32, 64, image.Pt(7, 7)},
		{8, 32, 64, image.Pt(1, 7)},
		{9, 64, 32, image.Pt(1, 1)}, // invalid: left as stored
	}
	p := NewPipeline(1)
	for _, tc := range tests {
		t.Run(fmt.Sprint("orientation ", tc.orientation), func(t *testing.T) {
			in := withEXIF(makeJPEG(t, quadrants(64, 32)), tc.orientation)
			out, err := p.Process(context.Background(), bytes.NewReader(in))
			if err != nil {
				t.Fatalf("Process() error = %v", err)
			}
			full := checkOutput(t, out)
			if out.Width != tc.w || out.Height != tc.h {
				t.Fatalf("Full is %dx%d, want %dx%d", out.Width, out.Height, tc.w, tc.h)
			}
			if c := full.At(tc.redAt.X*tc.w/8, tc.redAt.Y*tc.h/8); !near(c, red) {
				t.Errorf("color at %v/8 is %v, want red", tc.redAt, c)
			}
			for name, b := range map[string][]byte{"Full": out.Full, "Thumb": out.Thumb} {
				if m := metadataMarkers(b); len(m) > 0 {
					t.Errorf("%s has metadata segments %x", name, m)
				}
				if bytes.Contains(b, []byte("Exif")) || bytes.Contains(b, gpsLatitude()) {
					t.Errorf("%s still carries EXIF or GPS bytes", name)
				}
			}
		})
	}
}

// TestOrientPlaneMatchesImaging checks the one-loop plane transform against
// imaging's transforms on random odd-sized planes.
func TestOrientPlaneMatchesImaging(t *testing.T) {
	tests := []struct {
		orientation int
		want        func(image.Image) *image.NRGBA
	}{
		{orientNormal, imaging.Clone},
		{orientFlipH, imaging.FlipH},
		{orientRotate180, imaging.Rotate180},
		{orientFlipV, imaging.FlipV},
		{orientTranspose, imaging.Transpose},
		{orientRotate90CW, imaging.Rotate270},
		{orientTransverse, imaging.Transverse},
		{orientRotate90CC, imaging.Rotate90},
	}
	rng := rand.New(rand.NewPCG(1, 2))
	src := plane{pix: make([]uint8, 9*5), w: 7, h: 5, stride: 9} // stride wider than w
	for i := range src.pix {
		src.pix[i] = uint8(rng.Uint32())
	}
	gray := &image.Gray{Pix: src.pix, Stride: src.stride, Rect: image.Rect(0, 0, src.w, src.h)}
	for _, tc := range tests {
		t.Run(fmt.Sprint("orientation ", tc.orientation), func(t *testing.T) {
			got, want := orientPlane(src, tc.orientation), tc.want(gray)
			if got.w != want.Rect.Dx() || got.h != want.Rect.Dy() {
				t.Fatalf("size %dx%d, want %v", got.w, got.h, want.Rect.Size())
			}
			for y := range got.h {
				for x := range got.w {
					if g, w := got.pix[y*got.stride+x], want.Pix[y*want.Stride+4*x]; g != w {
						t.Fatalf("at (%d,%d) got %d, want %d", x, y, g, w)
					}
				}
			}
		})
	}
}
