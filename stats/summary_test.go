package stats

import (
	"reflect"
	"testing"
	"time"

	"gridline/report"
)

// d is a Durations of n samples with the given median and P90 in hours.
func d(n int, median, p90 float64) Durations {
	return Durations{N: n, Median: hours(median), P90: hours(p90)}
}

// The expected rows, worked out by hand from fixture (R6 and R11 are outside
// the period). Samples are listed sorted; nearest rank picks the ⌈P·n/100⌉-th.
var (
	// A = R1..R5.
	rowA = Row{
		Code: codeA, Name: "北锣鼓巷社区", Street: andingmen,
		Received: 5, // R1 R2 R3 R4 R5
		Accepted: 4, // R2 R3 R4 R5
		Rejected: 1, // R1
		Resolved: 4, // R2 R3 R4 R5
		// 4 ÷ (5 received − 1 rejected and never resolved)
		ResolutionRate: Rate{4, 4},
		// R2 on time (3/4 20:00 ≤ 3/5 11:00), R3 late (3/8 13:00 > 3/7 13:00),
		// R5 on time (3/13 21:00 ≤ 3/14 09:00); R4 left out (dispatched again
		// after its first resolution).
		OnTimeRate: Rate{2, 3},
		// R5 0.5, R4 1, R2 2, R3 4: n=4, median rank ⌈2⌉=2 → 1 h, P90 rank ⌈3.6⌉=4 → 4 h.
		ToAccept: d(4, 1, 4),
		// R4 6, R2 9, R5 12, R4 22, R3 48: n=5, median rank ⌈2.5⌉=3 → 12 h,
		// P90 rank ⌈4.5⌉=5 → 48 h.
		ToResolve: d(5, 12, 48),
		// ratings R2 满意, R3 基本满意, R4 不满意 and 满意 (R5 auto-closed): 3 of 4.
		SatisfactionRate: Rate{3, 4},
		Reopens:          1, // R4
		Overdue:          0,
	}
	// B = R7, R8, R9.
	rowB = Row{
		Code: codeB, Name: "国子监社区", Street: andingmen,
		Received: 3, Accepted: 2, Rejected: 0, Resolved: 1, // R7 R9 accepted, R9 resolved
		ResolutionRate:   Rate{1, 3},   // 1 ÷ (3 − 0)
		OnTimeRate:       Rate{1, 1},   // R9: 3/17 09:00 ≤ 3/18 09:00
		ToAccept:         d(2, 2, 6),   // R7 2, R9 6: median rank 1 → 2, P90 rank ⌈1.8⌉=2 → 6
		ToResolve:        d(1, 24, 24), // R9 24 (since the reassignment, not the first dispatch)
		Overdue:          1,            // R7: in progress, due 3/22 12:00 < now 4/10
		SatisfactionRate: Rate{0, 0},   // nothing rated: "—"
		Joins:            2,            // R8: two residents joined; still 3 received
	}
	// 安定门街道 = A + B.
	rowAndingmen = Row{
		Name: andingmen, Street: andingmen,
		Received: 8, Accepted: 6, Rejected: 1, Resolved: 5, Joins: 2,
		ResolutionRate: Rate{5, 7}, // 5 ÷ (8 − 1)
		OnTimeRate:     Rate{3, 4}, // 2/3 + 1/1
		// pooled 0.5 1 2 2 4 6: n=6, median rank 3 → 2, P90 rank ⌈5.4⌉=6 → 6.
		ToAccept: d(6, 2, 6),
		// pooled 6 9 12 22 24 48: n=6, median rank 3 → 12, P90 rank 6 → 48.
		ToResolve:        d(6, 12, 48),
		SatisfactionRate: Rate{3, 4},
		Reopens:          1,
		Overdue:          1,
	}
	// C = R10, R13.
	rowC = Row{
		Code: codeC, Name: "韶九社区", Street: donghuamen,
		Received: 2, Accepted: 2,
		Rejected: 1, // R10, after its reopening
		Resolved: 1, // R10
		// R10 was resolved before it was rejected, so it stays in the
		// denominator: 1 ÷ (2 − 0) (not 1 ÷ (2 − 1)).
		ResolutionRate:   Rate{1, 2},
		OnTimeRate:       Rate{1, 1},   // R10 resolved 3/6 12:00, exactly at the deadline
		ToAccept:         d(2, 3, 10),  // R10 3, R13 10 (accepted after To, still counted)
		ToResolve:        d(1, 24, 24), // R10 24
		SatisfactionRate: Rate{0, 1},   // R10 不满意: "0.0%"
		Reopens:          1,
		Overdue:          0, // R13 due 4/11 12:00, after now
	}
	rowD = Row{Code: codeD, Name: "多福巷社区", Street: donghuamen} // nothing reported
	// 东华门街道 = C + D.
	rowDonghuamen = func() Row {
		r := rowC
		r.Code, r.Name = "", donghuamen
		return r
	}()
	// R12, under the unknown street.
	rowX = Row{
		Code: codeX, Name: codeX, Street: UnknownStreet,
		Received: 1, Accepted: 1,
		ResolutionRate: Rate{0, 1},
		ToAccept:       d(1, 1, 1),
	}
	rowUnknown = func() Row {
		r := rowX
		r.Code, r.Name = "", UnknownStreet
		return r
	}()
	rowTotal = Row{
		Received: 11, // 8 + 2 + 1
		Accepted: 9,  // 6 + 2 + 1
		Rejected: 2,  // R1, R10
		Resolved: 6,  // 5 + 1
		// 6 ÷ (11 − 1): only R1 was rejected without a resolution.
		ResolutionRate: Rate{6, 10},
		OnTimeRate:     Rate{4, 5}, // 3/4 + 1/1
		// pooled 0.5 1 1 2 2 3 4 6 10: n=9, median rank ⌈4.5⌉=5 → 2, P90 rank ⌈8.1⌉=9 → 10.
		ToAccept: d(9, 2, 10),
		// pooled 6 9 12 22 24 24 48: n=7, median rank ⌈3.5⌉=4 → 22, P90 rank ⌈6.3⌉=7 → 48.
		ToResolve:        d(7, 22, 48),
		SatisfactionRate: Rate{3, 5}, // 3/4 + 0/1
		Reopens:          2,          // R4, R10
		Overdue:          1,          // R7
		Joins:            2,          // R8's, beside the 11 reports
	}
)

