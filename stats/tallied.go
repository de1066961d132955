package stats

import (
	"time"

	"gridline/report"
)

// Days is an inclusive range of days, the period a statistics page shows.
type Days struct{ First, Last Day }

// Contains reports whether d lies in the range.
func (r Days) Contains(d Day) bool { return !d.Before(r.First) && !r.Last.Before(d) }

// MonthKeys lists the tallies the range needs, in order.
func (r Days) MonthKeys() []string {
	var out []string
	for m := (Day{r.First.Year, r.First.Month, 1}); !r.Last.Before(m); m = m.nextMonth() {
		out = append(out, m.MonthKey())
	}
	return out
}

func (d Day) nextMonth() Day {
	t := time.Date(d.Year, d.Month+1, 1, 0, 0, 0, 0, time.UTC)
	return Day{t.Year(), t.Month(), 1}
}

// Period is the range as the instants [From, To) in zone, for Compute.
func (r Days) Period(zone *time.Location) Period {
	return Period{From: r.First.Start(zone), To: r.Last.Next().Start(zone)}
}

// Summarize gives exactly what Compute would give for the reports submitted
// in days, from the tallies of its months instead of the reports: a month
// that is missing counts nothing. overdue counts, per community, the open
// reports of the period past due now (see Overdue); scans are filled in too.
func Summarize(months map[string]*Month, communities []Community, days Days, overdue map[string]int) Summary {
	all := make([]*tally, 0, len(communities))
	seen := map[string]bool{}
	for _, com := range communities {
		if seen[com.Code] {
			continue // the first one wins, as in Compute
		}
		seen[com.Code] = true
		t := &tally{Row: Row{Code: com.Code, Name: com.Name, Street: com.Street, Overdue: overdue[com.Code]}}
		for _, key := range days.MonthKeys() {
			if m := months[key]; m != nil && m.Communities[com.Code] != nil {
				t.addMonth(m.Communities[com.Code], key, days)
			}
		}
		all = append(all, t)
	}
	return group(all)
}

// addMonth adds the days of c that lie in the range.
func (t *tally) addMonth(c *CommunityMonth, key string, days Days) {
	in := inMonth(key, days)
	for i, n := range c.Days {
		if !in(i + 1) {
			continue
		}
		t.Received += int(n[nReceived])
		t.Accepted += int(n[nAccepted])
		t.Rejected += int(n[nRejected])
		t.unresolvedRejected += int(n[nUnresolvedRejected])
		t.Resolved += int(n[nResolved])
		t.onTime += int(n[nOnTime])
		t.dueKnown += int(n[nDueKnown])
		t.ratings += int(n[nRatings])
		t.satisfied += int(n[nSatisfied])
		t.Reopens += int(n[nReopens])
		t.Patrol += int(n[nPatrol])
		t.NightPatrol += int(n[nNight])
		t.Rechecks += int(n[nRechecks])
		t.rechecksOnTime += int(n[nRechecksOnTime])
		t.relapses += int(n[nRelapses])
		t.Joins += int(n[nJoins])
		for _, s := range c.Scans {
			t.Scans += int(s[i])
		}
	}
	for _, s := range c.ToAccept {
		if in(int(s.Day)) {
			t.toAccept = append(t.toAccept, time.Duration(s.MS)*time.Millisecond)
		}
	}
	for _, s := range c.ToResolve {
		if in(int(s.Day)) {
			t.toResolve = append(t.toResolve, time.Duration(s.MS)*time.Millisecond)
		}
	}
}

// inMonth tells which days (1–31) of the month key lie in the range.
func inMonth(key string, days Days) func(day int) bool {
	m, err := time.Parse("2006-01", key)
	if err != nil {
		return func(int) bool { return false }
	}
	return func(day int) bool {
		d := Day{m.Year(), m.Month(), day}
		return d.Day <= daysIn(m) && days.Contains(d)
	}
}

// daysIn is the number of days of the month starting at m.
func daysIn(m time.Time) int { return m.AddDate(0, 1, -1).Day() }

// Overdue counts per community the reports submitted in days that are being
// worked on and past due at now: the open work, not the tallies, knows that.
func Overdue(open []report.Report, days Days, zone *time.Location, now time.Time) map[string]int {
	out := map[string]int{}
	for _, r := range open {
		l := readLoop(r)
		if days.Contains(DayOf(l.submitted, zone)) && l.overdue(r.DueAt, now) {
			out[r.Community]++
		}
	}
	return out
}
