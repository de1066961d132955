package cli_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"gridline/auth"
	"gridline/cli"
	"gridline/store"
)

// apikey runs "gridline apikey ARGS…" against st and returns its stdout.
func apikey(t *testing.T, st *store.Store, args ...string) (string, error) {
	t.Helper()
	var out bytes.Buffer
	err := cli.APIKey(context.Background(), st, time.UTC, args, &out)
	return out.String(), err
}

// TestAPIKeyAddListRevoke: add prints the key once, alone on its last
// line, and stores only its hash; list names the key and never prints it;
// revoke ends it; both changes are in the audit log.
func TestAPIKeyAddListRevoke(t *testing.T) {
	ctx := context.Background()
	st, _ := newStore(t)
	out, err := apikey(t, st, "add", "--name", "city-12345")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	secret := lines[len(lines)-1]
	if len(secret) != 43 || strings.Contains(secret, " ") {
		t.Fatalf("last line %q is not the key alone; output:\n%s", secret, out)
	}
	k, err := st.APIKeyByHash(ctx, auth.TokenID(secret))
	if err != nil || k.Name != "city-12345" || !k.Active() || k.CreatedBy != "(cli)" {
		t.Fatalf("the printed key finds %+v, %v", k, err)
	}
	list, err := apikey(t, st, "list")
	if err != nil || !strings.Contains(list, "city-12345") || !strings.Contains(list, "active") || strings.Contains(list, secret) || strings.Contains(list, k.Hash) {
		t.Errorf("list (%v):\n%s", err, list)
	}
	if out, err := apikey(t, st, "revoke", "city-12345"); err != nil || !strings.Contains(out, "revoked") {
		t.Fatalf("revoke: %q, %v", out, err)
	}
	if k, err := st.APIKeyByHash(ctx, auth.TokenID(secret)); err != nil || k.Active() {
		t.Errorf("after revoke the key is %+v, %v", k, err)
	}
	if list, _ := apikey(t, st, "list"); !strings.Contains(list, "revoked") {
		t.Errorf("list after revoke:\n%s", list)
	}
	entries, err := st.AuditEntries(ctx, 0, 10)
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, e := range entries {
		actions = append(actions, e.Actor+" "+e.Action+" "+e.Target)
	}
	if got := strings.Join(actions, "; "); got != "(cli) apikey.revoke city-12345; (cli) apikey.add city-12345" {
		t.Errorf("audit log: %s", got)
	}
}

// TestAPIKeyRefused: a bad command is an error, prints nothing and makes
// no key; a taken or revoked name is not given again.
func TestAPIKeyRefused(t *testing.T) {
	ctx := context.Background()
	st, _ := newStore(t)
	if _, err := apikey(t, st, "add", "--name", "taken"); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"add"}, {"add", "--name", "x"}, {"add", "--name", "城运平台"}, {"add", "--name", "a b"},
		{"add", "--name", "taken"}, {"add", "--name", "ok-name", "extra"}, {"add", "--label", "ok-name"},
		{"revoke"}, {"revoke", "nobody"}, {"list", "all"}, {"remove", "taken"}, {},
	} {
		out, err := apikey(t, st, args...)
		if err == nil || out != "" {
			t.Errorf("apikey %q: %q, %v; want an error and no output", args, out, err)
		}
	}
	keys, err := st.APIKeys(ctx)
	if err != nil || len(keys) != 1 || !keys[0].Active() {
		t.Errorf("keys after refused commands: %+v, %v", keys, err)
	}
}
