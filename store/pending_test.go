package store_test

import (
	"context"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"gridline/database/dbtest"
	"gridline/report"
	"gridline/stats"
	"gridline/store"
)

// TestRecoverFinishesACutShortChange: a server killed after storing a
// report but before the work queue, buckets and tallies knew of it leaves a
// pending record; Recover finishes the change, and finishing it again (or a
// change whose tallies were already counted) counts nothing twice.
func TestRecoverFinishesACutShortChange(t *testing.T) {
	ctx := context.Background()
	db, _ := dbtest.New(t)
	at := time.Date(2026, 1, 10, 9, 0, 0, 0, cst)
	st := store.New(db, func() time.Time { return at.Add(time.Hour) }, store.Options{Zone: cst, SingleWriter: true})
	if err := st.EnsureIndexes(ctx); err != nil {
		t.Fatal(err)
	}
	cut := leaveCutShortChanges(t, ctx, db, st, at)

	day := stats.Days{First: stats.DayOf(at, cst), Last: stats.DayOf(at, cst)}
	received := func() int {
		t.Helper()
		months, err := st.Tallies(ctx, day)
		if err != nil {
			t.Fatal(err)
		}
		return stats.Summarize(months, walkCommunities, day, nil).Total.Received
	}
	if n := received(); n != 1 {
		t.Fatalf("before recovery the tallies count %d, want the 1 whole report", n)
	}
	for round := range 2 {
		n, err := st.Recover(ctx, 0)
		if err != nil {
			t.Fatal(err)
		}
		if want := []int{2, 0}[round]; n != want {
			t.Errorf("round %d: recovered %d changes, want %d", round, n, want)
		}
		if got := received(); got != 2 {
			t.Errorf("round %d: tallies count %d reports, want 2", round, got)
		}
	}
	open, err := st.OpenReports(ctx)
	if err != nil || len(open) != 2 {
		t.Errorf("work queue %d reports (%v), want 2", len(open), err)
	}
	if used, err := st.PhotoUsed(ctx, cut.Photos[0]); err != nil || !used {
		t.Errorf("the recovered report's photo is not referred to (%v): the orphan clean-up would remove it", err)
	}
}

// leaveCutShortChanges stores what crashes at at leave behind: a report
// with its pending record and nothing else (returned), and a report stored
// whole whose pending record was never cleared.
func leaveCutShortChanges(t *testing.T, ctx context.Context, db *mongo.Database, st *store.Store, at time.Time) report.Report {
	t.Helper()
	// What the crash left: the report and its pending record, nothing else.
	cut := report.Report{
		ID: "K7M2QXW4A", Community: "AAAAAA", Street: "北山口镇", Category: "市容环境", Description: "路灯不亮",
		Status: report.Submitted, CreatedAt: at, UpdatedAt: at, SubmitToken: "cut-short",
		Photos:   []string{"0123456789abcdef0123456789abcdef"},
		Timeline: []report.Event{{At: at, Action: report.Submit, Status: report.Submitted}},
	}
	if _, err := db.Collection("reports").InsertOne(ctx, cut); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Collection("pending").InsertOne(ctx, bson.M{"_id": cut.ID, "at": at}); err != nil {
		t.Fatal(err)
	}
	// A report stored completely, then marked pending as if the crash came
	// after its tallies but before the record was cleared.
	whole, err := st.CreateReport(ctx, report.Report{
		Community: "AAAAAA", Street: "北山口镇", Category: "市容环境", Description: "井盖松动",
		Status: report.Submitted, CreatedAt: at, UpdatedAt: at, SubmitToken: "whole",
		Timeline: []report.Event{{At: at, Action: report.Submit, Status: report.Submitted}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Collection("pending").InsertOne(ctx, bson.M{"_id": whole.ID, "at": at}); err != nil {
		t.Fatal(err)
	}
	return cut
}
