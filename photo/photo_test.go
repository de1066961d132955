package photo

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/color"
	"image/jpeg"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// sentinels lists every error kind Process may wrap.
func sentinels() []error { return []error{ErrUnsupported, ErrHEIC, ErrTooLarge, ErrCorrupt} }

// ftyp builds the start of an ISO-BMFF file: an ftyp box with a major brand
// and compatible brands.
func ftyp(major string, compatible ...string) []byte {
	body := []byte(major + "\x00\x00\x00\x00")
	for _, c := range compatible {
		body = append(body, c...)
	}
	size := 8 + len(body)
	return append([]byte{0, 0, 0, byte(size), 'f', 't', 'y', 'p'}, append(body, make([]byte, 64)...)...)
}

func TestProcessRefuses(t *testing.T) {
	okJPEG := makeJPEG(t, quadrants(64, 48))
	webp, err := os.ReadFile(filepath.Join("testdata", "tiny-lossy.webp"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		in   []byte
		want error
	}{
		{"empty", nil, ErrUnsupported},
		{"text renamed .jpg", []byte("This is a text file someone renamed to photo.jpg\n"), ErrUnsupported},
		{"BMP", append([]byte("BM"), make([]byte, 64)...), ErrUnsupported},
		{"PDF", []byte("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n"), ErrUnsupported},
		{"HEIC", ftyp("heic", "mif1", "heic"), ErrHEIC},
		{"HEIC sequence", ftyp("hevc", "msf1", "hevc"), ErrHEIC},
		{"HEIF mif1", ftyp("mif1", "mif1", "heic"), ErrHEIC},
		{"AVIF", ftyp("avif", "avif", "mif1"), ErrUnsupported},
		{"AVIF under mif1", ftyp("mif1", "mif1", "avif"), ErrUnsupported},
		{"MP4 video", ftyp("isom", "isom", "mp41"), ErrUnsupported},
		{"PNG declaring 30000x30000", pngHeader(30000, 30000), ErrTooLarge},
		{"PNG declaring 7072x7072", pngHeader(7072, 7072), ErrTooLarge},
		{"PNG declaring 40000x1", pngHeader(40000, 1), ErrTooLarge},
		{"PNG declaring 0x10", pngHeader(0, 10), ErrCorrupt},
		{"PNG header without pixels", pngHeader(10, 10), ErrCorrupt},
		{"truncated JPEG", okJPEG[:len(okJPEG)/2], ErrCorrupt},
		{"JPEG magic only", []byte{0xff, 0xd8, 0xff}, ErrCorrupt},
		{"GIF magic then script", []byte("GIF89a\x10\x00\x10\x00\x00*/=alert(document.domain)//"), ErrCorrupt},
		{"GIF header declaring 65535x65535", []byte("GIF89a\xff\xff\xff\xff\x00\x00\x00;"), ErrTooLarge},
		{"truncated WebP", webp[:len(webp)/2], ErrCorrupt},
	}
	p := NewPipeline(1)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := p.Process(context.Background(), bytes.NewReader(tc.in))
			if !errors.Is(err, tc.want) {
				t.Fatalf("Process() error = %v, want %v", err, tc.want)
			}
			for _, other := range sentinels() {
				if other != tc.want && errors.Is(err, other) {
					t.Errorf("error %v also matches %v", err, other)
				}
			}
		})
	}
}

// TestTooLargeRefusedBeforeDecoding checks that a tiny file declaring a huge
// canvas costs no pixel memory: it is refused from its header alone.
func TestTooLargeRefusedBeforeDecoding(t *testing.T) {
	tests := []struct {
		name string
		in   []byte
	}{
		{"PNG 30000x30000", pngHeader(30000, 30000)},
		{"JPEG 30000x30000", jpegDeclaring(t, 30000, 30000)},
	}
	p := NewPipeline(1)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			expectRefusedCheaply(t, p, tc.in, 1<<20)
		})
	}
}

