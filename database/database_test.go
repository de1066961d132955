package database_test

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"gridline/database"
)

// TestEmbeddedShared opens the same data directory twice, as the CLI does while
// the server runs, and checks both see the same data and the second does not
// stop the first's server.
func TestEmbeddedShared(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	dir := t.TempDir()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	opts := database.Options{DataDir: dir, Name: "shared"}

	owner, err := database.Open(ctx, opts, log)
	if err != nil {
		t.Fatal(err)
	}
	defer owner.Close(ctx)
	if !owner.Embedded {
		t.Fatal("want the embedded server with no URI")
	}
	guest, err := database.Open(ctx, opts, log)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := guest.Database.Collection("c").InsertOne(ctx, bson.M{"_id": "x", "v": 1}); err != nil {
		t.Fatal(err)
	}
	if err := guest.Close(ctx); err != nil {
		t.Fatal(err)
	}

	var got bson.M
	if err := owner.Database.Collection("c").FindOne(ctx, bson.M{"_id": "x"}).Decode(&got); err != nil {
		t.Fatalf("owner does not see the guest's write: %v", err)
	}
	if err := owner.Ping(ctx); err != nil {
		t.Fatalf("owner's server stopped with the guest: %v", err)
	}
}

// TestEmbeddedReopen checks data survives a restart of the embedded server.
func TestEmbeddedReopen(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	opts := database.Options{DataDir: t.TempDir(), Name: "reopen"}
	for i := range 2 {
		db, err := database.Open(ctx, opts, log)
		if err != nil {
			t.Fatal(err)
		}
		n, err := db.Database.Collection("c").CountDocuments(ctx, bson.M{})
		if err != nil {
			t.Fatal(err)
		}
		if n != int64(i) {
			t.Fatalf("run %d: want %d documents, got %d", i, i, n)
		}
		if _, err := db.Database.Collection("c").InsertOne(ctx, bson.M{"run": i}); err != nil {
			t.Fatal(err)
		}
		if err := db.Close(ctx); err != nil {
			t.Fatal(err)
		}
	}
}

// TestServerWaitsForTheCLI checks that a server never becomes the guest of a
// short-lived process: it waits for the holder to let go, then owns the
// embedded server, and the data the holder wrote is there.
func TestServerWaitsForTheCLI(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	dir := t.TempDir()
	cliDB, err := database.Open(ctx, database.Options{DataDir: dir, Name: "own"}, log)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cliDB.Database.Collection("c").InsertOne(ctx, bson.M{"_id": "from-cli"}); err != nil {
		t.Fatal(err)
	}
	go func() {
		time.Sleep(300 * time.Millisecond)
		cliDB.Close(ctx)
	}()
	server, err := database.Open(ctx, database.Options{DataDir: dir, Name: "own", Own: true}, log)
	if err != nil {
		t.Fatal(err)
	}
	defer server.Close(ctx)
	if err := server.Database.Collection("c").FindOne(ctx, bson.M{"_id": "from-cli"}).Err(); err != nil {
		t.Fatalf("the server does not see the CLI's write: %v", err)
	}
	if err := server.Ping(ctx); err != nil {
		t.Fatalf("the server lost its database when the CLI exited: %v", err)
	}
}
