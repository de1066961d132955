package config_test

import (
	"testing"
	"time"

	"gridline/config"
)

// TestNightHours: the default night is 20:00–06:00, a span may stay within
// a day, and a malformed value is refused with the variable's name.
func TestNightHours(t *testing.T) {
	at := func(h int) time.Time { return time.Date(2026, 11, 3, h, 30, 0, 0, time.UTC) }
	tests := []struct {
		env         string
		night, days []int
	}{
		{"", []int{20, 23, 0, 5}, []int{6, 12, 19}},
		{"22-5", []int{22, 0, 4}, []int{5, 21}},
		{"1-4", []int{1, 3}, []int{0, 4, 23}},
	}
	for _, tt := range tests {
		c, err := config.Load(func(k string) string { return map[string]string{"GRIDLINE_NIGHT_HOURS": tt.env}[k] })
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range tt.night {
			if !c.Night.Contains(at(h)) {
				t.Errorf("%q: %d:30 should be night", tt.env, h)
			}
		}
		for _, h := range tt.days {
			if c.Night.Contains(at(h)) {
				t.Errorf("%q: %d:30 should not be night", tt.env, h)
			}
		}
	}
	for _, bad := range []string{"20", "20-20", "25-6", "x-6", "-1-6"} {
		if _, err := config.Load(func(k string) string { return map[string]string{"GRIDLINE_NIGHT_HOURS": bad}[k] }); err == nil {
			t.Errorf("GRIDLINE_NIGHT_HOURS=%q was accepted", bad)
		}
	}
}
