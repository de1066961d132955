package store_test

import (
	"context"
	"strings"
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
	st := store.New(db, func() time.Time { return time.Date(2026, 3, 28, 4, 0, 0, 0, time.UTC) }, store.Options{})
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

// TestCommunitiesInPinyinOrder: streets, then communities, as a Chinese
// reader sorts them (by bytes, 东华门街道 would come before 北山口镇).
func TestCommunitiesInPinyinOrder(t *testing.T) {
	st := newStore(t)
	ctx := context.Background()
	for _, c := range [][2]string{{"桃花峪村", "北山口镇"}, {"春和社区", "北山口镇"}, {"东门社区", "东华门街道"}} {
		if _, err := st.CreateCommunity(ctx, c[0], c[1]); err != nil {
			t.Fatal(err)
		}
	}
	cs, err := st.Communities(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range cs {
		got = append(got, c.Street+"/"+c.Name)
	}
	want := []string{"北山口镇/春和社区", "北山口镇/桃花峪村", "东华门街道/东门社区"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("order %v, want %v", got, want)
	}
}
