package cli_test

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"reflect"
	"regexp"
	"runtime"
	"slices"
	"testing"
	"time"

	"gridline/cli"
	"gridline/community"
	"gridline/config"
	"gridline/report"
)

// shanghai is China Standard Time, which has had no summer time since 1991.
var shanghai = time.FixedZone("CST", 8*60*60)

// historyPlan has one community without workers (its reports go to units)
// and one street without an operator (its reports are handled by admin).
func historyPlan(n int, now time.Time, span time.Duration) cli.HistoryPlan {
	cats := config.DefaultCategories(72 * time.Hour)
	return cli.HistoryPlan{
		Communities: []community.Community{
			{Code: "A2B3C4", Name: "春和社区", Street: "北山口镇"},
			{Code: "D5E6F7", Name: "桃花峪村", Street: "北山口镇"},
			{Code: "G8H9J2", Name: "幸福里社区", Street: "城关街道"},
		},
		Categories: cats,
		Workers:    map[string][]string{"A2B3C4": {"wang.wei", "li.na"}, "D5E6F7": {"zhao.lei"}},
		Operators:  map[string]string{"北山口镇": "op.bsk"},
		From:       now.Add(-span), Now: now, N: n, Zone: shanghai,
	}
}

var (
	wednesday = time.Date(2026, 3, 18, 15, 30, 0, 0, shanghai)
	threeYear = 3 * 365 * 24 * time.Hour
)

func generate(t testing.TB, seed uint64, p cli.HistoryPlan) []report.Report {
	t.Helper()
	rs, err := cli.GenerateHistory(rand.New(rand.NewPCG(seed, 7)), p)
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) != p.N {
		t.Fatalf("got %d reports, want %d", len(rs), p.N)
	}
	return rs
}

func TestGenerateHistoryDeterministic(t *testing.T) {
	p := historyPlan(500, wednesday, threeYear)
	a, b, c := generate(t, 1, p), generate(t, 1, p), generate(t, 2, p)
	if !reflect.DeepEqual(a, b) {
		t.Error("the same seed gave different histories")
	}
	if reflect.DeepEqual(a, c) {
		t.Error("different seeds gave the same history")
	}
}

// TestGenerateHistoryInvariants checks every report of one history against
// the loop's rules and the plan.
func TestGenerateHistoryInvariants(t *testing.T) {
	p := historyPlan(5000, wednesday, threeYear)
	rs := generate(t, 1, p)
	if !slices.IsSortedFunc(rs, func(a, b report.Report) int { return a.CreatedAt.Compare(b.CreatedAt) }) {
		t.Error("not sorted by CreatedAt")
	}
	for _, c := range historyChecks(p) {
		t.Run(c.name, func(t *testing.T) {
			for i, r := range rs {
				if err := c.check(r); err != nil {
					t.Fatalf("report %d %s: %v", i, r.ID, err)
				}
			}
		})
	}
}

// historyCheck is a rule every report of a history keeps; check sees the
// reports in order.
type historyCheck struct {
	name  string
	check func(r report.Report) error
}

// historyChecks are the loop's rules and plan p's, in the order
// TestGenerateHistoryInvariants applies them.
func historyChecks(p cli.HistoryPlan) []historyCheck {
	deadlines := map[string]time.Duration{}
	for _, c := range p.Categories {
		deadlines[c.Name] = c.Deadline
	}
	operators := map[string]string{"北山口镇": "op.bsk", "城关街道": "admin"}
	return []historyCheck{
		{"unique tracking codes and tokens", uniqueCodesAndTokens()},
		{"timeline in order, none after now", func(r report.Report) error { return timelineInOrder(r, p) }},
		{"replays through report.Apply", func(r report.Report) error {
			got, err := replay(r, deadlines[r.Category])
			if err != nil {
				return err
			}
			if !reflect.DeepEqual(got, r) {
				return fmt.Errorf("replayed to %s v%d (%d events), want %s v%d (%d events)",
					got.Status, got.Version, len(got.Timeline), r.Status, r.Version, len(r.Timeline))
			}
			return nil
		}},
		{"due is dispatch plus the category deadline", func(r report.Report) error {
			if !r.DispatchedAt.IsZero() && r.DueAt.Sub(r.DispatchedAt) != deadlines[r.Category] {
				return fmt.Errorf("due %s after dispatch", r.DueAt.Sub(r.DispatchedAt))
			}
			return nil
		}},
		{"actors", func(r report.Report) error { return actorsAsPlanned(r, operators) }},
	}
}

