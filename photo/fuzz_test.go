package photo

import (
	"bytes"
	"context"
	"errors"
	"image/jpeg"
	"testing"
)

// FuzzProcess feeds arbitrary bytes to the pipeline. It must never panic; a
// failure must be one of the sentinel errors, and a success must be two valid
// JPEGs within the size bounds. Seeds live in testdata/fuzz/FuzzProcess and
// are added here from the test image makers.
func FuzzProcess(f *testing.F) {
	jpg := makeJPEG(f, quadrants(16, 8))
	for _, seed := range [][]byte{
		jpg,
		withEXIF(jpg, 6),
		jpg[:len(jpg)/2],
		makePNG(f, quadrants(9, 5)),
		makeGIF(f, quadrants(9, 5)),
		pngHeader(30000, 30000),
		flatPNG(f, 9, 5, 0, 8, []byte{7}, trnsChunk(9)),
		jpegHeader(16, 8, true, 0x22, 0x11, 0x11),
		readTestdata(f, "tiny-lossy.webp"),
		ftyp("heic", "mif1", "heic"),
	} {
		f.Add(seed)
	}
	p := NewPipeline(1)
	f.Fuzz(func(t *testing.T, data []byte) {
		out, err := p.Process(context.Background(), bytes.NewReader(data))
		if err != nil {
			for _, s := range sentinels() {
				if errors.Is(err, s) {
					return
				}
			}
			t.Fatalf("error matches no sentinel: %v", err)
		}
		full, err := jpeg.DecodeConfig(bytes.NewReader(out.Full))
		if err != nil {
			t.Fatalf("Full is not a JPEG: %v", err)
		}
		if full.Width != out.Width || full.Height != out.Height || max(full.Width, full.Height) > fullLongSide {
			t.Fatalf("Full is %dx%d, reported %dx%d", full.Width, full.Height, out.Width, out.Height)
		}
		thumb, err := jpeg.DecodeConfig(bytes.NewReader(out.Thumb))
		if err != nil {
			t.Fatalf("Thumb is not a JPEG: %v", err)
		}
		if max(thumb.Width, thumb.Height) > thumbLongSide || thumb.Width < 1 || thumb.Height < 1 {
			t.Fatalf("Thumb is %dx%d", thumb.Width, thumb.Height)
		}
		if len(metadataMarkers(out.Full)) > 0 || len(metadataMarkers(out.Thumb)) > 0 {
			t.Fatal("output carries metadata segments")
		}
	})
}
