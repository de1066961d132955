package photo

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"image"
	"runtime"
	"testing"
)

// rgba16 is the pixel of the reported attack: opaque 16-bit RGBA.
var rgba16 = []byte{0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0xff, 0xff}

// TestDecodeBudgetRefusesBeforeDecoding sends uploads that pass MaxPixels in
// tiny files but would decode to hundreds of megabytes. They must be refused
// from their headers, costing next to nothing. The first is the reported
// attack: 7000x7000 16-bit RGBA in about 0.5 MB, which the pipeline used to
// decode (392 MB), clone and accept, peaking at 725 MB.
func TestDecodeBudgetRefusesBeforeDecoding(t *testing.T) {
	tests := []struct {
		name string
		in   []byte
	}{
		{"16-bit RGBA PNG 7000x7000 of one colour", flatPNG(t, 7000, 7000, 6, 16, rgba16)},
		{"8-bit grey PNG 7000x7000 with tRNS", flatPNG(t, 7000, 7000, 0, 8, []byte{7}, trnsChunk(9))},
		{"interlaced 8-bit RGBA PNG 6000x4000", pngHeaderOf(6000, 4000, 8, 6, 1)},
		{"progressive 4:4:4 JPEG 4032x3024", jpegHeader(4032, 3024, true, 0x11, 0x11, 0x11)},
		{"lossless WebP 16383x3000", webpLosslessHeader(16383, 3000)},
	}
	p := NewPipeline(1)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			// Reading the upload takes two or three times its size; decoding
			// would take hundreds of megabytes.
			expectRefusedCheaply(t, p, tc.in, 8<<20)
		})
	}
}

// TestDecodeBudget is the budget as a table: what residents send must pass,
// what only an attacker sends must not. Run with -v to see each cost.
func TestDecodeBudget(t *testing.T) {
	tests := []struct {
		name    string
		in      []byte
		allowed bool
	}{
		{"12 MP phone JPEG", jpegHeader(4032, 3024, false, 0x22, 0x11, 0x11), true},
		{"50 MP phone JPEG", jpegHeader(8160, 6120, false, 0x22, 0x11, 0x11), true},
		{"12 MP progressive JPEG", jpegHeader(4032, 3024, true, 0x22, 0x11, 0x11), true},
		{"12 MP 4:4:4 JPEG", jpegHeader(4032, 3024, false, 0x11, 0x11, 0x11), true},
		{"12 MP CMYK JPEG", jpegHeader(4032, 3024, false, 0x11, 0x11, 0x11, 0x11), true},
		{"12 MP progressive 4:4:4 JPEG", jpegHeader(4032, 3024, true, 0x11, 0x11, 0x11), false},
		{"phone screenshot PNG", flatPNG(t, 1290, 2796, 6, 8, []byte{1, 2, 3, 4}), true},
		{"12 MP 8-bit RGBA PNG", flatPNG(t, 4032, 3024, 6, 8, []byte{1, 2, 3, 4}), true},
		{"12 MP interlaced 8-bit RGBA PNG", pngHeaderOf(4032, 3024, 8, 6, 1), true},
		{"12 MP 16-bit RGBA PNG", flatPNG(t, 4032, 3024, 6, 16, rgba16), true},
		{"3000x2000 16-bit RGBA PNG", flatPNG(t, 3000, 2000, 6, 16, rgba16), true},
		{"7000x7000 8-bit grey PNG", flatPNG(t, 7000, 7000, 0, 8, []byte{7}), true},
		{"7000x7000 paletted PNG", flatPNG(t, 7000, 7000, 3, 8, []byte{0}, appendChunk(nil, "PLTE", []byte{9, 9, 9})), true},
		{"7000x7000 GIF", []byte("GIF89a\x58\x1b\x58\x1b\x00\x00\x00;"), true},
		{"7000x7000 16-bit RGBA PNG", flatPNG(t, 7000, 7000, 6, 16, rgba16), false},
		{"50 MP 16-bit RGB PNG", pngHeaderOf(8160, 6120, 16, 2, 0), false},
		{"12 MP interlaced 16-bit RGBA PNG", pngHeaderOf(4032, 3024, 16, 6, 1), false},
		{"7000x7000 8-bit grey PNG with tRNS", flatPNG(t, 7000, 7000, 0, 8, []byte{7}, trnsChunk(9)), false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			src := headerSource(t, tc.in)
			l := readLayout(src)
			t.Logf("%s %dx%d: about %d MB", l.kind, src.width, src.height, l.cost(src.width, src.height)/1e6)
			_, err := inspect(tc.in)
			if tc.allowed && err != nil {
				t.Errorf("inspect() error = %v, want it allowed", err)
			}
			if !tc.allowed && !errors.Is(err, ErrTooLarge) {
				t.Errorf("inspect() error = %v, want ErrTooLarge", err)
			}
		})
	}
}

