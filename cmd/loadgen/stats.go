package main

import (
	"cmp"
	"fmt"
	"io"
	"maps"
	"slices"
	"time"

	"gridline/bench/latency"
)

// summary is what a run measured.
type summary struct {
	acknowledged int
	failed       int
	elapsed      time.Duration
	p50, p99     time.Duration // upload latency of acknowledged reports
	reasons      map[string]int
	noun         string // what was sent: "uploads", "reports"
}

// summarize counts the results and computes the latency percentiles.
func summarize(results []result, elapsed time.Duration) summary {
	s := summary{elapsed: elapsed, reasons: map[string]int{}, noun: "uploads"}
	var latencies []time.Duration
	for _, r := range results {
		if r.err != nil {
			s.failed++
			s.reasons[r.err.Error()]++
			continue
		}
		s.acknowledged++
		latencies = append(latencies, r.latency)
	}
	slices.Sort(latencies)
	s.p50 = latency.Percentile(latencies, 50)
	s.p99 = latency.Percentile(latencies, 99)
	return s
}

func (s summary) print(w io.Writer) {
	fmt.Fprintf(w, "acknowledged:       %d\n", s.acknowledged)
	fmt.Fprintf(w, "failed:             %d\n", s.failed)
	reasons := slices.SortedFunc(maps.Keys(s.reasons), func(a, b string) int {
		return cmp.Or(cmp.Compare(s.reasons[b], s.reasons[a]), cmp.Compare(a, b))
	})
	for _, r := range reasons[:min(len(reasons), 5)] {
		fmt.Fprintf(w, "  %4d× %s\n", s.reasons[r], r)
	}
	fmt.Fprintf(w, "throughput:         %.2f %s/s (%d acknowledged in %.2f s)\n",
		float64(s.acknowledged)/s.elapsed.Seconds(), s.noun, s.acknowledged, s.elapsed.Seconds())
	if s.acknowledged == 0 {
		fmt.Fprintln(w, "POST latency:       none acknowledged")
		return
	}
	fmt.Fprintf(w, "POST latency:       p50 %s, p99 %s (the acknowledged POST sent until its answer)\n",
		s.p50.Round(time.Millisecond), s.p99.Round(time.Millisecond))
}

// sortedTotals are the acknowledged reports' times from first POST to
// acknowledgement, retries included, sorted.
func sortedTotals(subs []submission) []time.Duration {
	var out []time.Duration
	for _, s := range subs {
		if s.tracking != "" {
			out = append(out, s.total)
		}
	}
	slices.Sort(out)
	return out
}

// retried counts the reports that took more than one POST.
func retried(subs []submission) int {
	n := 0
	for _, s := range subs {
		if s.attempts > 1 {
			n++
		}
	}
	return n
}
