package photo

import (
	"bytes"
	"image"
	"image/color"
	"math/rand/v2"
	"testing"

	"github.com/disintegration/imaging"
)

// TestTo420MatchesClone checks that converting an image a row at a time
// gives exactly what cloning it to NRGBA first gave (the pipeline's earlier
// way, and the one a 16-bit PNG cannot afford), for every image type the
// decoders return and for a generic one.
func TestTo420MatchesClone(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	noise := func(pix []uint8) {
		for i := range pix {
			pix[i] = uint8(rng.UintN(256))
		}
	}
	r := image.Rect(0, 0, 37, 23)
	nrgba, nrgba64, rgba, rgba64 := image.NewNRGBA(r), image.NewNRGBA64(r), image.NewRGBA(r), image.NewRGBA64(r)
	gray, gray16, cmyk, alpha := image.NewGray(r), image.NewGray16(r), image.NewCMYK(r), image.NewAlpha(r)
	ycbcra := image.NewNYCbCrA(r, image.YCbCrSubsampleRatio420)
	for _, pix := range [][]uint8{nrgba.Pix, nrgba64.Pix, rgba.Pix, rgba64.Pix, gray.Pix, gray16.Pix, cmyk.Pix, alpha.Pix,
		ycbcra.Y, ycbcra.Cb, ycbcra.Cr, ycbcra.A} {
		noise(pix)
	}
	// Premultiplied pixels keep each colour at or under alpha; some are fully
	// opaque or fully transparent, which take their own branches.
	for _, m := range []struct {
		pix  []uint8
		size int
	}{{rgba.Pix, 1}, {rgba64.Pix, 2}} {
		for i := 0; i < len(m.pix); i += 4 * m.size {
			a := m.pix[i+3*m.size]
			for c := range 3 * m.size {
				m.pix[i+c] = min(m.pix[i+c], a)
			}
		}
	}
	copy(rgba.Pix, []uint8{9, 9, 9, 255, 0, 0, 0, 0})
	pal := image.NewPaletted(r, color.Palette{color.NRGBA{255, 0, 0, 255}, color.NRGBA{0, 0, 255, 128}, color.Transparent})
	for i := range pal.Pix {
		pal.Pix[i] = uint8(rng.UintN(3))
	}
	tests := []struct {
		name string
		img  image.Image
	}{
		{"NRGBA", nrgba},
		{"NRGBA sub-image", nrgba.SubImage(image.Rect(3, 5, 30, 20))},
		{"NRGBA64", nrgba64},
		{"RGBA", rgba},
		{"RGBA64", rgba64},
		{"Gray", gray},
		{"Gray16", gray16},
		{"Paletted", pal},
		{"Paletted sub-image", pal.SubImage(image.Rect(1, 1, 36, 22))},
		{"CMYK", cmyk},
		{"NYCbCrA", ycbcra},
		{"Alpha, read through At", alpha},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, want := rgbTo420(tc.img), rgbTo420(imaging.Clone(tc.img))
			if got.Rect != want.Rect || !bytes.Equal(got.Y, want.Y) || !bytes.Equal(got.Cb, want.Cb) || !bytes.Equal(got.Cr, want.Cr) {
				t.Errorf("row-wise conversion differs from converting a clone")
			}
		})
	}
}
