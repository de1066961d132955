package photo

import (
	"fmt"
	"math"
)

// maxDecodeBytes bounds what one upload may allocate, from its decode to its
// two JPEGs, as checkCost estimates it from the header before any pixel memory
// exists. MaxPixels alone is not enough: a 0.4 MB PNG of one colour can declare
// 7000x7000 16-bit RGBA, which image/png decodes to 392 MB.
//
// Everything one upload allocates bounds what it holds at once, so a Pipeline
// with N slots holds at most N times this, plus the uploads' own bytes (which
// the request limits bound); with GOGC=100 the heap may grow to about twice
// that before a collection. 160 MiB admits what phones and screenshots
// produce: a 12 MP phone JPEG costs about 38 MB, a 50 MP one 113 MB, a 12 MP
// 8-bit RGBA PNG 86 MB (135 MB interlaced), a 12 MP 16-bit RGBA PNG 135 MB. It
// refuses 16-bit RGBA PNGs over about 15 MP (7000x7000 costs 505 MB),
// interlaced ones over about 8.5 MP and progressive 4:4:4 JPEGs over about 9 MP
// (TestDecodeBudget lists these). Sixteen of the largest 16-bit PNGs allowed,
// 4500x3400, sent at once peaked at 666 MiB RSS with 2 slots and 970-1269 MiB
// with 4 (bench/photomemory).
const maxDecodeBytes = 160 << 20

// outputBytes is what every upload costs whatever its size: the 1600 px image
// turned upright, the thumbnail, both JPEG encoders and the decoders' own tables
// (a 12 MP photo measured under 6 MB of these), with room for the allocator's
// rounding.
const outputBytes = 8 << 20

// layout is what a header says the decoder will build.
type layout struct {
	kind    string // what the header declares, for the error: "16-bit RGBA PNG"
	decoder int64  // bytes the decoder allocates: pixels, coefficients, passes
	is420   bool   // the decoded image already is the 4:2:0 image shrink works on
}

// checkCost refuses an upload whose estimated cost is over maxDecodeBytes.
func checkCost(src source) error {
	l := readLayout(src)
	if n := l.cost(src.width, src.height); n > maxDecodeBytes {
		return fmt.Errorf("photo: %s %dx%d needs about %d MB to process, over the %d MiB budget: %w",
			l.kind, src.width, src.height, n/1e6, maxDecodeBytes>>20, ErrTooLarge)
	}
	return nil
}

// cost is every byte the pipeline allocates for a w x h image with this
// layout: the decoder's, the 4:2:0 copy when the decoder gives something else,
// the planes shrink makes, and the fixed outputBytes.
func (l layout) cost(w, h int) int64 {
	n := l.decoder + shrinkBytes(w, h) + outputBytes
	if !l.is420 {
		n += planes420Bytes(w, h)
	}
	return n
}

// readLayout reads, from the header only, what the decoder of src's format
// will allocate.
func readLayout(src source) layout {
	w, h := src.width, src.height
	switch src.format {
	case formatJPEG:
		return jpegLayout(src.data, w, h)
	case formatPNG:
		return pngLayout(src.data, w, h)
	case formatGIF:
		return gifLayout(w, h)
	case formatWebP:
		return webpLayout(src.data, w, h)
	}
	return layout{kind: src.format.String(), decoder: 8 * int64(w) * int64(h)}
}

// gifLayout charges the first frame as one byte a pixel (image.Paletted). The
// frame must lie inside the canvas, so the canvas size bounds it.
func gifLayout(w, h int) layout {
	return layout{kind: "GIF", decoder: int64(w) * int64(h)}
}

// planes420Bytes is the size of a w x h 4:2:0 image: full-size luma and two
// chroma planes of half the width and half the height, rounded up.
func planes420Bytes(w, h int) int64 {
	return int64(w)*int64(h) + 2*int64((w+1)/2)*int64((h+1)/2)
}

// shrinkBytes is what shrink allocates to bring a w x h 4:2:0 image down to
// fullLongSide: it follows shrinkPlane's steps for the luma and both chroma
// planes (TestShrinkBytes holds the two together).
func shrinkBytes(w, h int) int64 {
	tw, th := fitSize(w, h, fullLongSide)
	return shrinkPlaneBytes(w, h, tw, th) + 2*shrinkPlaneBytes((w+1)/2, (h+1)/2, (tw+1)/2, (th+1)/2)
}

// shrinkPlaneBytes counts what shrinkPlane allocates to bring a pw x ph plane
// to w x h: each halving, then each resample pass that changes a side, with
// its filter taps.
func shrinkPlaneBytes(pw, ph, w, h int) int64 {
	var n int64
	for pw >= 2*w && ph >= 2*h {
		pw, ph = pw/2, ph/2
		n += int64(pw) * int64(ph)
	}
	if pw != w {
		n += tapsBytes(pw, w) + int64(w)*int64(ph)
	}
	if ph != h {
		n += tapsBytes(ph, h) + int64(w)*int64(h)
	}
	return n
}

// tapsBytes is the size of makeTaps(src, dst): a start index and a window of
// int32 weights for each destination sample.
func tapsBytes(src, dst int) int64 {
	scale := float64(src) / float64(dst)
	n := min(int(math.Ceil(lanczos3().support*max(scale, 1)))*2+1, src)
	return int64(dst) * int64(8+4*n)
}
