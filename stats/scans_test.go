package stats

import (
	"testing"
	"time"
)

func TestWithScans(t *testing.T) {
	s := Compute(nil, []Community{
		{Code: "A", Name: "春和社区", Street: "北山口镇"},
		{Code: "B", Name: "东门社区", Street: "北山口镇"},
		{Code: "C", Name: "西湖社区", Street: "南湖街道"},
	}, Period{}, time.Time{})
	s = WithScans(s, map[string]int{"A": 3, "B": 4, "C": 5, "Z": 9})
	if s.Total.Scans != 12 {
		t.Errorf("total scans %d, want 12 (unknown communities ignored)", s.Total.Scans)
	}
	for _, st := range s.Streets {
		want := map[string]int{"北山口镇": 7, "南湖街道": 5}[st.Street]
		if st.Scans != want {
			t.Errorf("%s: %d scans, want %d", st.Street, st.Scans, want)
		}
	}
	if c := (Row{Received: 3, Scans: 12}).Conversion(); c.String() != "25.0%" {
		t.Errorf("conversion %s, want 25.0%%", c)
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
