package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"gridline/auth"
	"gridline/database/dbtest"
	"gridline/store"
)

// TestSessions checks that an expired session is gone even before the
// clean-up job runs, that logout deletes it, and that the job removes only
// what has expired.
func TestSessions(t *testing.T) {
	ctx := context.Background()
	db, _ := dbtest.New(t)
	now := storeAt
	st := store.New(db, func() time.Time { return now }, store.Options{})

	live := auth.Session{ID: "live", Username: "op", CSRF: "c1", CreatedAt: now, ExpiresAt: now.Add(time.Hour)}
	dead := auth.Session{ID: "dead", Username: "op", CSRF: "c2", CreatedAt: now.Add(-13 * time.Hour), ExpiresAt: now}
	for _, s := range []auth.Session{live, dead} {
		if err := st.CreateSession(ctx, s); err != nil {
			t.Fatal(err)
		}
	}
	if got, err := st.Session(ctx, "live"); err != nil || got.Username != "op" || got.CSRF != "c1" {
		t.Fatalf("live session: %+v, %v", got, err)
	}
	for _, id := range []string{"dead", "nonexistent"} {
		if _, err := st.Session(ctx, id); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("session %s: err = %v, want ErrNotFound", id, err)
		}
	}

	if err := st.DeleteExpired(ctx); err != nil {
		t.Fatal(err)
	}
	now = now.Add(-time.Hour) // turn the clock back: the expired one must be deleted, not just hidden
	if _, err := st.Session(ctx, "dead"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("DeleteExpired kept the expired session: %v", err)
	}
	if _, err := st.Session(ctx, "live"); err != nil {
		t.Errorf("DeleteExpired removed a live session: %v", err)
	}

	if err := st.DeleteSession(ctx, "live"); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Session(ctx, "live"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("after logout: err = %v, want ErrNotFound", err)
	}
}

// TestLoginFailures checks the counts the throttle reads: per key, within a
// window, and that old ones are cleared after a day.
func TestLoginFailures(t *testing.T) {
	ctx := context.Background()
	db, _ := dbtest.New(t)
	now := storeAt.Add(-25 * time.Hour)
	st := store.New(db, func() time.Time { return now }, store.Options{})

	if err := st.RecordLoginFailure(ctx, "user:op", "ip:10.0.0.1"); err != nil { // a day ago
		t.Fatal(err)
	}
	now = storeAt
	for range 3 {
		if err := st.RecordLoginFailure(ctx, "user:op", "ip:10.0.0.1"); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.RecordLoginFailure(ctx, "user:li", "ip:10.0.0.1"); err != nil {
		t.Fatal(err)
	}
	count := func(key string, since time.Time) int {
		t.Helper()
		n, err := st.LoginFailures(ctx, key, since)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	window := now.Add(-15 * time.Minute)
	if n := count("user:op", window); n != 3 {
		t.Errorf("user:op in the window: %d, want 3", n)
	}
	if n := count("ip:10.0.0.1", window); n != 4 {
		t.Errorf("ip in the window: %d, want 4", n)
	}
	if n := count("user:nobody", window); n != 0 {
		t.Errorf("user:nobody: %d", n)
	}
	if err := st.DeleteExpired(ctx); err != nil {
		t.Fatal(err)
	}
	if n := count("user:op", time.Time{}); n != 3 {
		t.Errorf("after clean-up user:op has %d failures, want the 3 recent ones", n)
	}
}
