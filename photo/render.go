package photo

import (
	"bytes"
	"fmt"
	"image"
	"image/jpeg"
)

// render decodes an inspected upload and produces both JPEGs. The thumbnail
// is made from the shrunk, upright photo, and encoded while the full-size
// JPEG is, since each encoder runs on one core.
func render(src source) (Processed, error) {
	img, err := decode(src)
	if err != nil {
		return Processed{}, err
	}
	// Nothing refers to img after to420: the decoded image (8 bytes a pixel
	// for a 16-bit PNG) is garbage while shrink allocates, and only its 4:2:0
	// copy stays.
	full := orient(shrink(to420(img), fullLongSide), src.orientation)

	thumbc := make(chan encoded, 1)
	go func() {
		data, err := encodeJPEG(shrink(full, thumbLongSide))
		thumbc <- encoded{data, err}
	}()
	fullJPEG, fullErr := encodeJPEG(full)
	thumb := <-thumbc
	if fullErr != nil {
		return Processed{}, fullErr
	}
	if thumb.err != nil {
		return Processed{}, thumb.err
	}
	return Processed{
		Full:   fullJPEG,
		Thumb:  thumb.data,
		Width:  full.Rect.Dx(),
		Height: full.Rect.Dy(),
	}, nil
}

// encoded carries the thumbnail's result back from its goroutine.
type encoded struct {
	data []byte
	err  error
}

// encodeJPEG writes a baseline 4:2:0 JPEG. image/jpeg writes no metadata
// segments at all, which is what strips EXIF, GPS and anything else the
// sender embedded.
func encodeJPEG(m *image.YCbCr) ([]byte, error) {
	var buf bytes.Buffer
	buf.Grow(m.Rect.Dx() * m.Rect.Dy() / 8)
	if err := jpeg.Encode(&buf, m, &jpeg.Options{Quality: jpegQuality}); err != nil {
		return nil, fmt.Errorf("photo: encoding JPEG: %w", err)
	}
	return buf.Bytes(), nil
}
