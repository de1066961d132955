package photo

import (
	"image"
	"image/color"
)

// rowReader returns row y, counted from the top of the image, as 8-bit
// non-premultiplied RGBA, 4 bytes a pixel: either buf filled in or, when the
// image is already laid out that way, a slice of its own pixels.
type rowReader func(y int, buf []uint8) []uint8

// rowsOf returns the rowReader for img. Reading a row at a time is what lets
// rgbTo420 convert an image without first copying all of it to NRGBA (for a
// 16-bit PNG that copy was half the decoded image again). The arithmetic is
// imaging.Clone's, which the pipeline used before, so the JPEGs come out the
// same byte for byte.
func rowsOf(img image.Image) rowReader {
	w := img.Bounds().Dx()
	switch m := img.(type) {
	case *image.NRGBA:
		return func(y int, _ []uint8) []uint8 { return m.Pix[y*m.Stride:][: 4*w : 4*w] }
	case *image.NRGBA64:
		return nrgba64Rows(m, w)
	case *image.RGBA:
		return rgbaRows(m, w)
	case *image.RGBA64:
		return rgba64Rows(m, w)
	case *image.Gray:
		return grayRows(m.Pix, m.Stride, 1, w)
	case *image.Gray16:
		return grayRows(m.Pix, m.Stride, 2, w)
	case *image.Paletted:
		return palettedRows(m, w)
	case *image.CMYK:
		return atRows(m.Rect, m.CMYKAt)
	case *image.NYCbCrA:
		return atRows(m.Rect, m.NYCbCrAAt)
	}
	return atRows(img.Bounds(), img.At)
}

// nrgba64Rows reads a 16-bit non-premultiplied image, keeping the high bytes.
func nrgba64Rows(m *image.NRGBA64, w int) rowReader {
	return func(y int, buf []uint8) []uint8 {
		src := m.Pix[y*m.Stride:][: 8*w : 8*w]
		for x := range w {
			s, d := src[8*x:][:8:8], buf[4*x:][:4:4]
			d[0], d[1], d[2], d[3] = s[0], s[2], s[4], s[6]
		}
		return buf
	}
}

// rgbaRows reads an 8-bit premultiplied image, unpremultiplying each pixel.
func rgbaRows(m *image.RGBA, w int) rowReader {
	return func(y int, buf []uint8) []uint8 {
		src := m.Pix[y*m.Stride:][: 4*w : 4*w]
		for x := range w {
			s, d := src[4*x:][:4:4], buf[4*x:][:4:4]
			switch a := uint16(s[3]); a {
			case 0:
				d[0], d[1], d[2], d[3] = 0, 0, 0, 0
			case 0xff:
				d[0], d[1], d[2], d[3] = s[0], s[1], s[2], 0xff
			default:
				d[0], d[1], d[2], d[3] = uint8(uint16(s[0])*0xff/a), uint8(uint16(s[1])*0xff/a), uint8(uint16(s[2])*0xff/a), s[3]
			}
		}
		return buf
	}
}

// rgba64Rows reads a 16-bit premultiplied image, unpremultiplying each pixel.
func rgba64Rows(m *image.RGBA64, w int) rowReader {
	return func(y int, buf []uint8) []uint8 {
		src := m.Pix[y*m.Stride:][: 8*w : 8*w]
		for x := range w {
			s, d := src[8*x:][:8:8], buf[4*x:][:4:4]
			switch s[6] { // imaging decides on the alpha's high byte
			case 0:
				d[0], d[1], d[2], d[3] = 0, 0, 0, 0
			case 0xff:
				d[0], d[1], d[2], d[3] = s[0], s[2], s[4], 0xff
			default:
				c := func(i int) uint32 { return uint32(s[i])<<8 | uint32(s[i+1]) }
				unpremultiply(d, c(0), c(2), c(4), c(6))
			}
		}
		return buf
	}
}

// palettedRows reads a paletted image through its palette, converted once.
func palettedRows(m *image.Paletted, w int) rowReader {
	var pal [256]color.NRGBA
	for i, c := range m.Palette[:min(len(m.Palette), 256)] {
		pal[i] = color.NRGBAModel.Convert(c).(color.NRGBA)
	}
	return func(y int, buf []uint8) []uint8 {
		for x, i := range m.Pix[y*m.Stride:][:w:w] {
			c := pal[i]
			buf[4*x], buf[4*x+1], buf[4*x+2], buf[4*x+3] = c.R, c.G, c.B, c.A
		}
		return buf
	}
}

// atRows reads any image a pixel at a time. The CMYK and NYCbCrA images
// (CMYK JPEG, WebP with alpha) pass methods that return their own colour
// type: through At, every pixel would be boxed in an interface, and that
// garbage adds up to the size of the image again.
func atRows[C interface{ RGBA() (r, g, b, a uint32) }](b image.Rectangle, at func(x, y int) C) rowReader {
	return func(y int, buf []uint8) []uint8 {
		for x := range b.Dx() {
			r, g, bl, a := at(b.Min.X+x, b.Min.Y+y).RGBA()
			unpremultiply(buf[4*x:][:4:4], r, g, bl, a)
		}
		return buf
	}
}

// grayRows reads a grey image with size bytes a sample, keeping the high byte.
func grayRows(pix []uint8, stride, size, w int) rowReader {
	return func(y int, buf []uint8) []uint8 {
		row := pix[y*stride:][: size*w : size*w]
		for x := range w {
			v := row[size*x]
			buf[4*x], buf[4*x+1], buf[4*x+2], buf[4*x+3] = v, v, v, 0xff
		}
		return buf
	}
}

// unpremultiply stores a 16-bit premultiplied colour in d as 8-bit
// non-premultiplied RGBA.
func unpremultiply(d []uint8, r, g, b, a uint32) {
	switch a {
	case 0xffff:
		d[0], d[1], d[2], d[3] = uint8(r>>8), uint8(g>>8), uint8(b>>8), 0xff
	case 0:
		d[0], d[1], d[2], d[3] = 0, 0, 0, 0
	default:
		d[0], d[1], d[2], d[3] = uint8((r*0xffff/a)>>8), uint8((g*0xffff/a)>>8), uint8((b*0xffff/a)>>8), uint8(a>>8)
	}
}
