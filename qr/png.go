package qr

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
)

// PNG renders content as a size×size pixel PNG QR code, for screens and for
// download. Every module is a whole number of pixels, so edges stay sharp
// when printed; the pixels left over are spread evenly round the code as
// extra quiet zone. size must be within [MinSize, MaxSize] (use ClampSize on
// user input) and large enough for one pixel per module, else ErrSize.
//
// go-qrcode's own PNG is not used: it maps pixels to modules with a
// fractional step, giving modules of uneven width.
func PNG(content string, size int) ([]byte, error) {
	if size < MinSize || size > MaxSize {
		return nil, fmt.Errorf("%w: %d is outside [%d, %d]", ErrSize, size, MinSize, MaxSize)
	}
	grid, err := modules(content)
	if err != nil {
		return nil, err
	}
	n := len(grid)
	scale := size / n
	if scale < 1 {
		return nil, fmt.Errorf("%w: the code is %d modules wide, more than %d pixels", ErrSize, n, size)
	}
	img := draw(grid, size, scale)
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := enc.Encode(&buf, img); err != nil {
		return nil, fmt.Errorf("qr: encoding PNG: %w", err)
	}
	return buf.Bytes(), nil
}

// draw paints grid centred on a white size×size image, scale pixels per
// module. A two-colour palette makes the PNG one bit per pixel; white is
// palette index 0, the zero value, so the image starts light.
func draw(grid [][]bool, size, scale int) *image.Paletted {
	const dark = 1
	img := image.NewPaletted(image.Rect(0, 0, size, size), color.Palette{color.White, color.Black})
	offset := (size - len(grid)*scale) / 2
	for my, row := range grid {
		top := (offset + my*scale) * img.Stride
		line := img.Pix[top : top+size]
		for mx, on := range row {
			if !on {
				continue
			}
			for x := offset + mx*scale; x < offset+(mx+1)*scale; x++ {
				line[x] = dark
			}
		}
		for k := 1; k < scale; k++ {
			copy(img.Pix[top+k*img.Stride:], line)
		}
	}
	return img
}
