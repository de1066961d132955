package database_test

import (
	"bytes"
	"context"
	"database/sql"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	_ "modernc.org/sqlite"

	"gridline/database"
)

// pushdownSQL is the statement FerretDB runs for a find by _id
// (internal/backends/sqlite/query.go and collection.go, v1.24.2).
const pushdownSQL = `SELECT _ferretdb_sjson FROM %s WHERE _ferretdb_sjson->'$._id' = ?`

// TestIDIndexQueryPlan checks that after IndexIDs SQLite answers FerretDB's
// by-_id query with a SEARCH on Gridline's index in every collection's table,
// where before it scanned, and that finds by _id still return the right doc.
func TestIDIndexQueryPlan(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	dir := t.TempDir()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	db, err := database.Open(ctx, database.Options{DataDir: dir, Name: "plan"}, log)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close(ctx)
	if !db.SingleWriter {
		t.Error("the embedded engine must be marked SingleWriter")
	}
	file := filepath.Join(dir, "db", "plan.sqlite")

	if err := db.IndexIDs(ctx, "plan"); err != nil {
		t.Fatalf("before the file exists: %v", err)
	}
	if _, err := os.Stat(file); !os.IsNotExist(err) {
		t.Fatalf("IndexIDs must not create the database file (stat: %v)", err)
	}

	docs := map[string]any{ // collection → the _id of its one document
		"reports": bson.NewObjectID(),
		"work":    "R-7Q2X",
		"tallies": "2025-06|roads",
	}
	insert := func(coll string, id any) {
		t.Helper()
		if _, err := db.Database.Collection(coll).InsertOne(ctx, bson.M{"_id": id, "coll": coll}); err != nil {
			t.Fatal(err)
		}
	}
	for coll, id := range docs {
		insert(coll, id)
	}
	for _, table := range ferretTables(t, file) {
		if plan := queryPlan(t, file, table); !strings.Contains(plan, "SCAN") {
			t.Fatalf("before IndexIDs %s should scan (else this test proves nothing), plan: %s", table, plan)
		}
	}

	if err := db.IndexIDs(ctx, "plan"); err != nil {
		t.Fatal(err)
	}
	docs["late-work"] = "late-1" // a collection made after the first call
	insert("late-work", "late-1")
	for range 2 { // the second call finds nothing to do
		if err := db.IndexIDs(ctx, "plan"); err != nil {
			t.Fatal(err)
		}
	}

	expectIDSearches(t, file, len(docs))
	expectFoundByID(t, ctx, db, docs)
}

// expectIDSearches checks that the SQLite file holds want tables and that
// the by-_id query searches each on its pushdown index.
func expectIDSearches(t *testing.T, file string, want int) {
	t.Helper()
	tables := ferretTables(t, file)
	if len(tables) != want {
		t.Fatalf("want %d tables, FerretDB lists %v", want, tables)
	}
	for _, table := range tables {
		t.Run(table, func(t *testing.T) {
			plan := queryPlan(t, file, table)
			if !strings.Contains(plan, "SEARCH") || !strings.Contains(plan, table+"_id_pushdown") || strings.Contains(plan, "SCAN") {
				t.Errorf("want a SEARCH using %s_id_pushdown, plan: %s", table, plan)
			}
		})
	}
}

// expectFoundByID finds each collection's one document by its _id.
func expectFoundByID(t *testing.T, ctx context.Context, db *database.DB, docs map[string]any) {
	t.Helper()
	for coll, id := range docs {
		var got bson.M
		if err := db.Database.Collection(coll).FindOne(ctx, bson.M{"_id": id}).Decode(&got); err != nil {
			t.Fatalf("%s: find by _id after indexing: %v", coll, err)
		}
		if got["coll"] != coll || got["_id"] != id {
			t.Errorf("%s: find by _id %v returned %v", coll, id, got)
		}
	}
}

// TestURIFerretDB checks that a FerretDB reached through MONGODB_URI is
// recognised: one writer, a warning, and IndexIDs a no-op (no SQLite file here).
func TestURIFerretDB(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	dir := t.TempDir()
	owner, err := database.Open(ctx, database.Options{DataDir: dir, Name: "uri"}, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer owner.Close(ctx)
	uri, err := os.ReadFile(filepath.Join(dir, "db", "embedded.addr"))
	if err != nil {
		t.Fatal(err)
	}
	var logged bytes.Buffer
	db, err := database.Open(ctx, database.Options{URI: string(uri), Name: "uri"}, slog.New(slog.NewTextHandler(&logged, nil)))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close(ctx)
	if db.Embedded || !db.SingleWriter {
		t.Errorf("FerretDB at a URI: want Embedded false, SingleWriter true; got %v, %v", db.Embedded, db.SingleWriter)
	}
	if !strings.Contains(logged.String(), "level=WARN") || !strings.Contains(logged.String(), "FerretDB") {
		t.Errorf("want a warning about FerretDB, logged: %q", logged.String())
	}
	if _, err := db.Database.Collection("c").InsertOne(ctx, bson.M{"_id": "a"}); err != nil {
		t.Fatal(err)
	}
	if err := db.IndexIDs(ctx, "uri"); err != nil {
		t.Fatal(err)
	}
	for _, table := range ferretTables(t, filepath.Join(dir, "db", "uri.sqlite")) {
		if plan := queryPlan(t, filepath.Join(dir, "db", "uri.sqlite"), table); strings.Contains(plan, "_id_pushdown") {
			t.Errorf("IndexIDs through a URI must not touch the file, plan: %s", plan)
		}
	}
}

// openSQLite opens a FerretDB file beside the running server, as IndexIDs does.
func openSQLite(t testing.TB, file string) *sql.DB {
	t.Helper()
	conn, err := sql.Open("sqlite", "file:"+file+"?mode=rw&_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return conn
}

// ferretTables lists the tables FerretDB keeps the collections in.
func ferretTables(t testing.TB, file string) []string {
	t.Helper()
	rows, err := openSQLite(t, file).Query(`SELECT table_name FROM _ferretdb_collections ORDER BY table_name`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var tables []string
	for rows.Next() {
		var table string
		if err := rows.Scan(&table); err != nil {
			t.Fatal(err)
		}
		tables = append(tables, table)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return tables
}

// queryPlan returns the details of EXPLAIN QUERY PLAN for FerretDB's by-_id
// query on table, one line per step.
func queryPlan(t testing.TB, file, table string) string {
	t.Helper()
	quoted := `"` + strings.ReplaceAll(table, `"`, `""`) + `"`
	rows, err := openSQLite(t, file).Query("EXPLAIN QUERY PLAN "+strings.Replace(pushdownSQL, "%s", quoted, 1), `"x"`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, detail)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return strings.Join(plan, "; ")
}
