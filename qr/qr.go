// Package qr draws the QR codes on Gridline's community posters: content in,
// image bytes out. It knows nothing about HTTP or storage, so the server can
// serve the bytes and the poster page can embed them.
//
// Codes use error correction level H (30 % of the symbol can be lost) when
// that keeps the symbol small, and never less than Q (25 %): posters hang
// outdoors, get wet, torn and scribbled on, and are scanned by old phones.
package qr

import (
	"errors"
	"fmt"

	qrcode "github.com/skip2/go-qrcode"
)

// Sentinel errors, so callers can answer 400 rather than 500.
var (
	// ErrContent means the content is empty or too long for a QR code.
	ErrContent = errors.New("qr: content cannot be encoded")
	// ErrSize means the requested image size is outside [MinSize, MaxSize]
	// or too small to give every module at least one pixel.
	ErrSize = errors.New("qr: image size not possible")
)

const (
	// MaxContentBytes bounds the content. It is well above any poster URL
	// and keeps the work done for one request small.
	MaxContentBytes = 2000

	// maxHighVersion is the largest symbol drawn at level H (version 9:
	// 53 modules, 61 with the quiet zone, up to 98 bytes), which still
	// gives each module two pixels at MinSize. Longer content drops to
	// level Q, which needs a smaller symbol.
	maxHighVersion = 9
)

// modules returns the dark (true) and light modules of the QR code for
// content, indexed [y][x], including the quiet zone of 4 light modules on
// every side that go-qrcode adds while DisableBorder is false.
func modules(content string) ([][]bool, error) {
	if content == "" {
		return nil, fmt.Errorf("%w: it is empty", ErrContent)
	}
	if len(content) > MaxContentBytes {
		return nil, fmt.Errorf("%w: %d bytes is more than %d", ErrContent, len(content), MaxContentBytes)
	}
	code, err := chooseLevel(content)
	if err != nil {
		return nil, err
	}
	code.DisableBorder = false
	return code.Bitmap(), nil
}

// chooseLevel encodes content at level H when that fits nicely (see
// maxHighVersion), otherwise at level Q. Mind go-qrcode's names: its
// High is level Q and its Highest is level H.
func chooseLevel(content string) (*qrcode.QRCode, error) {
	h, err := qrcode.New(content, qrcode.Highest)
	if err == nil && h.VersionNumber <= maxHighVersion {
		return h, nil
	}
	q, err := qrcode.New(content, qrcode.High)
	if err != nil {
		return nil, fmt.Errorf("%w: %d bytes at error correction level Q: %w", ErrContent, len(content), err)
	}
	return q, nil
}
