package stats

import (
	"errors"
	"reflect"
	"testing"

	"gridline/report"
)

// fixtureDays is the fixture's period as days in China time.
var fixtureDays = Days{First: Day{2025, 3, 1}, Last: Day{2025, 3, 31}}

// withUnknown is the fixture's communities and the one not in the list, as
// Compute files it, so both sides name the same rows.
func withUnknown() []Community {
	return append(communities(), Community{Code: codeX, Name: codeX, Street: UnknownStreet})
}

// tallyOf files each report's mark into months, through the binary form the
// store keeps.
func tallyOf(t *testing.T, rs []report.Report) map[string]*Month {
	t.Helper()
	months := map[string]*Month{}
	for _, r := range rs {
		mk := MarkOf(r, cst)
		for _, key := range mk.Months() {
			if months[key] == nil {
				months[key] = NewMonth(key)
			}
			months[key].Add(mk, 1)
		}
	}
	return roundTrip(t, months)
}

func roundTrip(t *testing.T, months map[string]*Month) map[string]*Month {
	t.Helper()
	out := map[string]*Month{}
	for key, m := range months {
		b, err := m.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		var back Month
		if err := back.UnmarshalBinary(b); err != nil {
			t.Fatalf("month %s: %v", key, err)
		}
		out[key] = &back
	}
	return out
}

func TestSummarizeEqualsCompute(t *testing.T) {
	rs := fixture(t)
	want := Compute(rs, withUnknown(), period, now)
	got := Summarize(tallyOf(t, rs), withUnknown(), fixtureDays, Overdue(rs, fixtureDays, cst, now))
	if !reflect.DeepEqual(got, want) {
		t.Errorf("from tallies:\n%+v\nrecomputed:\n%+v", got, want)
	}
	if got.Total.Received == 0 || got.Total.ToResolve.N == 0 {
		t.Fatalf("nothing counted: %+v", got.Total)
	}
}

// TestMonthAddRemove takes each report through its timeline one step at a
// time, replacing its old mark by the new one as the store does, and expects
// the same figures as marking the final reports once.
func TestMonthAddRemove(t *testing.T) {
	rs := fixture(t)
	months := map[string]*Month{}
	apply := func(mk Mark, sign int32) {
		for _, key := range mk.Months() {
			if months[key] == nil {
				months[key] = NewMonth(key)
			}
			months[key].Add(mk, sign)
		}
	}
	for _, r := range rs {
		var prev *Mark
		for k := 1; k <= len(r.Timeline); k++ {
			step := r
			step.Timeline = r.Timeline[:k]
			step.Status = r.Timeline[k-1].Status
			mk := MarkOf(step, cst)
			if prev != nil {
				apply(*prev, -1)
			}
			apply(mk, 1)
			prev = &mk
		}
	}
	got := Summarize(roundTrip(t, months), withUnknown(), fixtureDays, Overdue(rs, fixtureDays, cst, now))
	want := Summarize(tallyOf(t, rs), withUnknown(), fixtureDays, Overdue(rs, fixtureDays, cst, now))
	if !reflect.DeepEqual(got, want) {
		t.Errorf("step by step:\n%+v\nat once:\n%+v", got, want)
	}
}

func TestTrendAndCategories(t *testing.T) {
	rs := fixture(t)
	months := tallyOf(t, rs)
	codes := []string{codeA, codeB, codeC, codeD, codeX}
	trend := Trend(months, codes, fixtureDays)
	if len(trend) != 31 || trend[0].Label != "03-01" || trend[30].Label != "03-31" {
		t.Fatalf("trend days %d, first %+v", len(trend), trend[0])
	}
	received, resolved := 0, 0
	for _, d := range trend {
		received += d.Received
		resolved += d.Resolved
	}
	sum := Compute(rs, withUnknown(), period, now)
	if received != sum.Total.Received {
		t.Errorf("trend received %d, want %d", received, sum.Total.Received)
	}
	firstInMarch := 0 // whenever submitted
	for _, r := range rs {
		for _, e := range r.Timeline {
			if e.Action == report.Resolve {
				if period.Contains(e.At) {
					firstInMarch++
				}
				break
			}
		}
	}
	if resolved != firstInMarch || resolved == 0 {
		t.Errorf("trend resolved %d, want the %d first resolutions in March", resolved, firstInMarch)
	}
	cats := ByCategory(months, codes, fixtureDays)
	if len(cats) != 1 || cats[0] != (CategoryRow{"市容环境", sum.Total.Received, sum.Total.Resolved}) {
		t.Errorf("categories %+v, want one row of %d/%d", cats, sum.Total.Received, sum.Total.Resolved)
	}
}

func TestMonthScans(t *testing.T) {
	m := NewMonth("2025-03")
	m.AddScans(codeA, "p", Day{2025, 3, 2}, 1)
	m.AddScans(codeA, "p", Day{2025, 3, 2}, 1)
	m.AddScans(codeA, "c", Day{2025, 3, 31}, 1)
	m.AddScans(codeB, "p", Day{2025, 3, 1}, 1)
	months := roundTrip(t, map[string]*Month{m.Key: m})
	got := ScansByKind(months, []string{codeA, codeB}, Days{Day{2025, 3, 2}, Day{2025, 3, 31}})
	want := map[string]map[string]int{codeA: {"p": 2, "c": 1}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("scans %v, want %v", got, want)
	}
}

func TestMonthUnreadable(t *testing.T) {
	m := tallyOf(t, fixture(t))["2025-03"]
	good, _ := m.MarshalBinary()
	for name, b := range map[string][]byte{
		"empty":       nil,
		"new format":  append([]byte{99}, good[1:]...),
		"cut short":   good[:len(good)/2],
		"extra bytes": append(append([]byte{}, good...), 0),
		"huge count":  {monthFormat, 1, 'x', 0xff, 0xff, 0xff, 0xff, 0x0f},
	} {
		var back Month
		if err := back.UnmarshalBinary(b); !errors.Is(err, ErrMonthFormat) {
			t.Errorf("%s: %v, want ErrMonthFormat", name, err)
		}
	}
}
