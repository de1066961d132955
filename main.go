// Command gridline is scan-to-report for community grid governance: it serves
// the residents' report form and tracking pages, and offers subcommands to
// manage communities. Run it with -demo to try it out.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
	"time"

	_ "time/tzdata" // times are shown in Asia/Shanghai even where the system has no zone files

	"golang.org/x/crypto/bcrypt"

	"gridline/auth"
	"gridline/cli"
	"gridline/config"
	"gridline/database"
	"gridline/store"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr, os.Getenv)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "gridline:", err)
		os.Exit(1)
	}
}

// run is the whole program: configuration → database → store → command or server.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string) error {
	fs := flag.NewFlagSet("gridline", flag.ContinueOnError)
	fs.SetOutput(stderr)
	demo := fs.Bool("demo", false, "create two example communities if absent and print their addresses")
	if err := fs.Parse(args); err != nil {
		return err
	}
	cfg, err := config.Load(getenv)
	if err != nil {
		return err
	}
	log := slog.New(slog.NewJSONHandler(stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))

	rest := fs.Args()
	// The server, seed and rebuild own the embedded database: seed and
	// rebuild write in bulk, which is safe only with no server beside them.
	serving := len(rest) == 0 || rest[0] == "seed" || rest[0] == "rebuild"
	db, err := database.Open(ctx, database.Options{URI: cfg.MongoURI, DataDir: cfg.DataDir, Name: cfg.Database, Own: serving}, log)
	if err != nil {
		return err
	}
	defer func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := db.Close(ctx); err != nil {
			log.Error("close database", "err", err)
		}
	}()
	st, err := openStore(ctx, cfg, db, serving, log)
	if err != nil {
		return err
	}
	hasher, err := auth.NewHasher(bcrypt.DefaultCost)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return command(ctx, cfg, st, hasher, rest, stdin, stdout, log)
	}
	if *demo {
		if err := cli.Demo(ctx, st, hasher, cfg.Zone, cfg.BaseURL, stdout); err != nil {
			return err
		}
	}
	err = serve(ctx, cfg, db, st, hasher, log)
	if errors.Is(err, context.Canceled) {
		return nil
	}
	return err
}

// openStore makes the store ready: indexes, the current layout, changes a
// crash cut short (only when nothing else writes), and the categories.
func openStore(ctx context.Context, cfg config.Config, db *database.DB, serving bool, log *slog.Logger) (*store.Store, error) {
	st := store.New(db.Database, time.Now, store.Options{
		Zone: cfg.Zone, SingleWriter: db.SingleWriter, BaseURL: cfg.BaseURL,
		IndexIDs: func(ctx context.Context) error { return db.IndexIDs(ctx, cfg.Database) },
	})
	if err := st.EnsureIndexes(ctx); err != nil {
		return nil, err
	}
	if err := st.Upgrade(ctx, log); err != nil {
		return nil, err
	}
	if serving {
		n, err := st.Recover(ctx, 0)
		if err != nil {
			return nil, err
		}
		if n > 0 {
			log.Info("finished changes cut short", "reports", n)
		}
	}
	return st, st.EnsureCategories(ctx, cfg.Categories)
}

// command runs one of the command-line tools instead of the server.
func command(ctx context.Context, cfg config.Config, st *store.Store, hasher auth.Hasher, args []string, stdin io.Reader, stdout io.Writer, log *slog.Logger) error {
	switch args[0] {
	case "community":
		return cli.Community(ctx, st, cfg.BaseURL, args[1:], stdout)
	case "user":
		return cli.User(ctx, st, hasher, args[1:], stdin, stdout)
	case "apikey":
		return cli.APIKey(ctx, st, cfg.Zone, args[1:], stdout)
	case "webhook":
		return cli.Webhook(ctx, st, cfg.Webhook.Loopback, cfg.Zone, args[1:], stdout)
	case "seed":
		return cli.Seed(ctx, st, hasher, cfg.Zone, args[1:], stdout)
	case "rebuild":
		return st.Rebuild(ctx, log)
	case "verify":
		return cli.Verify(ctx, st, cfg.Zone, args[1:], stdout)
	}
	return fmt.Errorf("unknown command %q (want community, user, apikey, webhook, seed, rebuild, verify, or none to serve)", args[0])
}
