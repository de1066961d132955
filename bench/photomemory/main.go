// Command photomemory measures the photo pipeline's peak memory when many
// large or hostile uploads arrive at once, without the HTTP server around it:
//
//	go run ./bench/photomemory                  # 16 x the 7000x7000 16-bit RGBA PNG
//	go run ./bench/photomemory -width 4032 -height 3024
//	go run ./bench/photomemory -photo wood.jpg  # any file instead
//
// By default it builds, with image/png, the reported attack: a PNG of one
// colour declaring 7000x7000 16-bit RGBA, about 0.5 MB. It then sends -n
// copies through one photo.Pipeline at once, with -workers decode slots (by
// default as the server sets them: GOMAXPROCS, at most 4), and prints how many
// were accepted and refused, the time taken and the process's peak RSS
// (VmHWM from /proc/self/status), also read before the run.
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"runtime"
	"strings"
	"sync"
	"time"

	"gridline/photo"
)

func main() {
	n := flag.Int("n", 16, "uploads sent at once")
	workers := flag.Int("workers", min(runtime.GOMAXPROCS(0), 4), "decode slots of the pipeline")
	width := flag.Int("width", 7000, "width of the built PNG")
	height := flag.Int("height", 7000, "height of the built PNG")
	depth := flag.Int("depth", 16, "bit depth of the built RGBA PNG: 8 or 16")
	file := flag.String("photo", "", "send this file instead of building a PNG")
	flag.Parse()
	if err := run(*n, *workers, *width, *height, *depth, *file); err != nil {
		fmt.Fprintln(os.Stderr, "photomemory:", err)
		os.Exit(1)
	}
}

// run builds or reads the upload, sends n copies at once and reports.
func run(n, workers, width, height, depth int, file string) error {
	data, what, err := upload(width, height, depth, file)
	if err != nil {
		return err
	}
	fmt.Printf("== %s, %d bytes; %d uploads, %d workers, GOMAXPROCS %d\n", what, len(data), n, workers, runtime.GOMAXPROCS(0))
	fmt.Printf("== before: VmHWM %s\n", status("VmHWM"))

	p := photo.NewPipeline(workers)
	errs := make(chan error, n)
	start := time.Now()
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			_, err := p.Process(context.Background(), bytes.NewReader(data))
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	accepted, refused, first := 0, 0, error(nil)
	for err := range errs {
		if err == nil {
			accepted++
			continue
		}
		refused++
		first = err
	}
	fmt.Printf("== accepted %d, refused %d in %.1f s\n", accepted, refused, time.Since(start).Seconds())
	if first != nil {
		fmt.Printf("== refused with: %v\n", first)
	}
	fmt.Printf("== peak RSS (VmHWM) %s\n", status("VmHWM"))
	return nil
}

// upload reads file, or builds a width x height RGBA PNG of one colour.
func upload(width, height, depth int, file string) ([]byte, string, error) {
	if file != "" {
		data, err := os.ReadFile(file)
		return data, file, err
	}
	m := flat{r: image.Rect(0, 0, width, height), c: color.NRGBA64{0x1234, 0x5678, 0x9abc, 0xffff}, model: color.NRGBA64Model}
	if depth == 8 {
		m.c, m.model = color.NRGBA{0x12, 0x56, 0x9a, 0xff}, color.NRGBAModel
	}
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(&buf, m); err != nil {
		return nil, "", err
	}
	return buf.Bytes(), fmt.Sprintf("%dx%d %d-bit RGBA PNG of one colour", width, height, depth), nil
}

// flat is an image of one colour that holds no pixels, so building a huge
// PNG costs no memory. It says it is not opaque, so image/png writes RGBA
// (colour type 6), as the attack did.
type flat struct {
	r     image.Rectangle
	c     color.Color
	model color.Model
}

func (f flat) ColorModel() color.Model { return f.model }
func (f flat) Bounds() image.Rectangle { return f.r }
func (f flat) At(x, y int) color.Color { return f.c }
func (f flat) Opaque() bool            { return false }

// status returns one field of /proc/self/status, such as "VmHWM", as kB and MiB.
func status(field string) string {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return "unknown (" + err.Error() + ")"
	}
	for line := range strings.SplitSeq(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, field+":"); ok {
			var kb int
			fmt.Sscan(strings.TrimSpace(v), &kb)
			return fmt.Sprintf("%d MiB (%d kB)", kb>>10, kb)
		}
	}
	return "unknown"
}
