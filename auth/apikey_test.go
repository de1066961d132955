package auth_test

import (
	"strings"
	"testing"

	"gridline/auth"
)

// TestNewAPIKey: a key is 32 random bytes, shown as base64url, stored as
// its SHA-256 only; two keys differ.
func TestNewAPIKey(t *testing.T) {
	k, secret, err := auth.NewAPIKey("city-12345", "root")
	if err != nil {
		t.Fatal(err)
	}
	if len(secret) != 43 || strings.ContainsAny(secret, "+/=") {
		t.Errorf("key %q is not 32 bytes of base64url", secret)
	}
	if k.Hash != auth.TokenID(secret) || k.Hash == secret || k.Name != "city-12345" || k.CreatedBy != "root" || !k.Active() {
		t.Errorf("record %+v", k)
	}
	if k.Actor() != "apikey:city-12345" {
		t.Errorf("actor %q", k.Actor())
	}
	_, other, err := auth.NewAPIKey("city-12345", "root")
	if err != nil || other == secret {
		t.Errorf("a second key %q, %v", other, err)
	}
}

// TestAPIKeyNames: the names a key may have.
func TestAPIKeyNames(t *testing.T) {
	for name, ok := range map[string]bool{"city-12345": true, "fms.app_2": true, "x": false, "城运平台": false,
		"a b": false, "apikey:x": false, strings.Repeat("k", 33): false} {
		if got := auth.CheckKeyName(name) == ""; got != ok {
			t.Errorf("CheckKeyName(%q) accepts: %v, want %v", name, got, ok)
		}
	}
}
