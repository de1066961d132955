package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"gridline/auth"
	"gridline/store"
)

const apikeyUsage = `usage:
  gridline apikey add --name NAME    make a key for the Open311 API; it is printed once, alone on the last line
  gridline apikey list               every key: name, state, when made and by whom
  gridline apikey revoke NAME        end a key for good (its name is not used again)`

// cliActor names the command line in the audit log; "(cli)" cannot be a
// username, so the log cannot be read as an account's act.
const cliActor = "(cli)"

// APIKey runs "apikey add", "apikey list" and "apikey revoke": the keys
// outside systems file reports with through the Open311 API.
func APIKey(ctx context.Context, st *store.Store, zone *time.Location, args []string, stdout io.Writer) error {
	switch {
	case len(args) > 0 && args[0] == "add":
		return addAPIKey(ctx, st, args[1:], stdout)
	case len(args) == 1 && args[0] == "list":
		return listAPIKeys(ctx, st, zone, stdout)
	case len(args) == 2 && args[0] == "revoke":
		return revokeAPIKey(ctx, st, args[1], stdout)
	}
	return errors.New(apikeyUsage)
}

// addAPIKey makes a key and prints it, the one time it is ever shown.
func addAPIKey(ctx context.Context, st *store.Store, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("apikey add", flag.ContinueOnError)
	name := fs.String("name", "", "who holds the key: 2–32 letters, digits, . - _ (for example city-12345)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 || auth.CheckKeyName(*name) != "" {
		return fmt.Errorf("apikey add: --name must be 2–32 letters, digits, dots, dashes or underscores\n%s", apikeyUsage)
	}
	k, secret, err := auth.NewAPIKey(*name, cliActor)
	if err != nil {
		return err
	}
	if err := st.CreateAPIKey(ctx, k); errors.Is(err, store.ErrDuplicate) {
		return fmt.Errorf("apikey add: the name %s is taken (names are never reused, even after a revoke)", *name)
	} else if err != nil {
		return err
	}
	if err := st.Audit(ctx, auth.AuditEntry{Actor: cliActor, Action: "apikey.add", Target: k.Name, Detail: "command line"}); err != nil {
		return fmt.Errorf("apikey add: the key is made, but not in the audit log: %w", err)
	}
	fmt.Fprintf(stdout, "created API key %s; it is shown this once, store it now:\n%s\n", k.Name, secret)
	return nil
}

// listAPIKeys prints one line per key, never the key itself (only its hash
// is stored).
func listAPIKeys(ctx context.Context, st *store.Store, zone *time.Location, stdout io.Writer) error {
	keys, err := st.APIKeys(ctx)
	if err != nil {
		return err
	}
	w := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	for _, k := range keys {
		state := "active"
		if !k.Active() {
			state = "revoked " + k.RevokedAt.In(zone).Format("2006-01-02 15:04")
		}
		fmt.Fprintf(w, "%s\t%s\tcreated %s by %s\n", k.Name, state, k.CreatedAt.In(zone).Format("2006-01-02 15:04"), k.CreatedBy)
	}
	return w.Flush()
}

// revokeAPIKey ends a key: the next request with it is refused.
func revokeAPIKey(ctx context.Context, st *store.Store, name string, stdout io.Writer) error {
	name = strings.TrimSpace(name)
	k, err := st.RevokeAPIKey(ctx, name)
	if errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("apikey revoke: no key is named %q", name)
	}
	if err != nil {
		return err
	}
	if err := st.Audit(ctx, auth.AuditEntry{Actor: cliActor, Action: "apikey.revoke", Target: k.Name, Detail: "command line"}); err != nil {
		return fmt.Errorf("apikey revoke: the key is revoked, but not in the audit log: %w", err)
	}
	fmt.Fprintf(stdout, "revoked API key %s\n", k.Name)
	return nil
}
