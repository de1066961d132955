package photo

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"testing"
)

// quadrants returns a w x h image whose top-left quarter is red and the rest
// blue, so a test can tell where the top-left corner went.
func quadrants(w, h int) *image.RGBA {
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			c := color.RGBA{0, 0, 255, 255}
			if x < w/2 && y < h/2 {
				c = color.RGBA{255, 0, 0, 255}
			}
			m.SetRGBA(x, y, c)
		}
	}
	return m
}

// makeJPEG encodes m as a JPEG (4:2:0, or grayscale for *image.Gray).
func makeJPEG(tb testing.TB, m image.Image) []byte {
	tb.Helper()
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, m, &jpeg.Options{Quality: 95}); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// makePNG encodes m as a PNG.
func makePNG(tb testing.TB, m image.Image) []byte {
	tb.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, m); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// makeGIF encodes m as a two-frame GIF; only the first frame should be used.
func makeGIF(tb testing.TB, m image.Image) []byte {
	tb.Helper()
	pal := color.Palette{color.RGBA{255, 0, 0, 255}, color.RGBA{0, 0, 255, 255}, color.Transparent}
	frame := func(img image.Image) *image.Paletted {
		p := image.NewPaletted(img.Bounds(), pal)
		for y := img.Bounds().Min.Y; y < img.Bounds().Max.Y; y++ {
			for x := img.Bounds().Min.X; x < img.Bounds().Max.X; x++ {
				p.Set(x, y, img.At(x, y))
			}
		}
		return p
	}
	second := image.NewPaletted(m.Bounds(), pal)
	for i := range second.Pix {
		second.Pix[i] = 1 // all blue
	}
	g := &gif.GIF{Image: []*image.Paletted{frame(m), second}, Delay: []int{10, 10}}
	var buf bytes.Buffer
	if err := gif.EncodeAll(&buf, g); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// pngHeader returns a PNG that is only a signature, an IHDR declaring w x h
// 8-bit RGBA and an IEND: enough for DecodeConfig, with no pixels at all.
func pngHeader(w, h uint32) []byte { return pngHeaderOf(w, h, 8, 6, 0) }

// pngHeaderOf is pngHeader with the bit depth, colour type and interlace
// method of IHDR given.
func pngHeaderOf(w, h uint32, depth, colorType, interlace byte) []byte {
	ihdr := binary.BigEndian.AppendUint32(nil, w)
	ihdr = binary.BigEndian.AppendUint32(ihdr, h)
	ihdr = append(ihdr, depth, colorType, 0, 0, interlace)
	out := []byte("\x89PNG\r\n\x1a\n")
	out = appendChunk(out, "IHDR", ihdr)
	return appendChunk(out, "IEND", nil)
}

// appendChunk appends one PNG chunk with its CRC.
func appendChunk(out []byte, kind string, data []byte) []byte {
	out = binary.BigEndian.AppendUint32(out, uint32(len(data)))
	body := append([]byte(kind), data...)
	out = append(out, body...)
	return binary.BigEndian.AppendUint32(out, crc32.ChecksumIEEE(body))
}

// gpsLatitude is the GPS IFD payload written by exifTIFFFor: 34 deg 44' 47.76".
// Its bytes must not survive into any output.
func gpsLatitude() []byte {
	return []byte{0, 0, 0, 34, 0, 0, 0, 1, 0, 0, 0, 44, 0, 0, 0, 1, 0, 0, 0x12, 0xa8, 0, 0, 0, 100}
}

// exifTIFFFor builds a big-endian TIFF structure with an Orientation tag and a
// GPS IFD holding a latitude, as a phone would write.
func exifTIFFFor(orientation uint16) []byte {
	be := binary.BigEndian
	t := []byte("MM\x00\x2a\x00\x00\x00\x08")
	// IFD0 at 8: 2 entries (12 bytes each) + next-IFD offset -> GPS IFD at 38.
	t = be.AppendUint16(t, 2)
	t = append(t, 0x01, 0x12, 0, 3, 0, 0, 0, 1)
	t = be.AppendUint16(be.AppendUint16(t, orientation), 0)
	t = append(t, 0x88, 0x25, 0, 4, 0, 0, 0, 1, 0, 0, 0, 38)
	t = be.AppendUint32(t, 0)
	// GPS IFD at 38: 1 entry, GPSLatitude (RATIONAL x3) at offset 56.
	t = be.AppendUint16(t, 1)
	t = append(t, 0x00, 0x02, 0, 5, 0, 0, 0, 3, 0, 0, 0, 56)
	t = be.AppendUint32(t, 0)
	return append(t, gpsLatitude()...)
}

// withAPP1 inserts an APP1 segment holding payload right after the SOI marker.
func withAPP1(jpg, payload []byte) []byte {
	seg := []byte{0xff, 0xe1}
	seg = binary.BigEndian.AppendUint16(seg, uint16(len(payload)+2))
	seg = append(seg, payload...)
	out := append([]byte{0xff, 0xd8}, seg...)
	return append(out, jpg[2:]...)
}

// withEXIF tags a JPEG with exifTIFFFor(orientation).
func withEXIF(jpg []byte, orientation uint16) []byte {
	return withAPP1(jpg, append([]byte("Exif\x00\x00"), exifTIFFFor(orientation)...))
}

// metadataMarkers lists the APPn and COM markers before the image data of a
// JPEG; a clean output has none.
func metadataMarkers(data []byte) []byte {
	var found []byte
	for i := 2; i+4 <= len(data) && data[i] == 0xff; {
		m := data[i+1]
		if m == 0xda {
			break
		}
		if (m >= 0xe0 && m <= 0xef) || m == 0xfe {
			found = append(found, m)
		}
		i += 2 + int(binary.BigEndian.Uint16(data[i+2:i+4]))
	}
	return found
}
