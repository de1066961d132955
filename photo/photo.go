// Package photo turns untrusted phone uploads into small, clean JPEGs.
//
// Every upload is sniffed by its bytes, checked for size before it is decoded,
// decoded once, shrunk, turned upright and re-encoded, so nothing the sender
// put in the file (EXIF, GPS, trailing payloads) survives. The package is pure:
// bytes in, bytes out, no HTTP and no storage.
package photo

import (
	"context"
	"errors"
	"fmt"
	"io"
	"runtime"
	"sync/atomic"
)

// MaxPixels bounds width*height of an accepted upload. It is checked from the
// header alone, so a small file that declares a huge canvas is refused before
// any pixel memory is allocated.
const MaxPixels = 50_000_000

// The sentinel errors let callers pick a message for the resident without
// parsing strings; Process wraps them, so test with errors.Is.
var (
	// ErrUnsupported means the bytes are not a JPEG, PNG, GIF or WebP image.
	ErrUnsupported = errors.New("unsupported image format")
	// ErrHEIC means the upload is HEIC/HEIF, which iPhones send by default;
	// it is told apart so the resident can be asked to send a JPEG instead.
	ErrHEIC = errors.New("HEIC/HEIF images are not supported")
	// ErrTooLarge means the image declares more than MaxPixels, or absurd sides,
	// or a size and kind that would need more memory to decode than one upload
	// may have (a large 16-bit PNG, say), or the upload itself is too many bytes.
	ErrTooLarge = errors.New("image too large")
	// ErrCorrupt means the upload looked like a known format but is truncated
	// or cannot be decoded.
	ErrCorrupt = errors.New("image corrupt or truncated")
)

// Output sizes and quality. They are constants rather than options because every
// caller wants the same photos and the speed work is tuned for them.
const (
	fullLongSide  = 1600
	thumbLongSide = 320
	jpegQuality   = 80
	// maxInputBytes is a second guard behind the caller's own request limit.
	maxInputBytes = 32 << 20
)

// Pipeline re-encodes untrusted uploads. Safe for concurrent use.
//
// Decoding a 12-megapixel photo holds tens of megabytes and a core, so the
// Pipeline lets only a fixed number of uploads be decoded at once; the others
// wait for a slot (or for their context to end). Make one with NewPipeline;
// the zero value has no slots and would wait forever.
type Pipeline struct {
	slots   chan struct{}
	waiting atomic.Int64 // uploads blocked in acquire
	// onSlot, when set by tests, runs while a slot is held, before decoding.
	onSlot func()
}

// NewPipeline returns a Pipeline that decodes at most maxConcurrent uploads at
// once. maxConcurrent<=0 means runtime.GOMAXPROCS(0).
func NewPipeline(maxConcurrent int) *Pipeline {
	if maxConcurrent <= 0 {
		maxConcurrent = runtime.GOMAXPROCS(0)
	}
	return &Pipeline{slots: make(chan struct{}, maxConcurrent)}
}

// Processed is the result of one upload: the photo to show and its thumbnail.
type Processed struct {
	Full          []byte // JPEG q80, long side <= 1600 px, orientation applied, no metadata
	Thumb         []byte // JPEG, long side <= 320 px, made from the full image
	Width, Height int    // of Full
}

// Process reads one upload and returns the cleaned full-size JPEG and a thumbnail.
//
// Reading, sniffing and the header checks happen before a slot is taken, so a
// refused upload never waits behind real work. Errors wrap ErrUnsupported,
// ErrHEIC, ErrTooLarge, ErrCorrupt or the context's error.
func (p *Pipeline) Process(ctx context.Context, r io.Reader) (Processed, error) {
	data, err := readAll(r)
	if err != nil {
		return Processed{}, err
	}
	src, err := inspect(data)
	if err != nil {
		return Processed{}, err
	}
	if err := p.acquire(ctx); err != nil {
		return Processed{}, err
	}
	defer p.release()
	if p.onSlot != nil {
		p.onSlot()
	}
	return render(src)
}

// acquire takes a decode slot or gives up when ctx ends.
func (p *Pipeline) acquire(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("photo: waiting for a decode slot: %w", err)
	}
	select {
	case p.slots <- struct{}{}:
		return nil
	default:
	}
	p.waiting.Add(1)
	defer p.waiting.Add(-1)
	select {
	case p.slots <- struct{}{}:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("photo: waiting for a decode slot: %w", ctx.Err())
	}
}

// Decoding is how many uploads hold a decode slot now.
func (p *Pipeline) Decoding() int { return len(p.slots) }

// Waiting is how many uploads wait for a decode slot now.
func (p *Pipeline) Waiting() int { return int(p.waiting.Load()) }

// release frees the slot taken by acquire.
func (p *Pipeline) release() { <-p.slots }

// readAll reads the whole upload once, refusing one past maxInputBytes.
func readAll(r io.Reader) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxInputBytes+1))
	if err != nil {
		return nil, fmt.Errorf("photo: reading upload: %w", err)
	}
	if len(data) > maxInputBytes {
		return nil, fmt.Errorf("photo: upload over %d bytes: %w", maxInputBytes, ErrTooLarge)
	}
	return data, nil
}
