package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"gridline/auth"
	"gridline/store"
)

// TestAPIKeys: a key is stored by name with only its hash, found by the
// hash of what a client sends, listed, revoked once for good; a name is
// never used twice, not even after its key is revoked.
func TestAPIKeys(t *testing.T) {
	ctx := context.Background()
	st := newStore(t)
	k, secret, err := auth.NewAPIKey("city-12345", "(cli)")
	if err != nil {
		t.Fatal(err)
	}
	if err := st.CreateAPIKey(ctx, k); err != nil {
		t.Fatal(err)
	}
	found, err := st.APIKeyByHash(ctx, auth.TokenID(secret))
	if err != nil || found.Name != "city-12345" || !found.Active() || found.CreatedAt.IsZero() || found.CreatedBy != "(cli)" {
		t.Fatalf("found %+v, %v", found, err)
	}
	if found.Hash == secret || strings.Contains(found.Hash, secret) {
		t.Error("the key itself is stored")
	}
	if _, err := st.APIKeyByHash(ctx, auth.TokenID(secret+"x")); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("another key: %v", err)
	}
	other, _, err := auth.NewAPIKey("city-12345", "root")
	if err != nil {
		t.Fatal(err)
	}
	if err := st.CreateAPIKey(ctx, other); !errors.Is(err, store.ErrDuplicate) {
		t.Errorf("a second key of the same name: %v", err)
	}
	revoked, err := st.RevokeAPIKey(ctx, "city-12345")
	if err != nil || revoked.Active() {
		t.Fatalf("revoke: %+v, %v", revoked, err)
	}
	again, err := st.RevokeAPIKey(ctx, "city-12345")
	if err != nil || !again.RevokedAt.Equal(revoked.RevokedAt) {
		t.Errorf("revoking again: %+v, %v; first at %v", again, err, revoked.RevokedAt)
	}
	if found, err := st.APIKeyByHash(ctx, auth.TokenID(secret)); err != nil || found.Active() {
		t.Errorf("a revoked key is found as %+v, %v", found, err)
	}
	if err := st.CreateAPIKey(ctx, other); !errors.Is(err, store.ErrDuplicate) {
		t.Errorf("a revoked key's name used again: %v", err)
	}
	if _, err := st.RevokeAPIKey(ctx, "nobody"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("revoking no key: %v", err)
	}
	keys, err := st.APIKeys(ctx)
	if err != nil || len(keys) != 1 || keys[0].Name != "city-12345" || keys[0].Active() {
		t.Errorf("listed %+v, %v", keys, err)
	}
}
