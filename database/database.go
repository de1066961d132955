// Package database connects Gridline to MongoDB, or to the embedded
// MongoDB-protocol server (FerretDB on SQLite) when no MONGODB_URI is given.
//
// The embedded server belongs to whichever process opened the data directory
// first; a second process (the CLI while the server runs) finds it through a
// lock file and talks to it over its Unix socket in DATA/db instead of opening
// SQLite twice. It has no TCP port: it has no passwords either, so only this
// user may reach it (socket.go).
package database

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
	"go.mongodb.org/mongo-driver/v2/mongo/readpref"
)

// Options says which database to use.
type Options struct {
	URI     string // MongoDB URI; empty starts or joins the embedded server
	DataDir string // where the embedded server keeps its files
	Name    string // database name
	// Own makes this process run the embedded server itself, waiting briefly
	// for a CLI command that holds it to finish: the server must not depend
	// on a short-lived process. Without Own, a running server is joined.
	Own bool
	// Addr, when set, makes the embedded server this process starts listen
	// on this loopback TCP host:port instead of its Unix socket. Every local
	// user can then reach the database, with no password: only cmd/dbserver
	// sets it, for the fault tests that cut a database reached by
	// MONGODB_URI and restore it at the same address. Gridline never does.
	Addr string
}

// DB is an open connection and what must be stopped with it.
type DB struct {
	Client   *mongo.Client
	Database *mongo.Database
	// Embedded is true when the embedded server is in use, so callers can stay
	// within its limits (see docs/ARCHITECTURE.md, Databases).
	Embedded bool
	// SingleWriter is true on FerretDB, embedded or reached through a URI:
	// this process must be the only writer: updates are query-then-write on
	// this engine. The client keeps a pool of one connection; a second
	// writing process would lose compare-and-set updates.
	SingleWriter bool
	sqliteDir    string // the embedded server's SQLite files; IndexIDs uses it
	stop         func()
}

// Open connects to the configured database and waits until it answers.
func Open(ctx context.Context, o Options, log *slog.Logger) (*DB, error) {
	if o.URI != "" {
		return openURI(ctx, o, log)
	}
	sqliteDir, err := filepath.Abs(filepath.Join(o.DataDir, "db"))
	if err != nil {
		return nil, fmt.Errorf("data directory: %w", err)
	}
	uri, stop, err := embedded(ctx, sqliteDir, o.Addr, o.Own, log)
	if err != nil {
		return nil, err
	}
	// The embedded server updates by query-then-write: one connection serialises
	// every operation so compare-and-set updates cannot interleave.
	client, err := connect(ctx, options.Client().ApplyURI(uri).SetMaxPoolSize(1))
	if err != nil {
		stop()
		return nil, err
	}
	return &DB{
		Client: client, Database: client.Database(o.Name),
		Embedded: true, SingleWriter: true, sqliteDir: sqliteDir, stop: stop,
	}, nil
}

// openURI connects to the server at o.URI. A FerretDB there has the embedded
// engine's query-then-write updates, so it gets the same pool of one.
func openURI(ctx context.Context, o Options, log *slog.Logger) (*DB, error) {
	client, err := connect(ctx, options.Client().ApplyURI(o.URI))
	if err != nil {
		return nil, err
	}
	ferret, err := isFerretDB(ctx, client)
	if err != nil {
		_ = client.Disconnect(context.WithoutCancel(ctx))
		return nil, err
	}
	if !ferret {
		return &DB{Client: client, Database: client.Database(o.Name), stop: func() {}}, nil
	}
	if err := client.Disconnect(ctx); err != nil {
		return nil, fmt.Errorf("reconnect to FerretDB: %w", err)
	}
	client, err = connect(ctx, options.Client().ApplyURI(o.URI).SetMaxPoolSize(1))
	if err != nil {
		return nil, err
	}
	log.Warn("MONGODB_URI is a FerretDB server: its updates are query-then-write, "+
		"so several Gridline instances on this database would lose compare-and-set updates; run only one",
		"database", o.Name)
	return &DB{Client: client, Database: client.Database(o.Name), SingleWriter: true, stop: func() {}}, nil
}

// isFerretDB asks buildInfo; FerretDB adds its own fields to the answer
// ("ferretdbVersion", "ferretdbFeatures" in v1).
func isFerretDB(ctx context.Context, client *mongo.Client) (bool, error) {
	var info bson.M
	err := client.Database("admin").RunCommand(ctx, bson.D{{Key: "buildInfo", Value: 1}}).Decode(&info)
	if err != nil {
		return false, fmt.Errorf("database buildInfo: %w", err)
	}
	for k := range info {
		if strings.HasPrefix(strings.ToLower(k), "ferretdb") {
			return true, nil
		}
	}
	return false, nil
}

// Ping reports whether the database answers; /readyz uses it.
func (db *DB) Ping(ctx context.Context) error {
	return db.Client.Ping(ctx, readpref.Primary())
}

// Close disconnects and stops the embedded server if this process runs it.
func (db *DB) Close(ctx context.Context) error {
	err := db.Client.Disconnect(ctx)
	db.stop()
	return err
}

func connect(ctx context.Context, opts *options.ClientOptions) (*mongo.Client, error) {
	opts.SetServerSelectionTimeout(10 * time.Second).SetConnectTimeout(5 * time.Second)
	client, err := mongo.Connect(opts)
	if err != nil {
		return nil, fmt.Errorf("connect to database: %w", err)
	}
	var lastErr error
	for attempt := 0; attempt < 50; attempt++ {
		if lastErr = client.Ping(ctx, readpref.Primary()); lastErr == nil {
			return client, nil
		}
		if ctx.Err() != nil {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	_ = client.Disconnect(context.WithoutCancel(ctx))
	return nil, fmt.Errorf("database does not answer: %w", errors.Join(lastErr, ctx.Err()))
}
