package photo

import (
	"image"
	"runtime"
	"sync"
)

// shrink returns a 4:2:0 copy of m whose long side is at most longSide, never
// upscaled.
//
// It works on the YCbCr planes the JPEG decoder produced: resizing is linear,
// so this gives the same picture as resizing RGB, but the chroma planes of a
// 4:2:0 photo hold a quarter of the pixels each, and no pixel is ever
// converted to RGB. Large reductions start with exact 2x box averages, which
// are cheap and keep what a Lanczos filter would keep, and finish with one
// Lanczos pass to the exact size.
func shrink(m *image.YCbCr, longSide int) *image.YCbCr {
	tw, th := fitSize(m.Rect.Dx(), m.Rect.Dy(), longSide)
	y, cb, cr := planes420(m)
	k := lanczos3()
	return image420(
		shrinkPlane(y, tw, th, k),
		shrinkPlane(cb, (tw+1)/2, (th+1)/2, k),
		shrinkPlane(cr, (tw+1)/2, (th+1)/2, k),
	)
}

// shrinkPlane halves p while it is at least twice the target, then filters it
// to exactly w x h.
func shrinkPlane(p plane, w, h int, k kernel) plane {
	for p.w >= 2*w && p.h >= 2*h {
		p = halvePlane(p)
	}
	return resample(p, w, h, k)
}

// fitSize scales w x h so that the long side is at most longSide, keeping the
// aspect ratio, never enlarging and never giving a side under one pixel.
func fitSize(w, h, longSide int) (int, int) {
	long := max(w, h)
	if long <= longSide {
		return w, h
	}
	scale := func(v int) int { return max(1, (v*longSide+long/2)/long) }
	return scale(w), scale(h)
}

// halvePlane averages each 2x2 block; an odd last row or column is dropped.
func halvePlane(src plane) plane {
	dst := newPlane(src.w/2, src.h/2)
	parallelRows(dst.h, func(y0, y1 int) {
		for y := y0; y < y1; y++ {
			top := src.pix[2*y*src.stride:][: 2*dst.w : 2*dst.w]
			bot := src.pix[(2*y+1)*src.stride:][: 2*dst.w : 2*dst.w]
			d := dst.row(y)
			for x := range d {
				d[x] = uint8((uint32(top[2*x]) + uint32(top[2*x+1]) + uint32(bot[2*x]) + uint32(bot[2*x+1]) + 2) >> 2)
			}
		}
	})
	return dst
}

// parallelRows splits rows [0, n) into one contiguous band per core. Bands
// rather than single rows keep each goroutine on its own cache lines.
func parallelRows(n int, fn func(y0, y1 int)) {
	procs := min(runtime.GOMAXPROCS(0), n)
	if procs <= 1 {
		fn(0, n)
		return
	}
	var wg sync.WaitGroup
	for i := range procs {
		y0, y1 := n*i/procs, n*(i+1)/procs
		wg.Go(func() { fn(y0, y1) })
	}
	wg.Wait()
}