// uniqueCodesAndTokens checks that each report's tracking code and submit
// token are well formed and not seen before in the history.
func uniqueCodesAndTokens() func(r report.Report) error {
	tokens, ids := map[string]bool{}, map[string]bool{}
	hex32 := regexp.MustCompile(`^[0-9a-f]{32}$`)
	return func(r report.Report) error {
		if tr, err := report.ParseTracking(r.ID); err != nil || tr.String() != r.ID {
			return fmt.Errorf("tracking code %q: %v", r.ID, err)
		}
		if !hex32.MatchString(r.SubmitToken) || tokens[r.SubmitToken] || ids[r.ID] {
			return fmt.Errorf("token %q or ID repeated or malformed", r.SubmitToken)
		}
		tokens[r.SubmitToken], ids[r.ID] = true, true
		return nil
	}
}

// timelineInOrder checks that r starts with its submission, within plan p,
// and that each event follows the one before and precedes p.Now.
func timelineInOrder(r report.Report, p cli.HistoryPlan) error {
	first := r.Timeline[0]
	if first.Action != report.Submit || !first.At.Equal(r.CreatedAt) || r.CreatedAt.Before(p.From) {
		return fmt.Errorf("first event %+v", first)
	}
	for j, e := range r.Timeline[1:] {
		if !e.At.After(r.Timeline[j].At) || !e.At.Before(p.Now) {
			return fmt.Errorf("event %d at %s", j+1, e.At)
		}
	}
	return nil
}

// actorsAsPlanned checks who did each step: the street's operator (or
// admin) for the operators' actions, the assignee for take and resolve,
// nobody named for a rating and the system for an automatic close.
func actorsAsPlanned(r report.Report, operators map[string]string) error {
	handler := ""
	for _, e := range r.Timeline {
		want := e.Actor
		switch e.Action {
		case report.Accept, report.Reject, report.Dispatch, report.Publish:
			want = operators[r.Street]
		case report.Take, report.Resolve:
			want = handler
		case report.Rate:
			want = ""
		case report.AutoClose:
			want = "system"
		}
		if e.Action == report.Dispatch {
			handler = cmp.Or(e.Assignee, operators[r.Street])
		}
		if e.Actor != want {
			return fmt.Errorf("%s by %q, want %q", e.Action, e.Actor, want)
		}
	}
	return nil
}

// replay rebuilds r from the form's report and its timeline. Events do not
// record DueAt or the rating, so those come from the category and the verdict.
func replay(r report.Report, deadline time.Duration) (report.Report, error) {
	got := report.Report{
		ID: r.ID, Community: r.Community, Street: r.Street, Category: r.Category, Description: r.Description,
		Location: r.Location, Contact: r.Contact, SubmitToken: r.SubmitToken, Status: report.Submitted,
		Timeline: r.Timeline[:1:1], CreatedAt: r.CreatedAt, UpdatedAt: r.CreatedAt,
	}
	joined := 0 // each generated join is a resident of their own: the joiners in order
	for _, e := range r.Timeline[1:] {
		st := report.Step{Action: e.Action, Actor: e.Actor, At: e.At, PublicNote: e.PublicNote,
			InternalNote: e.InternalNote, Photos: e.Photos, Assignee: e.Assignee, Unit: e.Unit}
		switch {
		case e.Action == report.Join && joined < len(r.Joiners):
			st.Token = r.Joiners[joined].Token
			joined++
		case e.Action == report.Dispatch:
			st.DueAt = e.At.Add(deadline)
		case e.Action == report.Rate && e.Status == report.Reopened:
			st.Rating = report.Unsatisfied
		case e.Action == report.Rate:
			st.Rating = r.Rating
		}
		var err error
		if got, err = report.Apply(got, st); err != nil {
			return got, err
		}
	}
	return got, nil
}

// count tallies final states (by name), events (by action) and a few facts.
func count(rs []report.Report, now time.Time) map[string]int {
	c := map[string]int{}
	for _, r := range rs {
		c[string(r.Status)]++
		for fact, ok := range map[string]bool{
			"ever reopened": r.Reopens > 0, "published": r.Published, "open": !r.Status.Final(),
			"overdue": r.Overdue(now), "rated satisfied": r.Rating == report.Satisfied,
			"rated basic": r.Rating == report.BasicSatisfied, "joined": r.Joined > 0,
		} {
			if ok {
				c[fact]++
			}
		}
		var dispatched time.Time
		resolved := false
		for _, e := range r.Timeline {
			c[string(e.Action)]++
			if e.Action == report.Dispatch {
				dispatched = e.At
			}
			if e.Action == report.Resolve && !resolved && e.At.After(dispatched.Add(r.DueAt.Sub(r.DispatchedAt))) {
				c["first resolved late"]++ // judged by the deadline of the dispatch it answers
			}
			resolved = resolved || e.Action == report.Resolve
		}
	}
	return c
}

