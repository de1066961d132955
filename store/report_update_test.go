package store_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"gridline/report"
	"gridline/stats"
	"gridline/store"
)

// storeAt is the fixed time of newStore's clock.
var storeAt = time.Date(2026, 3, 28, 4, 0, 0, 0, time.UTC)

var tokens atomic.Int64

// putReport stores a submitted report of community com created at, then
// takes it through steps, all with Apply, and stores the result.
func putReport(t *testing.T, st *store.Store, com, street string, at time.Time, steps ...report.Step) report.Report {
	t.Helper()
	ctx := context.Background()
	r, err := st.CreateReport(ctx, report.Report{
		Community: com, Street: street, Category: "市容环境", Description: "路灯不亮",
		Status: report.Submitted, Version: 1, CreatedAt: at, UpdatedAt: at,
		Timeline:    []report.Event{{At: at, Action: report.Submit, Status: report.Submitted}},
		SubmitToken: fmt.Sprintf("token-%d", tokens.Add(1)),
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range steps {
		next, err := report.Apply(r, s)
		if err != nil {
			t.Fatalf("%s: %v", s.Action, err)
		}
		if err := st.UpdateReport(ctx, r.Version, next); err != nil {
			t.Fatalf("%s: %v", s.Action, err)
		}
		r = next
	}
	return r
}

func reread(t *testing.T, st *store.Store, r report.Report) report.Report {
	t.Helper()
	got, err := st.Report(context.Background(), r.Tracking())
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func TestUpdateReportIsCompareAndSet(t *testing.T) {
	ctx := context.Background()
	st := newStore(t)
	r := putReport(t, st, "K7M2QX", "北山口镇", storeAt)

	accepted, err := report.Apply(r, report.Step{Action: report.Accept, Actor: "op1", At: storeAt})
	if err != nil {
		t.Fatal(err)
	}
	rejected, err := report.Apply(r, report.Step{Action: report.Reject, Actor: "op2", At: storeAt, PublicNote: "重复上报"})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.UpdateReport(ctx, r.Version, accepted); err != nil {
		t.Fatalf("first update: %v", err)
	}
	if err := st.UpdateReport(ctx, r.Version, rejected); !errors.Is(err, store.ErrConflict) {
		t.Fatalf("update from a stale version: err = %v, want ErrConflict", err)
	}
	got := reread(t, st, r)
	if got.Status != report.Accepted || got.Version != r.Version+1 || len(got.Timeline) != 2 || got.LastActor() != "op1" {
		t.Errorf("stored %s v%d with %d events by %q, want the first update", got.Status, got.Version, len(got.Timeline), got.LastActor())
	}

	missing := accepted
	missing.ID = "K7M2QXABP"
	if err := st.UpdateReport(ctx, accepted.Version-1, missing); !errors.Is(err, store.ErrConflict) {
		t.Errorf("update of a report that does not exist: err = %v, want ErrConflict", err)
	}
}

// TestUpdateReportConcurrently runs eight updates from the same version at
// once: exactly one wins.
func TestUpdateReportConcurrently(t *testing.T) {
	st := newStore(t)
	r := putReport(t, st, "K7M2QX", "北山口镇", storeAt)

	const n = 8
	var (
		start sync.WaitGroup
		done  sync.WaitGroup
		wins  atomic.Int32
		errs  = make(chan error, n)
	)
	start.Add(1)
	for i := range n {
		done.Add(1)
		go func() {
			defer done.Done()
			next, err := report.Apply(r, report.Step{Action: report.Accept, Actor: fmt.Sprintf("op%d", i), At: storeAt})
			if err != nil {
				errs <- err
				return
			}
			start.Wait()
			err = st.UpdateReport(context.Background(), r.Version, next)
			switch {
			case err == nil:
				wins.Add(1)
			case !errors.Is(err, store.ErrConflict):
				errs <- err
			}
		}()
	}
	start.Done()
	done.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if wins.Load() != 1 {
		t.Fatalf("%d updates won, want exactly 1", wins.Load())
	}
	if got := reread(t, st, r); got.Version != r.Version+1 || len(got.Timeline) != 2 {
		t.Errorf("stored v%d with %d events, want v%d with 2", got.Version, len(got.Timeline), r.Version+1)
	}
}

func TestResolvedBefore(t *testing.T) {
	ctx := context.Background()
	st := newStore(t)
	at := storeAt.Add(-30 * 24 * time.Hour)
	resolveAt := func(when time.Time) []report.Step {
		return []report.Step{
			{Action: report.Accept, Actor: "op", At: when.Add(-3 * time.Hour)},
			{Action: report.Dispatch, Actor: "op", At: when.Add(-2 * time.Hour), Unit: "城建办", DueAt: when.Add(time.Hour)},
			{Action: report.Resolve, Actor: "op", At: when, PublicNote: "已处理"},
		}
	}
	cut := storeAt.Add(-7 * 24 * time.Hour)
	old := putReport(t, st, "K7M2QX", "北山口镇", at, resolveAt(cut.Add(-time.Hour))...)
	older := putReport(t, st, "K7M2QX", "北山口镇", at, resolveAt(cut.Add(-48*time.Hour))...)
	putReport(t, st, "K7M2QX", "北山口镇", at, resolveAt(cut)...)                // exactly at the cut: not before
	putReport(t, st, "K7M2QX", "北山口镇", at, resolveAt(cut.Add(time.Hour))...) // young
	putReport(t, st, "K7M2QX", "北山口镇", at, append(resolveAt(cut.Add(-time.Hour)),
		report.Step{Action: report.Rate, At: cut, Rating: report.Satisfied})...) // rated already
	putReport(t, st, "K7M2QX", "北山口镇", at) // never resolved

	got, err := st.ResolvedBefore(ctx, cut, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].ID != older.ID || got[1].ID != old.ID {
		t.Fatalf("ResolvedBefore = %v, want [%s %s] (oldest first)", ids(got), older.ID, old.ID)
	}
	if got, err := st.ResolvedBefore(ctx, cut, 1); err != nil || len(got) != 1 || got[0].ID != older.ID {
		t.Errorf("ResolvedBefore with limit 1 = %v, %v", ids(got), err)
	}
}

func TestEachReportSubmitted(t *testing.T) {
	ctx := context.Background()
	st := newStore(t) // counts days in UTC
	first := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	days := stats.Days{First: stats.DayOf(first, time.UTC), Last: stats.DayOf(first.AddDate(0, 0, 1), time.UTC)}
	in2 := putReport(t, st, "9HT4PA", "南河街道", first.Add(47*time.Hour)) // the last day's end
	in1 := putReport(t, st, "K7M2QX", "北山口镇", first)                   // the first day's start
	putReport(t, st, "K7M2QX", "北山口镇", first.Add(-time.Millisecond))   // before
	putReport(t, st, "K7M2QX", "北山口镇", first.Add(48*time.Hour))        // after

	tests := []struct {
		name  string
		codes []string
		want  []string
	}{
		{"every community, in order of submission", nil, []string{in1.ID, in2.ID}},
		{"one community", []string{"9HT4PA"}, []string{in2.ID}},
		{"no community", []string{}, nil},
		{"unknown community", []string{"AAAAAA"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []report.Report
			err := st.EachReportSubmitted(ctx, days, tt.codes, func(r report.Report) error {
				got = append(got, r)
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(ids(got)) != fmt.Sprint(tt.want) {
				t.Errorf("got %v, want %v", ids(got), tt.want)
			}
		})
	}
}

func ids(rs []report.Report) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.ID)
	}
	return out
}
