package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"gridline/auth"
	"gridline/database/dbtest"
	"gridline/store"
)

// pagesOf reads the whole log a page at a time, as the audit page does.
func pagesOf(t *testing.T, st *store.Store, size int) []auth.AuditEntry {
	t.Helper()
	var all []auth.AuditEntry
	for skip := 0; skip < 10_000; skip += size {
		page, err := st.AuditEntries(context.Background(), skip, size)
		if err != nil {
			t.Fatal(err)
		}
		if len(page) > size {
			t.Fatalf("page at %d: %d entries, want at most %d", skip, len(page), size)
		}
		if len(page) == 0 {
			break
		}
		all = append(all, page...)
	}
	return all
}

// TestAuditPages: paging through the log, with a number drawn by a write
// that then failed, shows every entry once, newest first.
func TestAuditPages(t *testing.T) {
	ctx := context.Background()
	db, _ := dbtest.New(t)
	st := store.New(db, func() time.Time { return storeAt }, store.Options{})
	write := func(from, to int) {
		for i := from; i <= to; i++ {
			if err := st.Audit(ctx, auth.AuditEntry{Actor: "root", Action: "test", Detail: fmt.Sprint(i)}); err != nil {
				t.Fatal(err)
			}
		}
	}
	write(1, 130)
	// A write that drew number 131 and then failed.
	if _, err := db.Collection("counters").UpdateOne(ctx, bson.M{"_id": "audit"}, bson.M{"$inc": bson.M{"n": int64(1)}}); err != nil {
		t.Fatal(err)
	}
	write(131, 230)

	all := pagesOf(t, st, 50)
	if len(all) != 230 {
		t.Fatalf("%d entries over all pages, want 230", len(all))
	}
	for i, e := range all {
		if want := fmt.Sprint(230 - i); e.Detail != want {
			t.Fatalf("entry %d is %q, want %q (newest first, each once)", i, e.Detail, want)
		}
	}
	first, err := st.AuditEntries(ctx, 0, 50)
	if err != nil || len(first) != 50 || first[0].Seq != 231 || first[49].Seq != 182 {
		t.Errorf("first page: %d entries, %v", len(first), err)
	}
	if beyond, err := st.AuditEntries(ctx, 1000, 50); err != nil || len(beyond) != 0 {
		t.Errorf("beyond the log: %d entries, %v", len(beyond), err)
	}
}

// TestAuditPageCost: a page far back in a long log reads only the buckets
// holding it (the newest bucket here cannot even be decoded), and entries
// written before numbers were stored are numbered by their place.
func TestAuditPageCost(t *testing.T) {
	ctx := context.Background()
	db, _ := dbtest.New(t)
	st := store.New(db, func() time.Time { return storeAt }, store.Options{})
	bucket := func(b int) bson.M {
		var entries []bson.M
		for i := range 100 {
			entries = append(entries, bson.M{"at": storeAt, "actor": "root", "action": "old", "detail": fmt.Sprint(b*100 + i)})
		}
		return bson.M{"_id": fmt.Sprintf("%012d", b), "entries": entries}
	}
	docs := []any{bucket(499), bucket(500), bson.M{"_id": fmt.Sprintf("%012d", 1000), "entries": "not a list"}}
	if _, err := db.Collection("audit").InsertMany(ctx, docs); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Collection("counters").InsertOne(ctx, bson.M{"_id": "audit", "n": int64(100_099)}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.AuditEntries(ctx, 0, 50); err == nil {
		t.Fatal("the newest bucket decodes: the test cannot tell which buckets are read")
	}
	page, err := st.AuditEntries(ctx, 100_099-50_020, 50)
	if err != nil {
		t.Fatalf("a page in buckets 500 and 499 read another bucket: %v", err)
	}
	if len(page) != 50 {
		t.Fatalf("%d entries, want 50", len(page))
	}
	for i, e := range page {
		want := int64(50_020 - i)
		if e.Seq != want || e.Detail != fmt.Sprint(want) {
			t.Errorf("entry %d: seq %d detail %q, want %d", i, e.Seq, e.Detail, want)
		}
	}
}
