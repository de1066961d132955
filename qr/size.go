package qr

import (
	"errors"
	"strconv"
	"strings"
)

// Image sizes in pixels for PNG. MinSize keeps a poster URL's code at two
// or more pixels per module; MaxSize bounds the memory one request can
// make the server spend (a 2048×2048 image is 4 MiB before encoding).
const (
	// MinSize is the smallest PNG, a thumbnail on a staff page.
	MinSize = 128
	// MaxSize is the largest PNG: the width of an A4 page at about 250 dpi.
	MaxSize = 2048
	// DefaultSize is the PNG size when none is asked for, and the
	// intrinsic size of the SVG.
	DefaultSize = 512
)

// ClampSize turns a ?size= query value into a size PNG accepts: empty or not
// a whole number gives DefaultSize, anything else is clamped to [MinSize,
// MaxSize], so a link with a silly size still gets a useful image.
func ClampSize(s string) int {
	s = strings.TrimSpace(s)
	if s == "" {
		return DefaultSize
	}
	n, err := strconv.Atoi(s)
	if err != nil && !errors.Is(err, strconv.ErrRange) {
		return DefaultSize
	}
	// On ErrRange, Atoi returns the largest or smallest int, which the
	// clamp below turns into MaxSize or MinSize.
	return min(max(n, MinSize), MaxSize)
}
