package stats

import (
	"slices"
	"time"

	"gridline/report"
)

// Day is a calendar day in the display time zone: the unit a period and a
// tally are counted in.
type Day struct {
	Year  int
	Month time.Month
	Day   int
}

// DayOf is the day t falls on in zone; the zero time gives the zero Day.
func DayOf(t time.Time, zone *time.Location) Day {
	if t.IsZero() {
		return Day{}
	}
	y, m, d := t.In(zone).Date()
	return Day{y, m, d}
}

// IsZero reports whether d is no day at all.
func (d Day) IsZero() bool { return d.Year == 0 }

// MonthKey names the month of d, "2006-01": the _id of its tally.
func (d Day) MonthKey() string { return d.Start(time.UTC).Format("2006-01") }

// Start is midnight at the beginning of d in zone.
func (d Day) Start(zone *time.Location) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, zone)
}

// Before reports whether d comes before e.
func (d Day) Before(e Day) bool { return d.Start(time.UTC).Before(e.Start(time.UTC)) }

// Next is the day after d.
func (d Day) Next() Day { return DayOf(d.Start(time.UTC).AddDate(0, 0, 1), time.UTC) }

// The cohort counters of a Mark: what a report adds to the tally of the day it
// was submitted, whenever each part happened (see the package documentation).
const (
	nReceived = iota
	nAccepted
	nRejected
	nUnresolvedRejected // rejected and never resolved: out of the 办结率 denominator
	nResolved
	nOnTime
	nDueKnown
	nRatings
	nSatisfied
	nReopens
	nPatrol         // found by a grid worker on patrol (巡查上报)
	nNight          // … in the night hours (夜巡)
	nRechecks       // re-checks (回头看) made
	nRechecksOnTime // … by their due time
	nRelapses       // … that found the problem back (反弹)
	nJoins          // residents who pressed 我也遇到 on it: presses, not reports
	numCounters
)

// Mark is everything one report contributes to the tallies, worked out from
// its timeline by the same reading Compute uses. A change to a report takes
// its old mark out of the tallies and puts its new one in, so the tallies
// always equal a recomputation from the timelines.
type Mark struct {
	Community string
	Category  string
	Day       Day                // submission: the cohort the counters belong to
	N         [numCounters]int32 // cohort counters
	ToAccept  []int64            // milliseconds, one sample or none
	ToResolve []int64            // milliseconds, one sample per Resolve event
	Resolved  Day                // day of the first resolution (the trend's 办结), or zero
}

// MarkOf reads a report's mark; days are counted in zone.
func MarkOf(r report.Report, zone *time.Location) Mark {
	l := readLoop(asStored(r))
	m := Mark{Community: r.Community, Category: r.Category, Day: DayOf(l.submitted, zone)}
	m.N[nReceived] = 1
	if !l.accepted.IsZero() {
		m.N[nAccepted] = 1
		m.ToAccept = []int64{l.accepted.Sub(l.submitted).Milliseconds()}
	}
	if !l.rejected.IsZero() {
		m.N[nRejected] = 1
		if l.resolved.IsZero() {
			m.N[nUnresolvedRejected] = 1
		}
	}
	if !l.resolved.IsZero() {
		m.N[nResolved] = 1
		m.Resolved = DayOf(l.resolved, zone)
	}
	if ok, known := l.onTime(r.DueAt); known {
		m.N[nDueKnown] = 1
		if ok {
			m.N[nOnTime] = 1
		}
	}
	for _, d := range l.toResolve {
		m.ToResolve = append(m.ToResolve, d.Milliseconds())
	}
	// Events record the state a rating led to, not the verdict: every rating
	// that did not reopen the report was 满意 or 基本满意.
	m.N[nRatings] = int32(l.ratings)
	m.N[nSatisfied] = int32(l.ratings - l.unsatisfied)
	m.N[nReopens] = int32(l.unsatisfied)
	if l.patrol {
		m.N[nPatrol] = 1
	}
	if l.night {
		m.N[nNight] = 1
	}
	m.N[nRechecks] = int32(l.rechecks)
	m.N[nRechecksOnTime] = int32(l.rechecksOnTime)
	m.N[nRelapses] = int32(l.relapses)
	m.N[nJoins] = int32(l.joins)
	return m
}

// asStored is r with its times as the database keeps them, in whole
// milliseconds, so that a mark made before storing equals one made from the
// stored report.
func asStored(r report.Report) report.Report {
	ms := func(t time.Time) time.Time { return t.Truncate(time.Millisecond) }
	r.CreatedAt, r.DueAt = ms(r.CreatedAt), ms(r.DueAt)
	r.Timeline = slices.Clone(r.Timeline)
	for i := range r.Timeline {
		r.Timeline[i].At = ms(r.Timeline[i].At)
	}
	return r
}

// Months lists the months whose tallies m touches: its cohort's, and that of
// its first resolution when it differs.
// A report with no time at all (never made by Gridline) touches none.
func (m Mark) Months() []string {
	var out []string
	if !m.Day.IsZero() {
		out = append(out, m.Day.MonthKey())
	}
	if !m.Resolved.IsZero() && !slices.Contains(out, m.Resolved.MonthKey()) {
		out = append(out, m.Resolved.MonthKey())
	}
	return out
}

// Equal reports whether two marks contribute the same, so a change that
// alters nothing counted (a note, publishing) leaves the tallies alone.
func (m Mark) Equal(o Mark) bool {
	return m.Community == o.Community && m.Category == o.Category && m.Day == o.Day &&
		m.N == o.N && m.Resolved == o.Resolved &&
		slices.Equal(m.ToAccept, o.ToAccept) && slices.Equal(m.ToResolve, o.ToResolve)
}
