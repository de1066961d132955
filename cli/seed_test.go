package cli_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"gridline/auth"
	"gridline/cli"
	"gridline/community"
	"gridline/database/dbtest"
	"gridline/report"
	"gridline/store"
)

// TestSeedThenVerify seeds a history twice through the command, checks the
// second run added to the same places, and that verify finds the tallies
// equal to the timelines, then notices a report the tallies never saw.
func TestSeedThenVerify(t *testing.T) {
	ctx := context.Background()
	db, embedded := dbtest.New(t)
	zone, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	st := store.New(db, time.Now, store.Options{Zone: zone, SingleWriter: embedded})
	if err := st.EnsureIndexes(ctx); err != nil {
		t.Fatal(err)
	}
	if err := st.EnsureCategories(ctx, []community.Category{{Name: "市容环境", Deadline: 72 * time.Hour}, {Name: "安全隐患", Deadline: 24 * time.Hour}}); err != nil {
		t.Fatal(err)
	}
	hasher, err := auth.NewHasher(bcrypt.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	for range 2 {
		if err := cli.Seed(ctx, st, hasher, zone, []string{"--reports", "300", "--seed", "9"}, &out); err != nil {
			t.Fatal(err)
		}
	}
	if n, err := st.CountReports(ctx); err != nil || n != 600 {
		t.Fatalf("%d reports after seeding 300 twice (%v)", n, err)
	}
	coms, err := st.Communities(ctx)
	if err != nil || len(coms) != 20 {
		t.Fatalf("%d communities after seeding twice, want the same 20 (%v)", len(coms), err)
	}
	if _, err := st.User(ctx, "worker11"); err != nil {
		t.Errorf("the seed's grid worker: %v", err)
	}

	out.Reset()
	if err := cli.Verify(ctx, st, zone, nil, &out); err != nil {
		t.Fatalf("verify after seeding: %v\n%s", err, out.String())
	}
	if !strings.Contains(out.String(), "600 reports") {
		t.Errorf("verify says %q", out.String())
	}

	// A report stored behind the store's back: the tallies never saw it.
	at := time.Now().Add(-time.Hour)
	stray := report.Report{ID: "STRAYW4A1", Community: coms[0].Code, Street: coms[0].Street, Category: "市容环境",
		Status: report.Submitted, CreatedAt: at, SubmitToken: "stray",
		Timeline: []report.Event{{At: at, Action: report.Submit, Status: report.Submitted}}}
	if _, err := db.Collection("reports").InsertOne(ctx, stray); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	if err := cli.Verify(ctx, st, zone, nil, &out); err == nil || !strings.Contains(out.String(), coms[0].Name) {
		t.Errorf("verify missed the stray report: %v\n%s", err, out.String())
	}
}
