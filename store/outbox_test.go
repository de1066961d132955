package store_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"gridline/database/dbtest"

	"gridline/report"
	"gridline/store"
	"gridline/webhook"
)

// newOutboxStore is a store on a fresh database, returned too, on the real
// clock, with several writers assumed: the compare-and-set paths.
func newOutboxStore(t testing.TB) (*store.Store, *mongo.Database) {
	t.Helper()
	db, _ := dbtest.New(t)
	st := store.New(db, time.Now, store.Options{})
	if err := st.EnsureIndexes(context.Background()); err != nil {
		t.Fatal(err)
	}
	return st, db
}

// outboxIDs lists the waiting deliveries' IDs, sorted.
func outboxIDs(t *testing.T, st *store.Store) []string {
	t.Helper()
	ds, err := st.Outbox(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, d := range ds {
		ids = append(ids, d.ID)
	}
	slices.Sort(ids)
	return ids
}

// addEndpoints stores two endpoints, the second trusted with contacts.
func addEndpoints(t *testing.T, st *store.Store) {
	t.Helper()
	for _, ep := range []webhook.Endpoint{
		{ID: "plain", URL: "https://a.example.org/", Secret: "0123456789abcdef"},
		{ID: "trust", URL: "https://b.example.org/", Secret: "fedcba9876543210", WithContact: true},
	} {
		if err := st.AddWebhook(context.Background(), ep); err != nil {
			t.Fatal(err)
		}
	}
}

// TestOutboxFollowsTheTimeline: every public step of a report records one
// delivery per endpoint; an internal note records none.
func TestOutboxFollowsTheTimeline(t *testing.T) {
	ctx := context.Background()
	st, _ := newOutboxStore(t)
	addEndpoints(t, st)
	r := createReport(t, st)
	want := []string{r.ID + "-0-plain", r.ID + "-0-trust"}
	if got := outboxIDs(t, st); !slices.Equal(got, want) {
		t.Fatalf("after submitting: %q, want %q", got, want)
	}
	for _, step := range []report.Step{
		{Action: report.Note, Actor: "op", InternalNote: "内部备注"},
		{Action: report.Accept, Actor: "op", PublicNote: "已受理"},
	} {
		step.At = st.Now()
		next, err := report.Apply(r, step)
		if err != nil {
			t.Fatal(err)
		}
		if err := st.UpdateReport(ctx, r.Version, next); err != nil {
			t.Fatal(err)
		}
		r = next
	}
	want = append(want, r.ID+"-2-plain", r.ID+"-2-trust")
	if got := outboxIDs(t, st); !slices.Equal(got, want) {
		t.Fatalf("after a note and acceptance: %q, want %q", got, want)
	}
	ds, _ := st.Outbox(ctx)
	for _, d := range ds {
		if strings.Contains(string(d.Body), "魏先生") != (d.Endpoint == "trust") || strings.Contains(string(d.Body), "内部备注") {
			t.Errorf("%s body %s", d.ID, d.Body)
		}
	}
}

// createReport stores a submitted report with a contact.
func createReport(t *testing.T, st *store.Store) report.Report {
	t.Helper()
	at := st.Now()
	r, err := st.CreateReport(context.Background(), report.Report{
		Community: "AAAAAA", Street: "北山口镇", Category: "市容环境", Description: "路灯不亮",
		Contact: report.Contact{Name: "魏先生", Phone: "13812345678"}, SubmitToken: "outbox-" + at.String(),
		Status: report.Submitted, CreatedAt: at, UpdatedAt: at,
		Timeline: []report.Event{{At: at, Action: report.Submit, Status: report.Submitted}},
	})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestOutboxAfterACrash: a change stored but cut short before anything
// beside it was written (a pending record and the report, no deliveries)
// gets its delivery when Recover finishes it; an event already delivered
// is not recorded again, and finishing the change twice records it once.
func TestOutboxAfterACrash(t *testing.T) {
	ctx := context.Background()
	st, db := newOutboxStore(t)
	addEndpoints(t, st)
	r := createReport(t, st)
	for _, id := range outboxIDs(t, st) {
		if err := st.DeliveryDone(ctx, id); err != nil { // delivered before the crash
			t.Fatal(err)
		}
	}
	next, err := report.Apply(r, report.Step{Action: report.Accept, Actor: "op", At: st.Now()})
	if err != nil {
		t.Fatal(err)
	}
	old, err := bson.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		// What the crash left: the pending record and the new report only.
		if _, err := db.Collection("pending").InsertOne(ctx, bson.M{"_id": r.ID, "at": st.Now(), "old": old}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Collection("reports").ReplaceOne(ctx, bson.M{"_id": r.ID}, next); err != nil {
			t.Fatal(err)
		}
		if n, err := st.Recover(ctx, 0); err != nil || n != 1 {
			t.Fatalf("Recover = %d, %v; want 1 change finished", n, err)
		}
		if got, want := outboxIDs(t, st), []string{r.ID + "-1-plain", r.ID + "-1-trust"}; !slices.Equal(got, want) {
			t.Errorf("outbox after recovery %q, want %q", got, want)
		}
	}
}
