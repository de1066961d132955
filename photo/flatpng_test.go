package photo

import (
	"bytes"
	"compress/flate"
	"encoding/binary"
	"fmt"
	"hash/adler32"
	"image"
	"image/color"
	"image/png"
	"testing"
)

// flatPNG builds a real w x h PNG of one colour, pixel being that colour's
// bytes in the given colour type and depth, with extra chunks (tRNS, say)
// between IHDR and IDAT. It is how a hostile upload declares a huge canvas in
// a tiny file. image/png would take seconds (a minute under -race) to deflate
// hundreds of megabytes, so the rows are deflated once: the first row is
// Sub-filtered (the pixel, then zeros), every other row Up-filtered (all
// zeros), and the Up row's deflate block is repeated.
func flatPNG(tb testing.TB, w, h int, colorType, depth byte, pixel []byte, extra ...[]byte) []byte {
	tb.Helper()
	rowBytes := w * len(pixel)
	first := append(append([]byte{1}, pixel...), make([]byte, rowBytes-len(pixel))...)
	up := append([]byte{2}, make([]byte, rowBytes)...)
	firstBlock, upBlock := deflateBlock(tb, first), deflateBlock(tb, up)

	z := []byte{0x78, 0x9c}
	z = append(z, firstBlock...)
	for range h - 1 {
		z = append(z, upBlock...)
	}
	z = append(z, 0x03, 0x00) // an empty final block
	// Adler-32 of the rows: for a run of n zeros, s1 stays and s2 grows by n*s1.
	sum := adler32.Checksum(first)
	s1, s2 := uint64(sum&0xffff), uint64(sum>>16)
	for range h - 1 {
		s1 = (s1 + 2) % 65521
		s2 = (s2 + s1 + uint64(rowBytes)*s1) % 65521
	}
	z = binary.BigEndian.AppendUint32(z, uint32(s2<<16|s1))

	ihdr := binary.BigEndian.AppendUint32(nil, uint32(w))
	ihdr = binary.BigEndian.AppendUint32(ihdr, uint32(h))
	ihdr = append(ihdr, depth, colorType, 0, 0, 0)
	out := appendChunk([]byte("\x89PNG\r\n\x1a\n"), "IHDR", ihdr)
	for _, c := range extra {
		out = append(out, c...)
	}
	out = appendChunk(out, "IDAT", z)
	return appendChunk(out, "IEND", nil)
}

// deflateBlock deflates data on its own and ends with a sync flush, so the
// result is whole bytes that can follow any other such block.
func deflateBlock(tb testing.TB, data []byte) []byte {
	var buf bytes.Buffer
	fw, err := flate.NewWriter(&buf, flate.BestCompression)
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := fw.Write(data); err != nil {
		tb.Fatal(err)
	}
	if err := fw.Flush(); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// trnsChunk is a tRNS chunk for a grey image, marking grey level v transparent.
func trnsChunk(v uint16) []byte {
	return appendChunk(nil, "tRNS", binary.BigEndian.AppendUint16(nil, v))
}

// TestFlatPNG checks that image/png decodes what flatPNG builds to the
// colour asked for, in the image type the budget expects.
func TestFlatPNG(t *testing.T) {
	tests := []struct {
		name      string
		in        []byte
		wantType  string
		wantColor color.Color
	}{
		{"16-bit RGBA", flatPNG(t, 37, 5, 6, 16, []byte{0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0xff, 0xff}),
			"*image.NRGBA64", color.NRGBA64{0x1234, 0x5678, 0x9abc, 0xffff}},
		{"8-bit RGB", flatPNG(t, 3, 40, 2, 8, []byte{200, 100, 50}), "*image.RGBA", color.RGBA{200, 100, 50, 255}},
		{"16-bit grey", flatPNG(t, 9, 9, 0, 16, []byte{0xab, 0xcd}), "*image.Gray16", color.Gray16{0xabcd}},
		{"8-bit grey with tRNS", flatPNG(t, 9, 9, 0, 8, []byte{7}, trnsChunk(9)), "*image.NRGBA", color.NRGBA{7, 7, 7, 255}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m, err := png.Decode(bytes.NewReader(tc.in))
			if err != nil {
				t.Fatalf("png.Decode: %v", err)
			}
			if got := fmt.Sprintf("%T", m); got != tc.wantType {
				t.Errorf("decoded to %s, want %s", got, tc.wantType)
			}
			b := m.Bounds()
			for _, p := range []image.Point{b.Min, b.Max.Sub(image.Pt(1, 1)), {b.Dx() / 2, b.Dy() / 2}} {
				if got, want := color.NRGBA64Model.Convert(m.At(p.X, p.Y)), color.NRGBA64Model.Convert(tc.wantColor); got != want {
					t.Errorf("pixel %v = %v, want %v", p, got, want)
				}
			}
		})
	}
}
