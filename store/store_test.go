package store_test

import (
	"context"
	"testing"
	"time"

	"gridline/database/dbtest"
	"gridline/store"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

// newStore returns a store on a fresh database with a fixed clock.
func newStore(t *testing.T) *store.Store {
	t.Helper()
	db, _ := dbtest.New(t)
	st := store.New(db, func() time.Time { return time.Date(2026, 3, 28, 4, 0, 0, 0, time.UTC) })
	if err := st.EnsureIndexes(context.Background()); err != nil {
		t.Fatal(err)
	}
	return st
}

func TestEnsureIndexesIsIdempotent(t *testing.T) {
	st := newStore(t)
	for range 2 {
		if err := st.EnsureIndexes(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
}
