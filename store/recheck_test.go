package store_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"gridline/database/dbtest"
	"gridline/report"
	"gridline/store"
)

// fortnight is the re-check delay the tests' category asks for (安全隐患).
const fortnight = 14 * 24 * time.Hour

// toClosed takes a report from submitted to closed by a satisfied resident
// at at, with the category's re-check delay on the closing step.
func toClosed(at time.Time, recheckAfter time.Duration) []report.Step {
	return []report.Step{
		{Action: report.Accept, Actor: "op", At: at.Add(-3 * time.Hour)},
		{Action: report.Dispatch, Actor: "op", At: at.Add(-2 * time.Hour), Assignee: "wang", DueAt: at},
		{Action: report.Resolve, Actor: "wang", At: at.Add(-time.Hour), PublicNote: "已处理"},
		{Action: report.Rate, At: at, Rating: report.Satisfied, RecheckAfter: recheckAfter},
	}
}

// recheckStep is a re-check by a grid worker at at with one photo.
func recheckStep(at time.Time, f report.Finding, photo string) report.Step {
	return report.Step{Action: report.Recheck, Actor: "wang", At: at, Finding: f, Photos: []string{photo}}
}

// dueIDs lists the reports RechecksDue returns, in its order.
func dueIDs(t *testing.T, st *store.Store, codes []string, by time.Time) []string {
	t.Helper()
	rs, err := st.RechecksDue(context.Background(), codes, by)
	if err != nil {
		t.Fatal(err)
	}
	return ids(rs)
}

// TestRechecksDueFromCloseToRecheck: a report closed with a re-check delay
// is listed once its re-check falls due, for its own community only, and
// leaves the list when the re-check is recorded, whatever it found; a
// report closed without a delay is never listed. The re-check's photo is
// referred to, so the orphan clean-up keeps it. The same holds with the
// single writer's memo, read before the changes and kept up to date by them.
func TestRechecksDueFromCloseToRecheck(t *testing.T) {
	ctx := context.Background()
	closed := storeAt.Add(-20 * 24 * time.Hour)
	for _, tc := range []struct {
		finding report.Finding
		single  bool
	}{{report.Held, false}, {report.Relapsed, false}, {report.Held, true}, {report.Relapsed, true}} {
		finding := tc.finding
		t.Run(fmt.Sprintf("%s single writer %v", finding, tc.single), func(t *testing.T) {
			db, _ := dbtest.New(t)
			st := store.New(db, func() time.Time { return storeAt }, store.Options{SingleWriter: tc.single})
			if err := st.EnsureIndexes(ctx); err != nil {
				t.Fatal(err)
			}
			if got := dueIDs(t, st, nil, storeAt); len(got) != 0 { // read first: a memo starts here
				t.Fatalf("due on an empty store: %v", got)
			}
			owed := putReport(t, st, "AAAAAA", "北山口镇", closed.Add(-4*time.Hour), toClosed(closed, fortnight)...)
			later := putReport(t, st, "AAAAAA", "北山口镇", closed.Add(-4*time.Hour), toClosed(closed.Add(time.Hour), fortnight)...)
			putReport(t, st, "AAAAAA", "北山口镇", closed.Add(-4*time.Hour), toClosed(closed, 0)...)
			putReport(t, st, "BBBBBB", "北山口镇", closed.Add(-4*time.Hour), toClosed(closed, fortnight)...)

			due := closed.Add(fortnight)
			if got := dueIDs(t, st, []string{"AAAAAA"}, due.Add(time.Hour)); !slices.Equal(got, []string{owed.ID, later.ID}) {
				t.Fatalf("due in AAAAAA: %v, want %s then %s", got, owed.ID, later.ID)
			}
			if got := dueIDs(t, st, []string{"AAAAAA"}, due.Add(-time.Minute)); len(got) != 0 {
				t.Errorf("listed before due: %v", got)
			}
			if got := dueIDs(t, st, nil, due.Add(time.Hour)); len(got) != 3 {
				t.Errorf("every community: %v, want 3", got)
			}
			if got := dueIDs(t, st, []string{}, due.Add(time.Hour)); len(got) != 0 {
				t.Errorf("no community: %v", got)
			}

			photo := "0123456789abcdef0123456789abcdef"
			putSteps(t, st, owed, recheckStep(due.Add(time.Hour), finding, photo))
			if got := dueIDs(t, st, []string{"AAAAAA"}, storeAt); !slices.Equal(got, []string{later.ID}) {
				t.Errorf("after the re-check: %v, want only %s", got, later.ID)
			}
			if used, err := st.PhotoUsed(ctx, photo); err != nil || !used {
				t.Errorf("the re-check's photo is not referred to (%v): the orphan clean-up would remove it", err)
			}
			open, err := st.OpenReports(ctx)
			if back := slices.ContainsFunc(open, func(r report.Report) bool { return r.ID == owed.ID }); err != nil || back != (finding == report.Relapsed) {
				t.Errorf("in the work queue: %v (%v); only a relapse reopens the report", back, err)
			}
		})
	}
}

