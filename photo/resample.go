package photo

import "math"

// weightBits is the fixed-point precision of filter weights: 1<<14 is 1.0,
// which leaves an int32 accumulator ample room for 255 times a dozen taps.
const weightBits = 14

// kernel is the reconstruction filter used for the final resize.
type kernel struct {
	support float64
	at      func(x float64) float64
}

// lanczos3 is the filter vips and most photo tools shrink with: sharp, with
// little ringing.
func lanczos3() kernel {
	return kernel{support: 3, at: func(x float64) float64 {
		x = math.Abs(x)
		if x == 0 {
			return 1
		}
		if x >= 3 {
			return 0
		}
		px := math.Pi * x
		return 3 * math.Sin(px) * math.Sin(px/3) / (px * px)
	}}
}

// taps holds, for each destination index, a window of n source indices
// starting at start[i] and their fixed-point weights w[i*n : i*n+n]. Every
// window has the same length so the inner loops need no per-pixel slicing.
type taps struct {
	n     int
	start []int
	w     []int32
}

// makeTaps computes the weights that shrink srcSize samples to dstSize with k,
// widening the kernel by the scale so that it also low-passes.
func makeTaps(srcSize, dstSize int, k kernel) taps {
	scale := float64(srcSize) / float64(dstSize)
	radius := k.support * max(scale, 1)
	n := min(int(math.Ceil(radius))*2+1, srcSize)
	t := taps{n: n, start: make([]int, dstSize), w: make([]int32, dstSize*n)}
	fw := make([]float64, n)
	for i := range dstSize {
		center := (float64(i)+0.5)*scale - 0.5
		start := min(max(int(math.Ceil(center-radius)), 0), srcSize-n)
		t.start[i] = start
		sum := 0.0
		for j := range fw {
			fw[j] = k.at((float64(start+j) - center) / max(scale, 1))
			sum += fw[j]
		}
		t.setWeights(i, fw, sum)
	}
	return t
}

// setWeights stores window i normalised to exactly 1<<weightBits, putting the
// rounding error on the largest weight so flat areas stay exactly flat.
func (t taps) setWeights(i int, fw []float64, sum float64) {
	w := t.w[i*t.n : i*t.n+t.n]
	total, big := int32(0), 0
	for j, f := range fw {
		w[j] = int32(math.Round(f / sum * (1 << weightBits)))
		total += w[j]
		if w[j] > w[big] {
			big = j
		}
	}
	w[big] += 1<<weightBits - total
}

// resample filters p to exactly w x h with a separable filter: horizontally
// first, then vertically by summing whole weighted rows, so both passes walk
// memory in order. It returns p itself when the size already matches.
func resample(p plane, w, h int, k kernel) plane {
	if p.w != w {
		p = resampleX(p, w, makeTaps(p.w, w, k))
	}
	if p.h != h {
		p = resampleY(p, h, makeTaps(p.h, h, k))
	}
	return p
}

// resampleX filters each row of src to w samples.
func resampleX(src plane, w int, t taps) plane {
	dst := newPlane(w, src.h)
	parallelRows(src.h, func(y0, y1 int) {
		for y := y0; y < y1; y++ {
			row, d := src.row(y), dst.row(y)
			for x := range d {
				ws := t.w[x*t.n : x*t.n+t.n]
				px := row[t.start[x]:][:len(ws):len(ws)]
				var sum int32
				for j, wt := range ws {
					sum += int32(px[j]) * wt
				}
				d[x] = clampWeighted(sum)
			}
		}
	})
	return dst
}

// resampleY filters each column of src to h samples.
func resampleY(src plane, h int, t taps) plane {
	dst := newPlane(src.w, h)
	parallelRows(h, func(y0, y1 int) {
		acc := make([]int32, src.w)
		for y := y0; y < y1; y++ {
			clear(acc)
			for j, wt := range t.w[y*t.n : y*t.n+t.n] {
				row := src.row(t.start[y] + j)
				a := acc[:len(row)]
				for i, v := range row {
					a[i] += int32(v) * wt
				}
			}
			d := dst.row(y)
			for i, v := range acc[:len(d)] {
				d[i] = clampWeighted(v)
			}
		}
	})
	return dst
}

// clampWeighted rounds a fixed-point weighted sum to a byte. Lanczos has
// negative lobes, so sums can fall outside 0-255 at hard edges.
func clampWeighted(v int32) uint8 {
	v = (v + 1<<(weightBits-1)) >> weightBits
	return uint8(min(max(v, 0), 255))
}
