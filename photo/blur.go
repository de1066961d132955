package photo

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/draw"
	"image/jpeg"
	"math"

	"github.com/disintegration/imaging"
)

// Blurring is how staff hide faces, licence plates and door numbers before a
// photo is public (issue 14): the regions are drawn on the photo as shown,
// so they are fractions of its size, and the public rendition is always made
// again from the stored original with every region staff ever drew. The
// original is never changed, so nothing is lost for staff and no blur
// compounds on another.

// MaxRegions bounds the regions of one photo: a face, a plate or a door
// number is one rectangle, and fifty covers a crowd. More is a mistake or
// an attack on the decode slots, and is refused.
const MaxRegions = 50

// ErrRegion means a region is not inside the photo (a side outside 0–1, a
// width or height of zero or less, a value that is not a number) or there
// are more than MaxRegions.
var ErrRegion = errors.New("photo: region outside the photo")

// Region is a rectangle of a photo as fractions of its width and height: X
// and Y its top-left corner, W and H its size, so a rectangle drawn on the
// photo at any size on screen means the same pixels.
type Region struct{ X, Y, W, H float64 }

// edgeSlack forgives the rounding of a browser's arithmetic at the photo's
// edge (0.1 + 0.9 is 1.0000000000000002), which would otherwise refuse a
// rectangle dragged to the very corner.
const edgeSlack = 1e-9

// Valid reports whether r is a rectangle of positive size inside the photo.
func (r Region) Valid() bool {
	for _, v := range []float64{r.X, r.Y, r.W, r.H} {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return false
		}
	}
	return r.X >= 0 && r.Y >= 0 && r.W > 0 && r.H > 0 &&
		r.X+r.W <= 1+edgeSlack && r.Y+r.H <= 1+edgeSlack
}

// pixels is r on an image with bounds b: widened to whole pixels, so the
// thinnest region still covers one, and kept inside b.
func (r Region) pixels(b image.Rectangle) image.Rectangle {
	w, h := float64(b.Dx()), float64(b.Dy())
	return image.Rect(
		b.Min.X+int(math.Floor(r.X*w)), b.Min.Y+int(math.Floor(r.Y*h)),
		b.Min.X+int(math.Ceil((r.X+r.W)*w)), b.Min.Y+int(math.Ceil((r.Y+r.H)*h)),
	).Intersect(b)
}

// CheckRegions returns ErrRegion, saying which, unless every region is
// valid and there are at most MaxRegions.
func CheckRegions(regions []Region) error {
	if len(regions) > MaxRegions {
		return fmt.Errorf("%d regions, at most %d: %w", len(regions), MaxRegions, ErrRegion)
	}
	for i, r := range regions {
		if !r.Valid() {
			return fmt.Errorf("region %d %+v: %w", i+1, r, ErrRegion)
		}
	}
	return nil
}

// Blur makes the public rendition of a stored full-size photo: each region
// pixelated and then smoothed, and the thumbnail made from that result, so
// the thumbnail hides what the photo hides. It takes a decode slot like an
// upload. Errors wrap ErrRegion, ErrCorrupt, ErrTooLarge or the context's.
func (p *Pipeline) Blur(ctx context.Context, full []byte, regions []Region) (Processed, error) {
	if err := CheckRegions(regions); err != nil {
		return Processed{}, err
	}
	cfg, err := jpeg.DecodeConfig(bytes.NewReader(full))
	if err != nil {
		return Processed{}, fmt.Errorf("photo: reading stored photo: %w (%w)", ErrCorrupt, err)
	}
	if cfg.Width*cfg.Height > MaxPixels || cfg.Width > maxSide || cfg.Height > maxSide {
		return Processed{}, fmt.Errorf("photo: stored photo %dx%d: %w", cfg.Width, cfg.Height, ErrTooLarge)
	}
	if err := p.acquire(ctx); err != nil {
		return Processed{}, err
	}
	defer p.release()
	img, err := jpeg.Decode(bytes.NewReader(full))
	if err != nil {
		return Processed{}, fmt.Errorf("photo: decoding stored photo: %w (%w)", ErrCorrupt, err)
	}
	out := imaging.Clone(img)
	for _, r := range regions {
		obscure(out, r.pixels(out.Bounds()))
	}
	return encodeBlurred(out)
}

// obscure hides what rect shows in m. It pixelates: each block becomes its
// average, which no sharpening can undo (a Gaussian blur alone can be partly
// reversed). The averages are then spread back over the region by linear
// interpolation rather than drawn as squares, which is as smooth as a strong
// blur, adds nothing the averages do not hold, and costs one pass however
// large the region (a Gaussian of the same strength would cost its width
// again for every pixel). A block is a quarter of the region's short side,
// a sixteenth of its long side, and at least 8 px: four blocks across a
// face, about two across each character of a plate.
func obscure(m *image.NRGBA, rect image.Rectangle) {
	w, h := rect.Dx(), rect.Dy()
	if w <= 0 || h <= 0 {
		return
	}
	block := max(8, min(w, h)/4, max(w, h)/16)
	small := imaging.Resize(imaging.Crop(m, rect), max(1, w/block), max(1, h/block), imaging.Box)
	smooth := imaging.Resize(small, w, h, imaging.Linear)
	draw.Draw(m, rect, smooth, image.Point{}, draw.Src)
}

// encodeBlurred writes the blurred photo and its thumbnail as the pipeline
// writes an upload's: JPEG at the same quality, no metadata, the thumbnail's
// long side at most thumbLongSide.
func encodeBlurred(m *image.NRGBA) (Processed, error) {
	tw, th := fitSize(m.Rect.Dx(), m.Rect.Dy(), thumbLongSide)
	var full, thumb bytes.Buffer
	if err := jpeg.Encode(&full, opaque(m), &jpeg.Options{Quality: jpegQuality}); err != nil {
		return Processed{}, fmt.Errorf("photo: encoding blurred photo: %w", err)
	}
	small := imaging.Resize(m, tw, th, imaging.Lanczos)
	if err := jpeg.Encode(&thumb, opaque(small), &jpeg.Options{Quality: jpegQuality}); err != nil {
		return Processed{}, fmt.Errorf("photo: encoding blurred thumbnail: %w", err)
	}
	return Processed{Full: full.Bytes(), Thumb: thumb.Bytes(), Width: m.Rect.Dx(), Height: m.Rect.Dy()}, nil
}

// opaque views m, every pixel of which is opaque (it was decoded from a
// JPEG), as the *image.RGBA it then equals: image/jpeg encodes that type
// row by row, but any other one pixel by pixel through At, which for a
// 1600 px photo takes several times as long.
func opaque(m *image.NRGBA) *image.RGBA {
	return &image.RGBA{Pix: m.Pix, Stride: m.Stride, Rect: m.Rect}
}
