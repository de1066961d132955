package server

import (
	"testing"
	"time"
)

// TestCalendarDays: the form's "today, yesterday, N days ago" counts
// midnights in the display zone, not 24-hour spans.
func TestCalendarDays(t *testing.T) {
	shanghai := time.FixedZone("CST", 8*3600)
	at := func(day, hour, minute int) time.Time { return time.Date(2026, 12, day, hour, minute, 0, 0, shanghai) }
	for _, tt := range []struct {
		from, to time.Time
		want     int
	}{
		{at(2, 0, 5), at(2, 23, 50), 0},
		{at(1, 23, 30), at(2, 0, 10), 1}, // forty minutes, but yesterday
		{at(1, 0, 10), at(2, 23, 30), 1},
		{at(1, 15, 59).UTC(), at(4, 8, 0).UTC(), 3}, // the zone decides, not the times' own
	} {
		if got := calendarDays(tt.from, tt.to, shanghai); got != tt.want {
			t.Errorf("calendarDays(%s, %s) = %d, want %d", tt.from, tt.to, got, tt.want)
		}
	}
}
