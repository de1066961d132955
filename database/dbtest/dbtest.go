// Package dbtest gives tests a real MongoDB-protocol database: the embedded
// server, started once per test package, or the server at MONGODB_URI when set.
// Each test gets a fresh database that is dropped when it ends.
package dbtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"os"
	"sync"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/mongo"

	"gridline/database"
)

// Main runs a test package with one database server for all its tests.
// Use it from TestMain: func TestMain(m *testing.M) { dbtest.Main(m) }.
func Main(m *testing.M) {
	code := m.Run()
	server.close()
	os.Exit(code)
}

// shared is the package's one server, started by the first test that needs it.
type shared struct {
	once sync.Once
	db   *database.DB
	dir  string
	err  error
}

var server shared // one per test binary: tests share the server, not databases

func (s *shared) get() (*database.DB, error) {
	s.once.Do(func() {
		s.dir, s.err = os.MkdirTemp("", "gridline-dbtest-")
		if s.err != nil {
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
		defer cancel()
		log := slog.New(slog.NewTextHandler(io.Discard, nil))
		s.db, s.err = database.Open(ctx, database.Options{
			URI: os.Getenv("MONGODB_URI"), DataDir: s.dir, Name: "unused",
		}, log)
	})
	return s.db, s.err
}

func (s *shared) close() {
	if s.db != nil {
		_ = s.db.Close(context.Background())
	}
	if s.dir != "" {
		os.RemoveAll(s.dir)
	}
}

// New returns a fresh, empty database for one test, dropped at its end, and
// whether it lives on the embedded server.
func New(t testing.TB) (*mongo.Database, bool) {
	t.Helper()
	db, err := server.get()
	if err != nil {
		t.Fatalf("start test database: %v", err)
	}
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	name := fmt.Sprintf("t_%s", hex.EncodeToString(b))
	d := db.Client.Database(name)
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if err := d.Drop(ctx); err != nil {
			t.Errorf("drop test database %s: %v", name, err)
		}
	})
	return d, db.Embedded
}
