package store_test

import (
	"bytes"
	"context"
	"errors"
	"testing"

	"gridline/auth"
	"gridline/store"
)

// TestSessionEpoch: disabling or enabling an account and setting its
// password each move it to a new session epoch, never back to an old one.
func TestSessionEpoch(t *testing.T) {
	ctx := context.Background()
	st := newStore(t)
	if err := st.CreateUser(ctx, auth.User{Username: "li", Hash: []byte("old"), Role: auth.Admin}); err != nil {
		t.Fatal(err)
	}
	epoch := func() int64 {
		t.Helper()
		u, err := st.User(ctx, "li")
		if err != nil {
			t.Fatal(err)
		}
		return u.SessionEpoch
	}
	steps := []struct {
		name string
		do   func() error
		want int64
	}{
		{"enabling an enabled account", func() error { return st.SetUserDisabled(ctx, "li", false) }, 1},
		{"disabling", func() error { return st.SetUserDisabled(ctx, "li", true) }, 2},
		{"enabling again", func() error { return st.SetUserDisabled(ctx, "li", false) }, 3},
		{"setting the password", func() error {
			u, err := st.SetPassword(ctx, "li", []byte("new"))
			if err == nil && (u.SessionEpoch != 4 || !bytes.Equal(u.Hash, []byte("new")) || u.Role != auth.Admin) {
				t.Errorf("SetPassword returned %+v", u)
			}
			return err
		}, 4},
	}
	for _, s := range steps {
		if err := s.do(); err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		if got := epoch(); got != s.want {
			t.Errorf("after %s: epoch %d, want %d", s.name, got, s.want)
		}
	}
	if u, _ := st.User(ctx, "li"); u.Disabled || string(u.Hash) != "new" {
		t.Errorf("stored %+v", u)
	}
	if _, err := st.SetPassword(ctx, "nobody", []byte("x")); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("SetPassword of no account: %v", err)
	}
	if _, err := st.User(ctx, "nobody"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("SetPassword created an account: %v", err)
	}
}
