package photo

import (
	"encoding/binary"
	"testing"
)

// byteOrder is what binary.LittleEndian and binary.BigEndian both are.
type byteOrder interface {
	binary.ByteOrder
	binary.AppendByteOrder
}

// tiffWith returns a TIFF header in the given byte order whose IFD0 holds the
// given 12-byte entries.
func tiffWith(order byteOrder, entries ...[]byte) []byte {
	t := []byte("II")
	if order.String() == binary.BigEndian.String() {
		t = []byte("MM")
	}
	t = order.AppendUint16(t, 42)
	t = order.AppendUint32(t, 8)
	t = order.AppendUint16(t, uint16(len(entries)))
	for _, e := range entries {
		t = append(t, e...)
	}
	return order.AppendUint32(t, 0)
}

// entry builds one IFD entry whose value fits in the entry itself.
func entry(order byteOrder, tag, typ uint16, count uint32, value uint16) []byte {
	e := order.AppendUint16(nil, tag)
	e = order.AppendUint16(e, typ)
	e = order.AppendUint32(e, count)
	return order.AppendUint16(order.AppendUint16(e, value), 0)
}

// exifJPEG wraps a TIFF structure into a minimal JPEG prefix (SOI, APP1, SOS).
func exifJPEG(tiff []byte) []byte {
	return withAPP1([]byte{0xff, 0xd8, 0xff, 0xda, 0, 2}, append([]byte("Exif\x00\x00"), tiff...))
}

func TestJPEGOrientation(t *testing.T) {
	le, be := binary.LittleEndian, binary.BigEndian
	six := tiffWith(le, entry(le, 0x010f, 2, 4, 0), entry(le, tagOrientation, typeShort, 1, 6))
	xmp := withAPP1([]byte{0xff, 0xd8, 0xff, 0xda, 0, 2}, []byte("http://ns.adobe.com/xap/1.0/\x00<x/>"))
	tests := []struct {
		name string
		in   []byte
		want int
	}{
		{"little endian 6", exifJPEG(six), 6},
		{"big endian 8", exifJPEG(tiffWith(be, entry(be, tagOrientation, typeShort, 1, 8))), 8},
		{"phone-like with GPS", exifJPEG(exifTIFFFor(3)), 3},
		{"after an XMP segment", withAPP1(xmp, append([]byte("Exif\x00\x00"), six...)), 6},
		{"fill bytes before marker", append([]byte{0xff, 0xd8, 0xff}, exifJPEG(six)[2:]...), 6},
		{"no EXIF", []byte{0xff, 0xd8, 0xff, 0xda, 0, 2}, 1},
		{"not a JPEG", []byte("Exif\x00\x00II*\x00"), 1},
		{"empty", nil, 1},
		{"value 0", exifJPEG(tiffWith(le, entry(le, tagOrientation, typeShort, 1, 0))), 1},
		{"value 9", exifJPEG(tiffWith(le, entry(le, tagOrientation, typeShort, 1, 9))), 1},
		{"wrong type", exifJPEG(tiffWith(le, entry(le, tagOrientation, 4, 1, 6))), 1},
		{"zero count", exifJPEG(tiffWith(le, entry(le, tagOrientation, typeShort, 0, 6))), 1},
		{"bad byte order", exifJPEG(append([]byte("XX"), six[2:]...)), 1},
		{"bad magic", exifJPEG(append([]byte("II\x2b\x00"), six[4:]...)), 1},
		{"IFD offset past end", exifJPEG([]byte("II\x2a\x00\xff\xff\xff\xff")), 1},
		{"entry count past end", exifJPEG([]byte("II\x2a\x00\x08\x00\x00\x00\xff\xff")), 1},
		{"tag after SOS ignored", append([]byte{0xff, 0xd8, 0xff, 0xda, 0, 2}, exifJPEG(six)[2:]...), 1},
		{"segment length past end", exifJPEG(six)[:20], 1},
		{"segment length 0", []byte{0xff, 0xd8, 0xff, 0xe1, 0, 0, 0xff, 0xe1, 0, 0}, 1},
		{"lost sync", []byte{0xff, 0xd8, 0x00, 0xe1, 0, 8, 'E', 'x', 'i', 'f', 0, 0}, 1},
		{"TIFF cut short", exifJPEG([]byte("II\x2a")), 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := jpegOrientation(tc.in); got != tc.want {
				t.Errorf("jpegOrientation() = %d, want %d", got, tc.want)
			}
		})
	}
}

// TestJPEGOrientationEveryPrefix cuts a valid tagged header at every length:
// none may panic, and only the whole one yields the tag.
func TestJPEGOrientationEveryPrefix(t *testing.T) {
	in := exifJPEG(exifTIFFFor(6))
	for n := range len(in) + 1 {
		got := jpegOrientation(in[:n])
		if got != orientNormal && got != orientRotate90CW {
			t.Fatalf("prefix %d: orientation %d", n, got)
		}
	}
	if got := jpegOrientation(in); got != orientRotate90CW {
		t.Fatalf("whole header: orientation %d, want 6", got)
	}
}
