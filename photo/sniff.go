package photo

import (
	"bytes"
	"encoding/binary"
)

// format is an image container recognised by its magic bytes.
type format int

const (
	formatJPEG format = iota + 1
	formatPNG
	formatGIF
	formatWebP
)

// String names the format for error messages.
func (f format) String() string {
	switch f {
	case formatJPEG:
		return "JPEG"
	case formatPNG:
		return "PNG"
	case formatGIF:
		return "GIF"
	case formatWebP:
		return "WebP"
	}
	return "unknown"
}

// sniff identifies the container from its first bytes only; the file name and
// the declared content type are never consulted because the sender controls both.
func sniff(data []byte) (format, error) {
	switch {
	case bytes.HasPrefix(data, []byte{0xff, 0xd8, 0xff}):
		return formatJPEG, nil
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		return formatPNG, nil
	case bytes.HasPrefix(data, []byte("GIF87a")), bytes.HasPrefix(data, []byte("GIF89a")):
		return formatGIF, nil
	case len(data) >= 12 && string(data[0:4]) == "RIFF" && string(data[8:12]) == "WEBP":
		return formatWebP, nil
	case isHEIF(data):
		return 0, ErrHEIC
	}
	return 0, ErrUnsupported
}

// isHEVCBrand reports whether an ISO-BMFF brand means HEVC-coded HEIF images
// or sequences (what iPhones and many Android phones write).
func isHEVCBrand(brand string) bool {
	switch brand {
	case "heic", "heix", "heim", "heis", "hevc", "hevx", "hevm", "hevs":
		return true
	}
	return false
}

// isHEIF reports whether data starts with an ISO-BMFF "ftyp" box naming a HEIF
// brand. The generic brands mif1/msf1 count as HEIF unless the box also lists
// AVIF, which is a different codec in the same container.
func isHEIF(data []byte) bool {
	if len(data) < 12 || string(data[4:8]) != "ftyp" {
		return false
	}
	major := string(data[8:12])
	if isHEVCBrand(major) {
		return true
	}
	if major != "mif1" && major != "msf1" {
		return false
	}
	// Compatible brands follow the major brand and the 4-byte minor version.
	end := int(binary.BigEndian.Uint32(data[0:4]))
	if end > len(data) || end < 16 {
		end = len(data)
	}
	for i := 16; i+4 <= end; i += 4 {
		if b := string(data[i : i+4]); b == "avif" || b == "avis" {
			return false
		}
	}
	return true
}
