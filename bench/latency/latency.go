// Package latency summarises the request latencies that the load generator
// and the benchmarks measure, so every tool reports the same percentile.
package latency

import (
	"math"
	"time"
)

// Percentile is the nearest-rank percentile of sorted latencies: the
// smallest one that at least p percent are at or below. Zero when empty.
func Percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	rank := int(math.Ceil(p / 100 * float64(len(sorted))))
	return sorted[min(max(rank, 1), len(sorted))-1]
}
