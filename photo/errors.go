package photo

import "errors"

// The sentinel errors let callers pick a message for the resident without
// parsing strings; Process wraps them, so test with errors.Is.
var (
	// ErrUnsupported means the bytes are not a JPEG, PNG, GIF or WebP image.
	ErrUnsupported = errors.New("photo: unsupported image format")
	// ErrHEIC means the upload is HEIC/HEIF, which iPhones send by default;
	// it is told apart so the resident can be asked to send a JPEG instead.
	ErrHEIC = errors.New("photo: HEIC/HEIF images are not supported")
	// ErrTooLarge means the image declares more than MaxPixels, or absurd sides,
	// or the upload itself is too many bytes.
	ErrTooLarge = errors.New("photo: image too large")
	// ErrCorrupt means the upload looked like a known format but is truncated
	// or cannot be decoded.
	ErrCorrupt = errors.New("photo: image corrupt or truncated")
)
