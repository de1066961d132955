package store_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"gridline/report"
)

// TestScans counts scans per community, kind and day, and adds up a range.
func TestScans(t *testing.T) {
	st := newStore(t)
	ctx := context.Background()
	for _, s := range []struct{ code, kind, day string }{
		{"AAAAAA", "p", "2026-03-01"}, {"AAAAAA", "p", "2026-03-01"}, {"AAAAAA", "c", "2026-03-01"},
		{"AAAAAA", "p", "2026-03-02"}, {"BBBBBB", "c", "2026-03-31"}, {"BBBBBB", "c", "2026-04-01"},
	} {
		if err := st.RecordScan(ctx, s.code, s.kind, s.day); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name     string
		from, to string
		codes    []string
		want     map[string]map[string]int
	}{
		{"March", "2026-03-01", "2026-04-01", nil, map[string]map[string]int{
			"AAAAAA": {"p": 3, "c": 1}, "BBBBBB": {"c": 1}}},
		{"one day", "2026-03-01", "2026-03-02", nil, map[string]map[string]int{"AAAAAA": {"p": 2, "c": 1}}},
		{"one community", "2026-01-01", "2027-01-01", []string{"BBBBBB"}, map[string]map[string]int{"BBBBBB": {"c": 2}}},
		{"none", "2025-01-01", "2025-02-01", nil, map[string]map[string]int{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := st.Scans(ctx, tt.from, tt.to, tt.codes)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

// TestPublishedReports lists only published results that stand: resolved or
// closed, newest first.
func TestPublishedReports(t *testing.T) {
	st := newStore(t)
	ctx := context.Background()
	day := func(d int) time.Time { return time.Date(2026, 3, d, 8, 0, 0, 0, time.UTC) }
	for i, r := range []report.Report{
		{Community: "AAAAAA", Status: report.Closed, Published: true, ResolvedAt: day(2)},
		{Community: "AAAAAA", Status: report.Resolved, Published: true, ResolvedAt: day(5)},
		{Community: "AAAAAA", Status: report.Resolved, ResolvedAt: day(6)},                  // not published
		{Community: "AAAAAA", Status: report.Reopened, Published: true, ResolvedAt: day(7)}, // reopened since
		{Community: "BBBBBB", Status: report.Closed, Published: true, ResolvedAt: day(8)},   // elsewhere
	} {
		r.SubmitToken = string(rune('a' + i))
		r.Category = string(rune('A' + i))
		if _, err := st.CreateReport(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	got, err := st.PublishedReports(ctx, "AAAAAA", 10)
	if err != nil {
		t.Fatal(err)
	}
	var cats []string
	for _, r := range got {
		cats = append(cats, r.Category)
	}
	if want := []string{"B", "A"}; !reflect.DeepEqual(cats, want) {
		t.Errorf("published: %v, want %v", cats, want)
	}
}
