package photo

import (
	"encoding/binary"
	"fmt"
)

// The layout readers look at the header bytes the decoders look at, for what
// image.DecodeConfig does not say: bit depth, transparency, interlacing, the
// kind of WebP. inspect has already run DecodeConfig, so the headers exist;
// every offset is still checked, and where a reader cannot tell it assumes the
// costlier case.

// pngPixelBytes gives, per PNG colour type, the bytes per pixel of the image
// image/png returns, indexed [16-bit][has a tRNS chunk]: tRNS turns grey into
// NRGBA or NRGBA64 and leaves the others the same size.
var pngPixelBytes = map[byte]struct {
	name  string
	bytes [2][2]int64
}{
	0: {"grey", [2][2]int64{{1, 4}, {2, 8}}},       // Gray, Gray16; NRGBA, NRGBA64
	2: {"RGB", [2][2]int64{{4, 4}, {8, 8}}},        // RGBA, RGBA64; NRGBA, NRGBA64
	3: {"paletted", [2][2]int64{{1, 1}, {1, 1}}},   // Paletted at every depth
	4: {"grey+alpha", [2][2]int64{{4, 4}, {8, 8}}}, // NRGBA, NRGBA64
	6: {"RGBA", [2][2]int64{{4, 4}, {8, 8}}},       // NRGBA, NRGBA64
}

// pngLayout reads IHDR and the chunks before the first IDAT: image/png decodes
// the whole image on reaching it, so a later tRNS changes nothing. Interlaced
// images cost twice: image/png allocates the full image and then each of the
// seven passes, which add up to a second one.
func pngLayout(data []byte, w, h int) layout {
	px := int64(w) * int64(h)
	if len(data) < 33 {
		return layout{kind: "PNG", decoder: 16 * px}
	}
	t, ok := pngPixelBytes[data[25]]
	if !ok {
		return layout{kind: "PNG", decoder: 16 * px}
	}
	depth, interlaced := data[24], data[28] != 0
	trns := false
	for i := 8; i+8 <= len(data); {
		n, kind := binary.BigEndian.Uint32(data[i:]), string(data[i+4:i+8])
		if kind == "IDAT" || n > uint32(len(data)) {
			break
		}
		trns = trns || kind == "tRNS"
		i += 12 + int(n)
	}
	l := layout{
		kind:    fmt.Sprintf("%d-bit %s PNG", depth, t.name),
		decoder: t.bytes[b2i(depth == 16)][b2i(trns)] * px,
	}
	if trns && t.name != "paletted" {
		l.kind += " with tRNS"
	}
	if interlaced {
		l.kind, l.decoder = "interlaced "+l.kind, 2*l.decoder
	}
	return l
}

// webpLayout walks the RIFF chunks to the image chunk. Lossy (VP8) decodes to
// 4:2:0 with sides rounded up to 16; lossless (VP8L) to NRGBA, plus as much
// again for the colour-indexing transform's output. An ALPH chunk adds an
// alpha plane, and when it is VP8L-compressed, a whole NRGBA image and its
// transform while decoding it.
func webpLayout(data []byte, w, h int) layout {
	px := int64(w) * int64(h)
	kind, alpha := "WebP", int64(0)
	for i := 12; i+8 <= len(data); {
		n := int64(binary.LittleEndian.Uint32(data[i+4:]))
		switch string(data[i : i+4]) {
		case "ALPH":
			kind, alpha = "WebP with alpha", px
			if i+8 < len(data) && data[i+8]&0x03 == 1 {
				alpha += 8 * px
			}
		case "VP8 ":
			padded := planes420Bytes((w+15)/16*16, (h+15)/16*16)
			return layout{kind: "lossy " + kind, decoder: alpha + padded, is420: alpha == 0}
		case "VP8L":
			return layout{kind: "lossless " + kind, decoder: alpha + 8*px}
		}
		i += 8 + int(min(n+n&1, int64(len(data))))
	}
	// No image chunk: the decode will fail; charge the costliest kind anyway.
	return layout{kind: kind, decoder: alpha + 8*px}
}

// b2i is 1 for true and 0 for false, to index the tables above.
func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
