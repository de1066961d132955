package latency_test

import (
	"testing"
	"time"

	"gridline/bench/latency"
)

func TestPercentile(t *testing.T) {
	ms := func(ns ...int) []time.Duration {
		out := make([]time.Duration, len(ns))
		for i, n := range ns {
			out[i] = time.Duration(n) * time.Millisecond
		}
		return out
	}
	sixteen := ms(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16)
	tests := []struct {
		name   string
		sorted []time.Duration
		p      float64
		want   time.Duration
	}{
		{"empty", nil, 50, 0},
		{"one", ms(7), 99, 7 * time.Millisecond},
		{"p50 of sixteen", sixteen, 50, 8 * time.Millisecond},
		{"p99 of sixteen is the slowest", sixteen, 99, 16 * time.Millisecond},
		{"p100", sixteen, 100, 16 * time.Millisecond},
		{"p0 is the fastest", sixteen, 0, 1 * time.Millisecond},
		{"p50 of three", ms(1, 2, 30), 50, 2 * time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := latency.Percentile(tt.sorted, tt.p); got != tt.want {
				t.Errorf("Percentile(%v, %v) = %v, want %v", tt.sorted, tt.p, got, tt.want)
			}
		})
	}
}
