package store_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
	"time"

	"gridline/database/dbtest"
	"gridline/report"
	"gridline/stats"
	"gridline/store"
)

// cst is the zone the tallies count days in, as in production.
var cst = time.FixedZone("CST", 8*3600)

// Places of the random histories: two streets, three communities.
var walkCommunities = []stats.Community{
	{Code: "AAAAAA", Name: "春和社区", Street: "北山口镇"},
	{Code: "BBBBBB", Name: "桃花峪村", Street: "北山口镇"},
	{Code: "CCCCCC", Name: "南关社区", Street: "紫荆山街道"},
}

// walker takes random reports round the loop through the store, one step at
// a time and interleaved, as staff, residents and the auto-close job would.
type walker struct {
	t     *testing.T
	st    *store.Store
	rng   *rand.Rand
	clock time.Time
	open  []report.Report
	all   map[string]report.Report
}

func (w *walker) submit() {
	w.t.Helper()
	com := walkCommunities[w.rng.IntN(len(walkCommunities))]
	r, err := w.st.CreateReport(context.Background(), report.Report{
		Community: com.Code, Street: com.Street, Category: []string{"市容环境", "安全隐患", "噪音扰民"}[w.rng.IntN(3)],
		Description: "路灯不亮", Status: report.Submitted, CreatedAt: w.clock, UpdatedAt: w.clock,
		Timeline:    []report.Event{{At: w.clock, Action: report.Submit, Status: report.Submitted}},
		SubmitToken: fmt.Sprintf("walk-%d-%d", w.rng.Uint64(), len(w.all)),
	})
	if err != nil {
		w.t.Fatal(err)
	}
	w.open = append(w.open, r)
	w.all[r.ID] = r
}

// step applies one random allowed step to a random open report.
func (w *walker) step() {
	w.t.Helper()
	i := w.rng.IntN(len(w.open))
	r := w.open[i]
	actions := append(report.Actions(r.Status), report.Note)
	if r.Status == report.Resolved {
		actions = append(actions, report.Rate, report.Rate, report.AutoClose)
	}
	st := report.Step{Action: actions[w.rng.IntN(len(actions))], Actor: "op", At: w.clock,
		PublicNote: "已处理", InternalNote: "电话回访", Assignee: "wang"}
	switch st.Action {
	case report.Dispatch:
		st.DueAt = w.clock.Add(time.Duration(1+w.rng.IntN(96)) * time.Hour)
	case report.Rate:
		st.Rating = report.Ratings()[w.rng.IntN(3)]
	}
	next, err := report.Apply(r, st)
	if err != nil {
		w.t.Fatalf("%s %s from %s: %v", r.ID, st.Action, r.Status, err)
	}
	if err := w.st.UpdateReport(context.Background(), r.Version, next); err != nil {
		w.t.Fatal(err)
	}
	w.all[r.ID] = next
	if next.Status.Final() {
		w.open = slices.Delete(w.open, i, i+1)
	} else {
		w.open[i] = next
	}
}

// TestTalliesEqualRecomputation makes random histories through the store
// and checks the tallies it kept give exactly the figures a recomputation
// from the stored timelines gives, for periods of a day, a month, a year and
// ones that cut months in two, on both ways of writing.
func TestTalliesEqualRecomputation(t *testing.T) {
	for i, single := range []bool{true, false} {
		t.Run(fmt.Sprintf("single writer %v", single), func(t *testing.T) {
			ctx := context.Background()
			db, _ := dbtest.New(t)
			w := &walker{t: t, rng: rand.New(rand.NewPCG(7, uint64(11+i))), all: map[string]report.Report{},
				clock: time.Date(2025, 12, 20, 9, 0, 0, 0, cst)}
			w.st = store.New(db, func() time.Time { return w.clock }, store.Options{Zone: cst, SingleWriter: single})
			if err := w.st.EnsureIndexes(ctx); err != nil {
				t.Fatal(err)
			}
			for range 300 {
				w.clock = w.clock.Add(time.Duration(w.rng.IntN(420)) * time.Minute)
				if len(w.open) == 0 || w.rng.IntN(3) == 0 {
					w.submit()
				} else {
					w.step()
				}
			}
			checkTallies(t, w.st, w.clock, stored(t, w.st, w.all))
		})
	}
}

// stored reads every report back, as the recomputation must use what the
// database holds.
func stored(t *testing.T, st *store.Store, all map[string]report.Report) []report.Report {
	t.Helper()
	var out []report.Report
	for id := range all {
		r, err := st.Report(context.Background(), report.Tracking(id))
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, r)
	}
	return out
}

// checkTallies compares Summarize over the store's tallies with Compute over
// the reports, for several periods ending at now.
func checkTallies(t *testing.T, st *store.Store, now time.Time, rs []report.Report) {
	t.Helper()
	ctx := context.Background()
	open, err := st.OpenReports(ctx)
	if err != nil {
		t.Fatal(err)
	}
	first := rs[0].CreatedAt
	for _, r := range rs {
		if r.CreatedAt.Before(first) {
			first = r.CreatedAt
		}
	}
	start, end := stats.DayOf(first, cst), stats.DayOf(now, cst)
	periods := map[string]stats.Days{
		"everything":     {First: start, Last: end},
		"first day":      {First: start, Last: start},
		"a month":        {First: stats.Day{Year: 2026, Month: 1, Day: 1}, Last: stats.Day{Year: 2026, Month: 1, Day: 31}},
		"across months":  {First: stats.Day{Year: 2025, Month: 12, Day: 28}, Last: stats.Day{Year: 2026, Month: 2, Day: 3}},
		"a year to date": {First: stats.Day{Year: 2026, Month: 1, Day: 1}, Last: end},
	}
	nonEmpty := 0
	for name, days := range periods {
		months, err := st.Tallies(ctx, days)
		if err != nil {
			t.Fatal(err)
		}
		got := stats.Summarize(months, walkCommunities, days, stats.Overdue(open, days, cst, now))
		want := stats.Compute(rs, walkCommunities, days.Period(cst), now)
		if !reflect.DeepEqual(withoutScans(got), want) {
			t.Errorf("%s: from the tallies\n%+v\nrecomputed\n%+v", name, got.Total, want.Total)
		}
		if got.Total.Resolved > 0 && got.Total.ToResolve.N > 0 {
			nonEmpty++
		}
	}
	if nonEmpty < 3 {
		t.Fatalf("only %d periods had resolved reports: the history is too thin to test anything", nonEmpty)
	}
}

// withoutScans zeroes the poster scans, which Compute leaves out.
func withoutScans(s stats.Summary) stats.Summary {
	s.Total.Scans = 0
	streets := slices.Clone(s.Streets)
	for i := range streets {
		streets[i].Scans = 0
		streets[i].Communities = slices.Clone(streets[i].Communities)
		for j := range streets[i].Communities {
			streets[i].Communities[j].Scans = 0
		}
	}
	s.Streets = streets
	return s
}
