package store_test

import (
	"context"
	"io"
	"log/slog"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"gridline/cli"
	"gridline/community"
	"gridline/database/dbtest"
	"gridline/report"
	"gridline/stats"
	"gridline/store"
)

// TestUpgradeOldDataDirectory stores a history the way the version before
// the work queue and tallies did (reports, and poster scans in their own
// collection, nothing else), starts the store on it and checks everything
// is built once, equals a recomputation, and is left alone the second time.
func TestUpgradeOldDataDirectory(t *testing.T) {
	ctx := context.Background()
	db, _ := dbtest.New(t)
	now := time.Date(2026, 3, 1, 15, 0, 0, 0, cst)
	rs := storeOldDirectory(t, db, now)

	st := store.New(db, func() time.Time { return now }, store.Options{Zone: cst, SingleWriter: true})
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	if err := st.EnsureIndexes(ctx); err != nil {
		t.Fatal(err)
	}
	if err := st.Upgrade(ctx, log); err != nil {
		t.Fatal(err)
	}
	checkTallies(t, st, now, rs)
	checkUpgraded(t, st, rs)
	winter := stats.Days{First: stats.Day{Year: 2025, Month: 11, Day: 1}, Last: stats.Day{Year: 2026, Month: 3, Day: 1}}
	before, err := st.Tallies(ctx, winter)
	if err != nil {
		t.Fatal(err)
	}

	for name, again := range map[string]func() error{
		"upgrade again": func() error { return st.Upgrade(ctx, log) },
		"rebuild":       func() error { return st.Rebuild(ctx, log) },
	} {
		if err := again(); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		after, err := st.Tallies(ctx, winter)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(before, after) {
			t.Errorf("%s changed the tallies", name)
		}
		checkUpgraded(t, st, rs)
	}
}

// storeOldDirectory stores a generated history the way the version before
// the work queue and tallies did: the reports, and poster scans in their
// own collection.
func storeOldDirectory(t *testing.T, db *mongo.Database, now time.Time) []report.Report {
	t.Helper()
	ctx := context.Background()
	plan := cli.HistoryPlan{
		Categories: []community.Category{{Name: "市容环境", Deadline: 72 * time.Hour}, {Name: "安全隐患", Deadline: 24 * time.Hour}},
		Workers:    map[string][]string{}, Operators: map[string]string{},
		From: time.Date(2025, 11, 1, 0, 0, 0, 0, cst), Now: now, N: 600, Zone: cst,
	}
	for _, c := range walkCommunities {
		plan.Communities = append(plan.Communities, community.Community{Code: c.Code, Name: c.Name, Street: c.Street})
		plan.Workers[c.Code] = []string{"wang"}
	}
	rs, err := cli.GenerateHistory(rand.New(rand.NewPCG(3, 5)), plan)
	if err != nil {
		t.Fatal(err)
	}
	docs := make([]any, len(rs))
	for i, r := range rs {
		docs[i] = r
	}
	if _, err := db.Collection("reports").InsertMany(ctx, docs); err != nil {
		t.Fatal(err)
	}
	oldScans := []any{
		bson.M{"_id": "AAAAAA/p/2026-01-05", "community": "AAAAAA", "kind": "p", "day": "2026-01-05", "n": 7},
		bson.M{"_id": "AAAAAA/c/2026-02-10", "community": "AAAAAA", "kind": "c", "day": "2026-02-10", "n": 2},
		bson.M{"_id": "CCCCCC/p/2026-02-11", "community": "CCCCCC", "kind": "p", "day": "2026-02-11", "n": 1},
	}
	if _, err := db.Collection("scans").InsertMany(ctx, oldScans); err != nil {
		t.Fatal(err)
	}
	return rs
}

// checkUpgraded checks the work queue, the tokens, the status counts and
// the scans brought over from the old collection.
func checkUpgraded(t *testing.T, st *store.Store, rs []report.Report) {
	t.Helper()
	ctx := context.Background()
	open, err := st.OpenReports(ctx)
	if err != nil {
		t.Fatal(err)
	}
	wantOpen, closed := 0, 0
	for _, r := range rs {
		if r.Status.Open() {
			wantOpen++
		}
		if r.Status == report.Closed {
			closed++
		}
	}
	if len(open) != wantOpen || wantOpen == 0 {
		t.Errorf("work queue holds %d reports, want the %d open ones", len(open), wantOpen)
	}
	for _, r := range []report.Report{rs[0], rs[len(rs)/2], rs[len(rs)-1]} {
		got, err := st.ReportByToken(ctx, r.SubmitToken)
		if err != nil || got.ID != r.ID {
			t.Errorf("token of %s finds %q (%v)", r.ID, got.ID, err)
		}
	}
	counts, err := st.CountByStatus(ctx, store.Inbox{})
	if err != nil || counts[report.Closed] != closed {
		t.Errorf("closed count %d (%v), want %d", counts[report.Closed], err, closed)
	}
	scans, err := st.Scans(ctx, "2026-01-01", "2026-03-01", nil)
	want := map[string]map[string]int{"AAAAAA": {"p": 7, "c": 2}, "CCCCCC": {"p": 1}}
	if err != nil || !reflect.DeepEqual(scans, want) {
		t.Errorf("scans %v (%v), want %v", scans, err, want)
	}
}
