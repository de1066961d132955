package stats

import (
	"slices"
	"strconv"
	"time"
)

// NoData is what a rate or a duration shows when nothing was counted.
const NoData = "—"

// Rate is a fraction kept as its two counts, so a page can show "3/4" and
// tell "0%" from "nothing to count" (D == 0).
type Rate struct{ N, D int }

// Known reports whether there was anything to count.
func (r Rate) Known() bool { return r.D > 0 }

// Percent is 100·N/D, or 0 when nothing was counted.
func (r Rate) Percent() float64 {
	if !r.Known() {
		return 0
	}
	return 100 * float64(r.N) / float64(r.D)
}

// String is the percentage with one decimal ("75.0%"), or NoData.
func (r Rate) String() string {
	if !r.Known() {
		return NoData
	}
	return strconv.FormatFloat(r.Percent(), 'f', 1, 64) + "%"
}

// Durations summarises how long one step of the loop took over N samples;
// N == 0 means no data and the durations are zero.
type Durations struct {
	N      int
	Median time.Duration // nearest rank: the ⌈n/2⌉-th smallest
	P90    time.Duration // nearest rank: the ⌈0.9·n⌉-th smallest
}

// MedianHours is the median in hours with one decimal, or NoData.
func (d Durations) MedianHours() string { return d.hours(d.Median) }

// P90Hours is the 90th percentile in hours with one decimal, or NoData.
func (d Durations) P90Hours() string { return d.hours(d.P90) }

func (d Durations) hours(v time.Duration) string {
	if d.N == 0 {
		return NoData
	}
	return strconv.FormatFloat(v.Hours(), 'f', 1, 64)
}

// summarise sorts a copy of samples and picks the median and P90.
func summarise(samples []time.Duration) Durations {
	if len(samples) == 0 {
		return Durations{}
	}
	s := slices.Clone(samples)
	slices.Sort(s)
	return Durations{N: len(s), Median: nearestRank(s, 50), P90: nearestRank(s, 90)}
}

// nearestRank is the p-th percentile of sorted, non-empty s: the ⌈p·n/100⌉-th
// smallest sample (1-based), never interpolated.
func nearestRank(s []time.Duration, p int) time.Duration {
	rank := (p*len(s) + 99) / 100
	return s[max(rank, 1)-1]
}