// jpegDeclaring returns a real small JPEG whose SOF0 header is patched to
// claim w x h.
func jpegDeclaring(tb testing.TB, w, h int) []byte {
	tb.Helper()
	data := makeJPEG(tb, quadrants(16, 16))
	i := bytes.Index(data, []byte{0xff, 0xc0})
	if i < 0 {
		tb.Fatal("no SOF0 in encoded JPEG")
	}
	data[i+5], data[i+6] = byte(h>>8), byte(h)
	data[i+7], data[i+8] = byte(w>>8), byte(w)
	return data
}

// TestPolyglotPayloadStripped feeds a JPEG carrying a script in a comment and
// a ZIP appended after its end: both must be gone from the output.
func TestPolyglotPayloadStripped(t *testing.T) {
	payload := []byte("<script>alert(document.cookie)</script>")
	zip := append([]byte("PK\x03\x04"), payload...)
	comment := append([]byte{0xff, 0xfe, 0, byte(len(payload) + 2)}, payload...)
	jpg := makeJPEG(t, quadrants(64, 48))
	in := append(append(append([]byte{0xff, 0xd8}, comment...), jpg[2:]...), zip...)

	out, err := NewPipeline(1).Process(context.Background(), bytes.NewReader(in))
	if err != nil {
		t.Fatalf("Process() error = %v", err)
	}
	for _, b := range [][]byte{out.Full, out.Thumb} {
		if bytes.Contains(b, payload) || bytes.Contains(b, []byte("PK\x03\x04")) {
			t.Error("output still carries the polyglot payload")
		}
		if m := metadataMarkers(b); len(m) > 0 {
			t.Errorf("output has metadata segments %x", m)
		}
	}
}

// checkOutput asserts that out holds two decodable JPEGs within bounds and
// returns the decoded full image.
func checkOutput(tb testing.TB, out Processed) image.Image {
	tb.Helper()
	full, err := jpeg.Decode(bytes.NewReader(out.Full))
	if err != nil {
		tb.Fatalf("Full is not a JPEG: %v", err)
	}
	if b := full.Bounds(); b.Dx() != out.Width || b.Dy() != out.Height {
		tb.Errorf("Full is %v, Width/Height say %dx%d", b.Size(), out.Width, out.Height)
	}
	if max(out.Width, out.Height) > fullLongSide {
		tb.Errorf("Full is %dx%d, long side over %d", out.Width, out.Height, fullLongSide)
	}
	cfg, err := jpeg.DecodeConfig(bytes.NewReader(out.Thumb))
	if err != nil {
		tb.Fatalf("Thumb is not a JPEG: %v", err)
	}
	if max(cfg.Width, cfg.Height) > thumbLongSide || cfg.Width < 1 || cfg.Height < 1 {
		tb.Errorf("Thumb is %dx%d, want long side 1..%d", cfg.Width, cfg.Height, thumbLongSide)
	}
	return full
}

// near reports whether c is within 48 of want in each of R, G and B.
func near(c color.Color, want color.RGBA) bool {
	r, g, b, _ := c.RGBA()
	d := func(v uint32, w uint8) bool { return int(v>>8)-int(w) < 48 && int(w)-int(v>>8) < 48 }
	return d(r, want.R) && d(g, want.G) && d(b, want.B)
}

// expectRefusedCheaply processes in and wants ErrTooLarge, found with fewer
// than limit bytes allocated: from the header, before any pixel memory.
func expectRefusedCheaply(t *testing.T, p *Pipeline, in []byte, limit uint64) {
	t.Helper()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err := p.Process(context.Background(), bytes.NewReader(in))
	runtime.ReadMemStats(&after)
	if !errors.Is(err, ErrTooLarge) {
		t.Errorf("Process() error = %v, want ErrTooLarge", err)
	}
	if n := after.TotalAlloc - before.TotalAlloc; n > limit {
		t.Errorf("refusing allocated %d bytes, want under %d", n, limit)
	}
}
