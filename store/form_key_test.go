package store_test

import (
	"bytes"
	"context"
	"testing"
	"time"

	"gridline/database/dbtest"
	"gridline/store"
)

// TestFormKeyIsMadeOnceAndKept: the first call makes a random key, a second
// store on the same database (another instance, or after a restart) reads
// the same one, and another database has its own.
func TestFormKeyIsMadeOnceAndKept(t *testing.T) {
	ctx := context.Background()
	db, _ := dbtest.New(t)
	clock := func() time.Time { return storeAt }
	first, err := store.New(db, clock, store.Options{}).FormKey(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(first) != 32 || bytes.Equal(first, make([]byte, 32)) {
		t.Fatalf("form key %x: want 32 random bytes", first)
	}
	again, err := store.New(db, clock, store.Options{}).FormKey(ctx)
	if err != nil || !bytes.Equal(first, again) {
		t.Fatalf("second instance's key %x (err %v); want the first's %x", again, err, first)
	}
	otherDB, _ := dbtest.New(t)
	other, err := store.New(otherDB, clock, store.Options{}).FormKey(ctx)
	if err != nil || bytes.Equal(first, other) {
		t.Errorf("another database's key %x (err %v): want a different one", other, err)
	}
}