// headerSource reads an upload's header the way inspect does, without the
// budget check.
func headerSource(tb testing.TB, data []byte) source {
	tb.Helper()
	f, err := sniff(data)
	if err != nil {
		tb.Fatal(err)
	}
	cfg, err := decodeConfig(f, data)
	if err != nil {
		tb.Fatalf("DecodeConfig: %v", err)
	}
	return source{data: data, format: f, width: cfg.Width, height: cfg.Height, orientation: orientNormal}
}

// jpegHeader returns a JPEG's markers up to its first scan: a w x h frame,
// baseline or progressive, with one component per sampling factor (h<<4|v).
// Enough for DecodeConfig and the budget; there are no pixels.
func jpegHeader(w, h int, progressive bool, hv ...byte) []byte {
	sof := []byte{8, byte(h >> 8), byte(h), byte(w >> 8), byte(w), byte(len(hv))}
	sos := []byte{byte(len(hv))}
	for i, f := range hv {
		sof = append(sof, byte(i+1), f, 0)
		sos = append(sos, byte(i+1), 0)
	}
	marker := byte(0xc0)
	if progressive {
		marker = 0xc2
	}
	out := appendSegment([]byte{0xff, 0xd8}, marker, sof)
	out = appendSegment(out, 0xda, append(sos, 0, 63, 0))
	return append(out, 0xff, 0xd9)
}

// appendSegment appends one JPEG marker segment.
func appendSegment(out []byte, marker byte, data []byte) []byte {
	out = append(out, 0xff, marker)
	out = binary.BigEndian.AppendUint16(out, uint16(len(data)+2))
	return append(out, data...)
}

// webpLosslessHeader returns a simple-format WebP whose VP8L chunk holds only
// the header declaring w x h.
func webpLosslessHeader(w, h int) []byte {
	chunk := binary.LittleEndian.AppendUint32([]byte{0x2f}, uint32(w-1)|uint32(h-1)<<14)
	body := binary.LittleEndian.AppendUint32([]byte("WEBPVP8L"), uint32(len(chunk)))
	body = append(append(body, chunk...), 0) // chunks are padded to even length
	return append(binary.LittleEndian.AppendUint32([]byte("RIFF"), uint32(len(body))), body...)
}

// TestShrinkBytes holds shrinkBytes to what shrink really allocates: it counts
// the planes and filter taps; the allocator's rounding up to size classes, the
// resampler's row accumulators (a few KB per core) and goroutines come on top.
func TestShrinkBytes(t *testing.T) {
	for _, size := range []image.Point{{4032, 3024}, {3024, 4032}, {3199, 3199}, {1700, 1700}, {3300, 100}, {8000, 900}, {1600, 1200}, {64, 48}} {
		t.Run(size.String(), func(t *testing.T) {
			m := image.NewYCbCr(image.Rectangle{Max: size}, image.YCbCrSubsampleRatio420)
			got := allocated(func() { shrink(m, fullLongSide) })
			want := uint64(shrinkBytes(size.X, size.Y))
			if slack := uint64(192<<10 + runtime.GOMAXPROCS(0)*16<<10); got < want || got > want+slack {
				t.Errorf("shrink allocated %d bytes, shrinkBytes says %d", got, want)
			}
		})
	}
}