func TestCompute(t *testing.T) {
	s := Compute(fixture(t), communities(), period, now)

	want := Summary{
		Total: rowTotal,
		Streets: []StreetSummary{
			{Row: rowAndingmen, Communities: []Row{rowA, rowB}},
			{Row: rowDonghuamen, Communities: []Row{rowD, rowC}}, // 多 duo < 韶 shao
			{Row: rowUnknown, Communities: []Row{rowX}},          // the unknown street last
		},
	}
	if len(s.Streets) != len(want.Streets) {
		t.Fatalf("streets: got %d, want %d: %+v", len(s.Streets), len(want.Streets), s.Streets)
	}
	check := func(name string, got, want Row) {
		t.Run(name, func(t *testing.T) {
			if got != want {
				t.Errorf("got  %#v\nwant %#v", got, want)
			}
		})
	}
	check("total", s.Total, want.Total)
	for i, st := range want.Streets {
		check(st.Name, s.Streets[i].Row, st.Row)
		if len(s.Streets[i].Communities) != len(st.Communities) {
			t.Errorf("%s: %d communities, want %d", st.Name, len(s.Streets[i].Communities), len(st.Communities))
			continue
		}
		for j, c := range st.Communities {
			check(st.Name+"/"+c.Name, s.Streets[i].Communities[j], c)
		}
	}
}

