package photo

import (
	"bytes"
	"encoding/binary"
	"strings"
)

// jpegFrame is what image/jpeg reads from a JPEG's markers that decides how
// much it allocates.
type jpegFrame struct {
	progressive bool
	ids, hv     []byte // per component: its identifier, its sampling factors h<<4|v
	adobe0      bool   // an Adobe APP14 segment says transform 0: RGB or CMYK
}

// jpegLayout charges what image/jpeg allocates: every component's plane,
// rounded up to whole MCUs; for a progressive JPEG, 4 more bytes a sample for
// the coefficients it keeps until the last scan; and for CMYK or RGB, the
// 4-byte-a-pixel image it converts the planes into. Only 4:2:0 YCbCr comes out
// as the image shrink works on.
func jpegLayout(data []byte, w, h int) layout {
	px := int64(w) * int64(h)
	f, ok := readJPEGFrame(data)
	if !ok {
		return layout{kind: "JPEG", decoder: 24 * px} // four planes, progressive, converted
	}
	n := len(f.ids)
	rgb := n == 3 && (string(f.ids) == "RGB" || f.adobe0)
	hmax, vmax := int(f.hv[0]>>4), int(f.hv[0]&0x0f)
	if n == 1 {
		// image/jpeg ignores a single component's sampling factors.
		hmax, vmax, f.hv[0] = 1, 1, 0x11
	}
	mcus := int64((w+8*hmax-1)/(8*hmax)) * int64((h+8*vmax-1)/(8*vmax))
	var samples int64
	for _, hv := range f.hv {
		samples += 64 * int64(hv>>4) * int64(hv&0x0f) * mcus
	}
	l := layout{kind: "JPEG", decoder: samples}
	var kind []string
	if f.progressive {
		kind = append(kind, "progressive")
		l.decoder += 4 * samples
	}
	switch {
	case n == 1:
		kind = append(kind, "grey")
	case rgb:
		kind = append(kind, "RGB")
		l.decoder += 4 * px
	case n == 4:
		kind = append(kind, "CMYK")
		l.decoder += 4 * px
	default:
		l.is420 = bytes.Equal(f.hv, []byte{0x22, 0x11, 0x11})
	}
	l.kind = strings.Join(append(kind, "JPEG"), " ")
	return l
}

// readJPEGFrame walks the marker segments as image/jpeg does, skipping the
// entropy-coded data between them. It reads to the end, not to the first
// scan, because image/jpeg heeds an Adobe segment wherever it comes. ok is
// false when no usable SOF0, SOF1 or SOF2 segment was found.
func readJPEGFrame(data []byte) (f jpegFrame, ok bool) {
	for i := 2; i+4 <= len(data); {
		if data[i] != 0xff {
			// Scan data, or stray bytes that image/jpeg skips as well.
			j := bytes.IndexByte(data[i:], 0xff)
			if j < 0 {
				break
			}
			i += j
			continue
		}
		m := data[i+1]
		switch {
		case m == 0xff: // a fill byte before the marker
			i++
			continue
		case m == 0x00 || 0xd0 <= m && m <= 0xd7: // an escaped 0xff, a restart marker
			i += 2
			continue
		case m == 0xd9: // end of image
			return f, ok
		}
		end := i + 2 + int(binary.BigEndian.Uint16(data[i+2:]))
		seg := data[min(i+4, end, len(data)):min(end, len(data))]
		switch {
		case (m == 0xc0 || m == 0xc1 || m == 0xc2) && !ok:
			f.progressive = m == 0xc2
			ok = f.readSOF(seg)
		case m == 0xee && len(seg) >= 12 && string(seg[:5]) == "Adobe" && seg[11] == 0:
			f.adobe0 = true
		}
		i = end
	}
	return f, ok
}

// readSOF takes the components from a start-of-frame segment: precision,
// height, width, the count, then an identifier, sampling factors and a table
// for each. image/jpeg decodes 1, 3 or 4 components with factors 1 to 4.
func (f *jpegFrame) readSOF(seg []byte) bool {
	if len(seg) < 6 {
		return false
	}
	f.ids, f.hv = nil, nil
	n := int(seg[5])
	if n != 1 && n != 3 && n != 4 || len(seg) < 6+3*n {
		return false
	}
	for c := range n {
		id, hv := seg[6+3*c], seg[7+3*c]
		if hv>>4 < 1 || hv>>4 > 4 || hv&0x0f < 1 || hv&0x0f > 4 {
			return false
		}
		f.ids, f.hv = append(f.ids, id), append(f.hv, hv)
	}
	return true
}
