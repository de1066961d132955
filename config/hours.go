package config

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Hours is a span of the clock, from the hour From (inclusive) to the hour
// To (exclusive), past midnight when From is later than To: "20-6" is
// 20:00–06:00.
type Hours struct{ From, To int }

// Contains reports whether t, read on its own clock, falls in the span.
func (h Hours) Contains(t time.Time) bool {
	hour := t.Hour()
	if h.From <= h.To {
		return h.From <= hour && hour < h.To
	}
	return hour >= h.From || hour < h.To
}

// parseHours reads "FROM-TO", whole hours 0–23 that differ.
func parseHours(v string) (Hours, error) {
	from, to, ok := strings.Cut(v, "-")
	f, ferr := strconv.Atoi(strings.TrimSpace(from))
	t, terr := strconv.Atoi(strings.TrimSpace(to))
	if !ok || ferr != nil || terr != nil || f < 0 || f > 23 || t < 0 || t > 23 || f == t {
		return Hours{}, fmt.Errorf("want two different hours such as 20-6, got %q", v)
	}
	return Hours{From: f, To: t}, nil
}
