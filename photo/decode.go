package photo

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/gif"
	"image/jpeg"
	"image/png"

	"golang.org/x/image/webp"
)

// maxSide refuses absurd canvases that pass the pixel count, such as a one
// pixel high strip millions of pixels wide.
const maxSide = 1 << 15

// source is an upload that passed the header checks and may be decoded.
type source struct {
	data          []byte
	format        format
	width, height int // as stored, before orientation
	orientation   int // EXIF value 1-8
}

// inspect sniffs the upload and reads only its header, so oversized or bogus
// images, and those whose decode would cost more than maxDecodeBytes, are
// refused before any pixel memory is allocated.
func inspect(data []byte) (source, error) {
	f, err := sniff(data)
	if err != nil {
		return source{}, fmt.Errorf("photo: sniffing upload: %w", err)
	}
	cfg, err := guard(func() (image.Config, error) { return decodeConfig(f, data) })
	if err != nil {
		return source{}, fmt.Errorf("photo: reading %s header: %w (%w)", f, decodeFailure(err), err)
	}
	w, h := cfg.Width, cfg.Height
	switch {
	case w <= 0 || h <= 0:
		return source{}, fmt.Errorf("photo: %s declares %dx%d: %w", f, w, h, ErrCorrupt)
	case w > maxSide || h > maxSide || w*h > MaxPixels:
		return source{}, fmt.Errorf("photo: %s declares %dx%d: %w", f, w, h, ErrTooLarge)
	}
	src := source{data: data, format: f, width: w, height: h, orientation: orientNormal}
	if err := checkCost(src); err != nil {
		return source{}, err
	}
	if f == formatJPEG {
		src.orientation = jpegOrientation(data)
	}
	return src, nil
}

// decodeConfig reads the image header with the decoder of the sniffed format
// only, so a file cannot pick a different decoder than the one its bytes name.
func decodeConfig(f format, data []byte) (image.Config, error) {
	r := bytes.NewReader(data)
	switch f {
	case formatJPEG:
		return jpeg.DecodeConfig(r)
	case formatPNG:
		return png.DecodeConfig(r)
	case formatGIF:
		return gif.DecodeConfig(r)
	case formatWebP:
		return webp.DecodeConfig(r)
	}
	return image.Config{}, ErrUnsupported
}

// decode decodes the pixels. JPEGs come back as *image.YCbCr, which the
// resizer reads directly; a GIF gives its first frame.
func decode(src source) (image.Image, error) {
	img, err := guard(func() (image.Image, error) { return decodePixels(src) })
	if err != nil {
		return nil, fmt.Errorf("photo: decoding %s: %w (%w)", src.format, decodeFailure(err), err)
	}
	// The header was checked, not the pixels: refuse a decoder result that
	// disagrees with it (a GIF frame may be smaller than its canvas).
	if b := img.Bounds(); b.Empty() || b.Dx() > src.width || b.Dy() > src.height {
		return nil, fmt.Errorf("photo: decoding %s: got %v for a %dx%d header: %w",
			src.format, b.Size(), src.width, src.height, ErrCorrupt)
	}
	return img, nil
}

// decodePixels runs the decoder of the sniffed format.
func decodePixels(src source) (image.Image, error) {
	r := bytes.NewReader(src.data)
	switch src.format {
	case formatJPEG:
		return jpeg.Decode(r)
	case formatPNG:
		return png.Decode(r)
	case formatGIF:
		return gif.Decode(r)
	case formatWebP:
		return webp.Decode(r)
	}
	return nil, ErrUnsupported
}

// decodeFailure picks the sentinel for a decoder error: a variant the decoder
// does not implement (arithmetic-coded or 12-bit JPEG, say) is unsupported,
// anything else is a damaged file.
func decodeFailure(err error) error {
	var jpegErr jpeg.UnsupportedError
	var pngErr png.UnsupportedError
	if errors.As(err, &jpegErr) || errors.As(err, &pngErr) {
		return ErrUnsupported
	}
	return ErrCorrupt
}

// guard runs a decoder call, turning a panic into an error. The decoders are
// not ours and the bytes are hostile: a decoder bug must fail one upload, not
// take the server down.
func guard[T any](decode func() (T, error)) (v T, err error) {
	defer func() {
		if p := recover(); p != nil {
			var zero T
			v, err = zero, fmt.Errorf("decoder panic: %v", p)
		}
	}()
	return decode()
}