func TestGenerateHistoryProportions(t *testing.T) {
	const n = 5000
	c := count(generate(t, 1, historyPlan(n, wednesday, threeYear)), wednesday)
	t.Log(c)
	for _, tt := range []struct {
		key      string
		min, max float64 // share of all reports
	}{
		{"rejected", 0.02, 0.10},
		{"ever reopened", 0.01, 0.08},
		{"autoclose", 0.06, 0.18},
		{"rated satisfied", 0.55, 0.80},
		{"rated basic", 0.08, 0.22},
		{"published", 0.01, 0.08},
		{"note", 0.02, 0.15},
		{"first resolved late", 0.05, 0.20},
		{"open", 0, 0.02},
		{"joined", 0.05, 0.15}, // 我也遇到: planned for 12%, some after the report is done
	} {
		if share := float64(c[tt.key]) / n; share < tt.min || share > tt.max {
			t.Errorf("%s: %d of %d (%.3f), want %.2f–%.2f", tt.key, c[tt.key], n, share, tt.min, tt.max)
		}
	}
	if per := float64(c[string(report.Join)]) / float64(c["joined"]); per < 1.2 || per > 2.5 {
		t.Errorf("%.2f residents joined each joined report, want 1.2–2.5", per)
	}
}

// TestGenerateHistoryOpenWork generates 100 reports a day, the density of
// 100,000 over three years, and looks at what is open at different times.
func TestGenerateHistoryOpenWork(t *testing.T) {
	for _, tt := range []struct {
		name string
		now  time.Time
	}{
		{"weekday afternoon", wednesday},
		{"before the staff arrive", time.Date(2026, 3, 19, 7, 40, 0, 0, shanghai)},
		{"sunday night", time.Date(2026, 3, 22, 22, 10, 0, 0, shanghai)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c := count(generate(t, 3, historyPlan(3000, tt.now, 30*24*time.Hour)), tt.now)
			t.Log(c)
			if c["open"] < 200 || c["open"] > 800 {
				t.Errorf("%d open, want 200–800", c["open"])
			}
			if c["overdue"] == 0 {
				t.Error("no open report is overdue")
			}
			for _, s := range []report.Status{report.Submitted, report.Accepted, report.Dispatched,
				report.InProgress, report.Resolved, report.Reopened} {
				if c[string(s)] == 0 {
					t.Errorf("no report is %s", s)
				}
			}
		})
	}
}

func TestGenerateHistoryRejectsBadPlans(t *testing.T) {
	for name, edit := range map[string]func(p *cli.HistoryPlan){
		"negative N":                  func(p *cli.HistoryPlan) { p.N = -1 },
		"no communities":              func(p *cli.HistoryPlan) { p.Communities = nil },
		"no categories":               func(p *cli.HistoryPlan) { p.Categories = nil },
		"From after Now":              func(p *cli.HistoryPlan) { p.From = p.Now.Add(time.Minute) },
		"category without a deadline": func(p *cli.HistoryPlan) { p.Categories[0].Deadline = 0 },
	} {
		p := historyPlan(10, wednesday, threeYear)
		edit(&p)
		if _, err := cli.GenerateHistory(rand.New(rand.NewPCG(1, 2)), p); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

// BenchmarkGenerate makes the seed command's full history and reports the
// heap it holds and what stays open, which must be a few hundred.
func BenchmarkGenerate(b *testing.B) {
	p := historyPlan(100_000, wednesday, threeYear)
	for b.Loop() {
		rs := generate(b, 1, p)
		b.StopTimer()
		var m runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&m)
		c := count(rs, p.Now)
		b.ReportMetric(float64(m.HeapAlloc)/(1<<20), "MB-held")
		b.ReportMetric(float64(c["open"]), "open")
		b.ReportMetric(float64(c["overdue"]), "overdue")
		if c["open"] < 200 || c["open"] > 800 {
			b.Errorf("%d open, want 200–800", c["open"])
		}
		b.StartTimer()
	}
}
