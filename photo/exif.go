package photo

import (
	"bytes"
	"encoding/binary"
)

// EXIF orientation values (TIFF tag 0x0112). Phones store the sensor's pixels
// as they were read out and only record how to turn them.
const (
	orientNormal     = 1 // as stored
	orientFlipH      = 2 // mirrored left-right
	orientRotate180  = 3
	orientFlipV      = 4 // mirrored top-bottom
	orientTranspose  = 5 // mirrored along the top-left diagonal
	orientRotate90CW = 6 // needs a quarter turn clockwise to be upright
	orientTransverse = 7 // mirrored along the top-right diagonal
	orientRotate90CC = 8 // needs a quarter turn counter-clockwise
)

const (
	tagOrientation = 0x0112
	typeShort      = 3
)

// jpegOrientation returns the EXIF orientation of a JPEG, or orientNormal when
// there is none or it cannot be read. Every offset is checked, so hostile
// bytes give orientNormal, never a panic.
func jpegOrientation(data []byte) int {
	return tiffOrientation(exifTIFF(data))
}

// exifTIFF returns the TIFF structure inside the first EXIF APP1 segment of a
// JPEG, or nil. It only walks the marker segments before the image data.
func exifTIFF(data []byte) []byte {
	if len(data) < 2 || data[0] != 0xff || data[1] != 0xd8 {
		return nil
	}
	for i := 2; i+4 <= len(data); {
		if data[i] != 0xff {
			return nil // lost sync: not a marker where one must be
		}
		marker := data[i+1]
		switch {
		case marker == 0xff: // fill byte
			i++
			continue
		case marker == 0xd8 || marker == 0x01 || (marker >= 0xd0 && marker <= 0xd7):
			i += 2 // markers without a length
			continue
		case marker == 0xda || marker == 0xd9:
			return nil // image data or end: metadata comes before
		}
		size := int(binary.BigEndian.Uint16(data[i+2 : i+4]))
		if size < 2 || i+2+size > len(data) {
			return nil
		}
		payload := data[i+4 : i+2+size]
		if marker == 0xe1 && bytes.HasPrefix(payload, []byte("Exif\x00\x00")) {
			return payload[6:]
		}
		i += 2 + size
	}
	return nil
}

// tiffOrientation reads tag 0x0112 from IFD0 of a TIFF structure (the body of
// an EXIF segment). Values outside 1-8 count as orientNormal.
func tiffOrientation(tiff []byte) int {
	e, order, ok := ifd0Entry(tiff, tagOrientation)
	if !ok || order.Uint16(e[2:4]) != typeShort || order.Uint32(e[4:8]) < 1 {
		return orientNormal
	}
	if v := int(order.Uint16(e[8:10])); v >= orientNormal && v <= orientRotate90CC {
		return v
	}
	return orientNormal
}

// ifd0Entry finds the 12-byte IFD0 entry for tag in a TIFF structure, with
// the structure's byte order. ok is false if the tag is absent or any offset
// falls outside tiff.
func ifd0Entry(tiff []byte, tag uint16) (entry []byte, order binary.ByteOrder, ok bool) {
	if len(tiff) < 8 {
		return nil, nil, false
	}
	switch string(tiff[0:2]) {
	case "II":
		order = binary.LittleEndian
	case "MM":
		order = binary.BigEndian
	default:
		return nil, nil, false
	}
	if order.Uint16(tiff[2:4]) != 42 {
		return nil, nil, false
	}
	// uint64 arithmetic: a hostile 32-bit offset cannot wrap around.
	ifd, size := uint64(order.Uint32(tiff[4:8])), uint64(len(tiff))
	if ifd+2 > size {
		return nil, nil, false
	}
	count := uint64(order.Uint16(tiff[ifd : ifd+2]))
	for n := range count {
		at := ifd + 2 + n*12
		if at+12 > size {
			return nil, nil, false
		}
		if e := tiff[at : at+12]; order.Uint16(e[0:2]) == tag {
			return e, order, true
		}
	}
	return nil, nil, false
}