// putSteps takes a stored report through more steps.
func putSteps(t *testing.T, st *store.Store, r report.Report, steps ...report.Step) report.Report {
	t.Helper()
	for _, s := range steps {
		next, err := report.Apply(r, s)
		if err != nil {
			t.Fatalf("%s: %v", s.Action, err)
		}
		if err := st.UpdateReport(context.Background(), r.Version, next); err != nil {
			t.Fatalf("%s: %v", s.Action, err)
		}
		r = next
	}
	return r
}

// TestRechecksRebuiltAndRecovered: `gridline rebuild` makes the list again
// from the reports, and a close cut short after the report was written (a
// crash before anything beside it) is listed once Recover finishes it.
func TestRechecksRebuiltAndRecovered(t *testing.T) {
	ctx := context.Background()
	db, _ := dbtest.New(t)
	st := store.New(db, func() time.Time { return storeAt }, store.Options{Zone: cst, SingleWriter: true})
	if err := st.EnsureIndexes(ctx); err != nil {
		t.Fatal(err)
	}
	closed := storeAt.Add(-20 * 24 * time.Hour)
	owed := putReport(t, st, "AAAAAA", "北山口镇", closed.Add(-4*time.Hour), toClosed(closed, fortnight)...)
	done := putReport(t, st, "AAAAAA", "北山口镇", closed.Add(-4*time.Hour), toClosed(closed, fortnight)...)
	putSteps(t, st, done, recheckStep(closed.Add(fortnight), report.Held, "0123456789abcdef0123456789abcdef"))

	if err := st.Rebuild(ctx, slog.New(slog.NewTextHandler(io.Discard, nil))); err != nil {
		t.Fatal(err)
	}
	if got := dueIDs(t, st, nil, storeAt); !slices.Equal(got, []string{owed.ID}) {
		t.Errorf("after rebuild: %v, want only %s", got, owed.ID)
	}

	// A resolved report rated, written, and cut short: its pending record
	// holds the report before, and nothing beside it knows of the close.
	resolved := putReport(t, st, "AAAAAA", "北山口镇", closed.Add(-4*time.Hour), toClosed(closed, fortnight)[:3]...)
	rated, err := report.Apply(resolved, toClosed(closed, fortnight)[3])
	if err != nil {
		t.Fatal(err)
	}
	before, err := bson.Marshal(resolved)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Collection("reports").ReplaceOne(ctx, bson.M{"_id": rated.ID}, rated); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Collection("pending").InsertOne(ctx, bson.M{"_id": rated.ID, "old": before, "at": closed}); err != nil {
		t.Fatal(err)
	}
	if got := dueIDs(t, st, nil, storeAt); slices.Contains(got, rated.ID) {
		t.Fatalf("listed before recovery: %v", got)
	}
	if n, err := st.Recover(ctx, 0); err != nil || n != 1 {
		t.Fatalf("recovered %d (%v), want 1", n, err)
	}
	if got := dueIDs(t, st, nil, storeAt); !slices.Equal(got, []string{owed.ID, rated.ID}) && !slices.Equal(got, []string{rated.ID, owed.ID}) {
		t.Errorf("after recovery: %v, want %s and %s", got, owed.ID, rated.ID)
	}
}
