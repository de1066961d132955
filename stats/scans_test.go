package stats

import (
	"testing"
	"time"
)

func TestConversion(t *testing.T) {
	if c := (Row{Received: 3, Scans: 12}).Conversion(); c.String() != "25.0%" {
		t.Errorf("conversion %s, want 25.0%%", c)
	}
	if c := (Row{Received: 5, Patrol: 2, Scans: 12}).Conversion(); c.String() != "25.0%" {
		t.Errorf("conversion %s with 2 of 5 found on patrol, want 25.0%% (3 residents' reports of 12 scans)", c)
	}
	if c := (Row{Received: 3}).Conversion(); c.String() != NoData {
		t.Errorf("conversion without scans %s, want %s", c, NoData)
	}
}

func TestMedianDays(t *testing.T) {
	tests := []struct {
		d    Durations
		want string
	}{
		{Durations{}, NoData},
		{Durations{N: 1, Median: 36 * time.Hour}, "1.5"},
		{Durations{N: 3, Median: 2 * time.Hour}, "0.1"},
	}
	for _, tt := range tests {
		if got := tt.d.MedianDays(); got != tt.want {
			t.Errorf("%v: %s, want %s", tt.d, got, tt.want)
		}
	}
}