// allocated returns how many bytes fn allocated on the heap.
func allocated(fn func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	fn()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// TestCostCoversAllocation decodes and processes real images of each kind
// and checks that the header's estimate is not below what was allocated,
// for the decoder alone and for the whole upload, nor so far above it that
// good photos would be refused.
func TestCostCoversAllocation(t *testing.T) {
	plte := appendChunk(nil, "PLTE", []byte{200, 10, 10, 10, 10, 200})
	grey := image.NewGray(image.Rect(0, 0, 1800, 1200))
	tests := []struct {
		name, kind string
		in         []byte
	}{
		{"JPEG", "JPEG", makeJPEG(t, quadrants(1800, 1200))},
		{"grey JPEG", "grey JPEG", makeJPEG(t, grey)},
		{"8-bit RGBA PNG", "8-bit RGBA PNG", flatPNG(t, 1800, 1200, 6, 8, []byte{1, 2, 3, 128})},
		{"8-bit RGB PNG", "8-bit RGB PNG", flatPNG(t, 1800, 1200, 2, 8, []byte{1, 2, 3})},
		{"16-bit RGBA PNG", "16-bit RGBA PNG", flatPNG(t, 1800, 1200, 6, 16, rgba16)},
		{"16-bit RGB PNG", "16-bit RGB PNG", flatPNG(t, 1800, 1200, 2, 16, rgba16[:6])},
		{"8-bit grey PNG", "8-bit grey PNG", flatPNG(t, 1800, 1200, 0, 8, []byte{7})},
		{"8-bit grey PNG with tRNS", "8-bit grey PNG with tRNS", flatPNG(t, 1800, 1200, 0, 8, []byte{7}, trnsChunk(9))},
		{"16-bit grey PNG", "16-bit grey PNG", flatPNG(t, 1800, 1200, 0, 16, []byte{7, 7})},
		{"16-bit grey+alpha PNG", "16-bit grey+alpha PNG", flatPNG(t, 1800, 1200, 4, 16, []byte{7, 7, 0x80, 0})},
		{"paletted PNG", "8-bit paletted PNG", flatPNG(t, 1800, 1200, 3, 8, []byte{1}, plte)},
		{"GIF", "GIF", makeGIF(t, quadrants(900, 600))},
		{"lossy WebP", "lossy WebP", readTestdata(t, "tiny-lossy.webp")},
		{"lossless WebP", "lossless WebP", readTestdata(t, "tiny-lossless.webp")},
	}
	p := NewPipeline(1)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			src, err := inspect(tc.in)
			if err != nil {
				t.Fatalf("inspect() error = %v", err)
			}
			l := readLayout(src)
			if l.kind != tc.kind {
				t.Errorf("header read as %q, want %q", l.kind, tc.kind)
			}
			runtime.GC()
			decoded := allocated(func() {
				if _, err := decode(src); err != nil {
					t.Fatalf("decode() error = %v", err)
				}
			})
			const slack = 1 << 20 // the decoders' own tables and buffers
			if est := uint64(l.decoder); decoded > est+slack || est > 2*decoded+slack {
				t.Errorf("decoder allocated %d bytes, estimated %d", decoded, est)
			}
			total := allocated(func() {
				if _, err := p.Process(context.Background(), bytes.NewReader(tc.in)); err != nil {
					t.Fatalf("Process() error = %v", err)
				}
			})
			// Reading the upload itself takes two to three times its size.
			if cost := uint64(l.cost(src.width, src.height) + 3*int64(len(tc.in))); total > cost {
				t.Errorf("Process allocated %d bytes, estimated %d", total, cost)
			}
		})
	}
}