// TestComputeRendered checks what a page shows for the rows, "—" included.
func TestComputeRendered(t *testing.T) {
	tests := []struct {
		name string
		row  Row
		want [7]string // 办结率, on time, accept median, accept P90, resolve median, resolve P90, satisfaction
	}{
		{"A", rowA, [7]string{"100.0%", "66.7%", "1.0", "4.0", "12.0", "48.0", "75.0%"}},
		{"B", rowB, [7]string{"33.3%", "100.0%", "2.0", "6.0", "24.0", "24.0", "—"}},
		{"D", rowD, [7]string{"—", "—", "—", "—", "—", "—", "—"}},
		{"total", rowTotal, [7]string{"60.0%", "80.0%", "2.0", "10.0", "22.0", "48.0", "60.0%"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := tt.row
			got := [7]string{r.ResolutionRate.String(), r.OnTimeRate.String(),
				r.ToAccept.MedianHours(), r.ToAccept.P90Hours(), r.ToResolve.MedianHours(), r.ToResolve.P90Hours(),
				r.SatisfactionRate.String()}
			if got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// TestComputeUsesTimelines scrambles every denormalised field but DueAt: the
// numbers must not move, because they come from the timeline events.
func TestComputeUsesTimelines(t *testing.T) {
	reports := fixture(t)
	want := Compute(reports, communities(), period, now)
	junk := time.Date(2001, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range reports {
		r := &reports[i]
		r.Status = report.Submitted
		r.CreatedAt, r.AcceptedAt, r.DispatchedAt, r.ResolvedAt, r.ClosedAt, r.UpdatedAt = junk, junk, junk, junk, junk, junk
		r.Rating, r.Reopens = report.Unsatisfied, 7
	}
	if got := Compute(reports, communities(), period, now); !reflect.DeepEqual(got, want) {
		t.Errorf("denormalised fields changed the result:\ngot  %+v\nwant %+v", got, want)
	}
}

func TestComputeEmpty(t *testing.T) {
	s := Compute(nil, communities(), period, now)
	if s.Total != (Row{}) {
		t.Errorf("total of nothing: %+v", s.Total)
	}
	var names []string
	for _, st := range s.Streets {
		for _, c := range st.Communities {
			names = append(names, c.Name)
			if c.Received != 0 || c.ResolutionRate.Known() {
				t.Errorf("%s: %+v", c.Name, c)
			}
		}
	}
	if want := []string{"北锣鼓巷社区", "国子监社区", "多福巷社区", "韶九社区"}; !reflect.DeepEqual(names, want) {
		t.Errorf("communities %q, want %q", names, want)
	}
	if s := Compute(nil, nil, period, now); len(s.Streets) != 0 || s.Total != (Row{}) {
		t.Errorf("no communities: %+v", s)
	}
}

// TestReadLoop covers timelines report.Apply does not write: an implicit
// acceptance by dispatch, and a timeline stored before events had an Action.
func TestReadLoop(t *testing.T) {
	tests := []struct {
		name     string
		r        report.Report
		accepted time.Time
		submit   time.Time
	}{
		{
			name: "dispatch without accept",
			r: report.Report{Timeline: []report.Event{
				{At: mar(2, 8, 0), Action: report.Submit, Status: report.Submitted},
				{At: mar(2, 9, 30), Action: report.Dispatch, Status: report.Dispatched},
				{At: mar(2, 10, 0), Action: report.Accept, Status: report.Accepted},
			}},
			submit: mar(2, 8, 0), accepted: mar(2, 9, 30),
		},
		{
			name:   "legacy submit without action",
			r:      report.Report{CreatedAt: mar(9, 9, 9), Timeline: []report.Event{{At: mar(2, 8, 0), Status: report.Submitted}}},
			submit: mar(2, 8, 0),
		},
		{
			name:   "no timeline",
			r:      report.Report{CreatedAt: mar(3, 8, 0), Status: report.Submitted},
			submit: mar(3, 8, 0),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := readLoop(tt.r)
			if !l.submitted.Equal(tt.submit) || !l.accepted.Equal(tt.accepted) {
				t.Errorf("submitted %v accepted %v, want %v %v", l.submitted, l.accepted, tt.submit, tt.accepted)
			}
		})
	}
}

func TestNearestRank(t *testing.T) {
	tests := []struct {
		samples     []float64
		median, p90 float64
	}{
		{[]float64{5}, 5, 5},
		{[]float64{2, 1}, 1, 2},
		{[]float64{3, 1, 2}, 2, 3},
		{[]float64{10, 9, 8, 7, 6, 5, 4, 3, 2, 1}, 5, 9},      // ranks 5 and 9
		{[]float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, 6, 10}, // ranks ⌈5.5⌉=6, ⌈9.9⌉=10
	}
	for _, tt := range tests {
		var s []time.Duration
		for _, h := range tt.samples {
			s = append(s, hours(h))
		}
		got := summarise(s)
		if want := d(len(s), tt.median, tt.p90); got != want {
			t.Errorf("%v: got %+v, want %+v", tt.samples, got, want)
		}
		if s[0] != hours(tt.samples[0]) {
			t.Errorf("summarise sorted its input")
		}
	}
}
