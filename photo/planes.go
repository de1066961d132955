package photo

import (
	"image"
	"image/color"
)

// plane is one 8-bit channel (luma or a chroma) of a YCbCr image.
type plane struct {
	pix          []uint8
	w, h, stride int
}

// newPlane allocates a tightly packed w x h plane.
func newPlane(w, h int) plane {
	return plane{pix: make([]uint8, w*h), w: w, h: h, stride: w}
}

// row returns the w bytes of row y.
func (p plane) row(y int) []uint8 {
	return p.pix[y*p.stride:][:p.w:p.w]
}

// planes420 splits a 4:2:0 image whose Rect starts at the origin into its
// luma and chroma planes; the chroma planes are half size, rounded up.
func planes420(m *image.YCbCr) (y, cb, cr plane) {
	w, h := m.Rect.Dx(), m.Rect.Dy()
	cw, ch := (w+1)/2, (h+1)/2
	return plane{m.Y, w, h, m.YStride}, plane{m.Cb, cw, ch, m.CStride}, plane{m.Cr, cw, ch, m.CStride}
}

// image420 joins three planes back into a 4:2:0 image, which image/jpeg
// encodes without converting through RGB.
func image420(y, cb, cr plane) *image.YCbCr {
	return &image.YCbCr{
		Y: y.pix, Cb: cb.pix, Cr: cr.pix,
		YStride: y.stride, CStride: cb.stride,
		SubsampleRatio: image.YCbCrSubsampleRatio420,
		Rect:           image.Rect(0, 0, y.w, y.h),
	}
}

// to420 returns img as a 4:2:0 YCbCr image at the origin, the one layout the
// rest of the pipeline handles. Baseline phone JPEGs already are and are not
// copied; other JPEG layouts are re-subsampled, and every other image goes
// through RGB with transparency flattened onto white. Either way img is read
// once and only the 4:2:0 copy is allocated (1.5 bytes a pixel), so the
// caller can drop img as soon as this returns.
func to420(img image.Image) *image.YCbCr {
	if m, ok := img.(*image.YCbCr); ok {
		if m.SubsampleRatio == image.YCbCrSubsampleRatio420 && m.Rect.Min == (image.Point{}) {
			return m
		}
		return resubsample(m)
	}
	return rgbTo420(img)
}

// resubsample converts a YCbCr image of any subsampling to 4:2:0 by averaging
// the chroma under each 2x2 block of luma.
func resubsample(m *image.YCbCr) *image.YCbCr {
	b := m.Rect
	dst := image.NewYCbCr(image.Rect(0, 0, b.Dx(), b.Dy()), image.YCbCrSubsampleRatio420)
	y, cb, cr := planes420(dst)
	parallelRows(y.h, func(y0, y1 int) {
		for yy := y0; yy < y1; yy++ {
			copy(y.row(yy), m.Y[m.YOffset(b.Min.X, b.Min.Y+yy):])
		}
	})
	parallelRows(cb.h, func(y0, y1 int) {
		for cy := y0; cy < y1; cy++ {
			for cx := range cb.w {
				var sb, sr, n uint32
				for _, o := range [4]image.Point{{0, 0}, {1, 0}, {0, 1}, {1, 1}} {
					p := image.Pt(b.Min.X+2*cx+o.X, b.Min.Y+2*cy+o.Y)
					if p.In(b) {
						ci := m.COffset(p.X, p.Y)
						sb, sr, n = sb+uint32(m.Cb[ci]), sr+uint32(m.Cr[ci]), n+1
					}
				}
				cb.pix[cy*cb.stride+cx] = uint8((sb + n/2) / n)
				cr.pix[cy*cr.stride+cx] = uint8((sr + n/2) / n)
			}
		}
	})
	return dst
}

// rgbTo420 converts any image to 4:2:0 at the origin, flattening any
// transparency onto white first: JPEG has no alpha, and a transparent
// screenshot reads better on white than on black. It reads two rows at a time
// through rowsOf, so besides the result it holds only two rows per core.
func rgbTo420(img image.Image) *image.YCbCr {
	w, h := img.Bounds().Dx(), img.Bounds().Dy()
	read := rowsOf(img)
	dst := image.NewYCbCr(image.Rect(0, 0, w, h), image.YCbCrSubsampleRatio420)
	y, cb, cr := planes420(dst)
	parallelRows(cb.h, func(y0, y1 int) {
		buf := make([]uint8, 8*w)
		var rows [2][]uint8
		for cy := y0; cy < y1; cy++ {
			n := min(2, h-2*cy)
			for i := range n {
				rows[i] = read(2*cy+i, buf[4*w*i:][:4*w:4*w])
			}
			for cx := range cb.w {
				var sb, sr, cnt int32
				for i := range n {
					for px := 2 * cx; px < min(2*cx+2, w); px++ {
						l, b, r := color.RGBToYCbCr(flatten(rows[i][4*px:][:4:4]))
						y.pix[(2*cy+i)*y.stride+px] = l
						sb, sr, cnt = sb+int32(b), sr+int32(r), cnt+1
					}
				}
				cb.pix[cy*cb.stride+cx] = uint8((sb + cnt/2) / cnt)
				cr.pix[cy*cr.stride+cx] = uint8((sr + cnt/2) / cnt)
			}
		}
	})
	return dst
}

// flatten composites one non-premultiplied RGBA pixel onto white.
func flatten(p []uint8) (r, g, b uint8) {
	a := uint32(p[3])
	if a == 0xff {
		return p[0], p[1], p[2]
	}
	bg := 0xff * (0xff - a)
	mix := func(c uint8) uint8 { return uint8((uint32(c)*a + bg + 0x7f) / 0xff) }
	return mix(p[0]), mix(p[1]), mix(p[2])
}
