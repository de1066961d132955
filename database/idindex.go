// The embedded engine's by-_id look-up reads the whole table unless SQLite has
// an index on the very expression FerretDB queries with. IndexIDs adds it.
//
// FerretDB v1 (SQLite handler) narrows a filter that is exactly {_id: <string
// or ObjectID>} to `WHERE _ferretdb_sjson->'$._id' = ?`, but its own unique
// _id index is on `_ferretdb_sjson->"_id"`, a different expression, so the
// planner scans (FerretDB#4646, never fixed in v1; the version is pinned).

package database

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	_ "modernc.org/sqlite" // the SQLite driver FerretDB itself uses
)

// idPushdown is FerretDB's pushdown expression (metadata.IDColumn in
// internal/backends/sqlite): an index must match it character for character.
const idPushdown = `_ferretdb_sjson->'$._id'`

// idIndexSuffix names Gridline's index: "<table>_id_pushdown".
const idIndexSuffix = "_id_pushdown"

// dbNameRe is FerretDB's rule for database names, which are also file names.
var dbNameRe = regexp.MustCompile(`^[a-zA-Z0-9_-]{1,63}$`)

// IndexIDs makes every find, update or delete by _id in database name a
// SEARCH instead of a SCAN on the embedded engine, by indexing the expression
// FerretDB's pushdown uses in each collection's table. Call it at start-up
// after the collections exist, and again after creating new ones: it is
// idempotent and cheap when nothing is missing.
//
// It needs the SQLite file, so it works only where Gridline started or joined
// the embedded server (a process that joined one may run it: SQLite locks the
// file). It is a no-op for MongoDB, for a FerretDB reached through a URI, and
// before the database's file exists.
func (db *DB) IndexIDs(ctx context.Context, name string) error {
	if !db.Embedded || db.sqliteDir == "" {
		return nil
	}
	if !dbNameRe.MatchString(name) {
		return fmt.Errorf("index _id of %q: not a valid database name", name)
	}
	file := filepath.Join(db.sqliteDir, name+".sqlite")
	if _, err := os.Stat(file); errors.Is(err, os.ErrNotExist) {
		return nil
	} else if err != nil {
		return fmt.Errorf("index _id of %s: %w", name, err)
	}
	conn, err := openSQLite(file)
	if err != nil {
		return fmt.Errorf("index _id of %s: %w", name, err)
	}
	defer conn.Close()
	if err := indexTables(ctx, conn); err != nil {
		return fmt.Errorf("index _id of %s: %w", name, err)
	}
	return nil
}

// openSQLite opens an existing FerretDB file for a moment, never creating one,
// waiting like FerretDB does when the server holds the write lock.
func openSQLite(file string) (*sql.DB, error) {
	q := url.Values{}
	q.Set("mode", "rw")
	q.Add("_pragma", "busy_timeout(10000)")
	dsn := (&url.URL{Scheme: "file", Path: file, RawQuery: q.Encode()}).String()
	conn, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, err
	}
	conn.SetMaxOpenConns(1)
	return conn, nil
}

// indexTables creates the pushdown index on each FerretDB table lacking it.
func indexTables(ctx context.Context, conn *sql.DB) error {
	tables, err := ferretTables(ctx, conn)
	if err != nil {
		return err
	}
	have, err := sqliteIndexes(ctx, conn)
	if err != nil {
		return err
	}
	for _, table := range tables {
		index := table + idIndexSuffix
		if have[index] {
			continue
		}
		// FerretDB#4646: FerretDB queries by `_ferretdb_sjson->'$._id'` but
		// indexes `_ferretdb_sjson->"_id"`; SQLite only uses an index whose
		// expression is the query's, so without this one every look-up by
		// _id reads the whole table.
		q := fmt.Sprintf("CREATE INDEX IF NOT EXISTS %s ON %s ((%s))",
			quoteIdent(index), quoteIdent(table), idPushdown)
		if _, err := conn.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("create index on %s: %w", table, err)
		}
	}
	return nil
}

// ferretTables lists the tables behind the database's collections, from
// FerretDB's own registry (metadata/registry.go).
func ferretTables(ctx context.Context, conn *sql.DB) ([]string, error) {
	var n int
	err := conn.QueryRowContext(ctx,
		`SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '_ferretdb_collections'`).Scan(&n)
	if err != nil {
		return nil, err
	}
	if n == 0 {
		return nil, nil // a file FerretDB has only begun to create: no collections
	}
	rows, err := conn.QueryContext(ctx, `SELECT table_name FROM "_ferretdb_collections"`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var tables []string
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			return nil, err
		}
		tables = append(tables, t)
	}
	return tables, rows.Err()
}

// sqliteIndexes returns the names of the indexes in the file.
func sqliteIndexes(ctx context.Context, conn *sql.DB) (map[string]bool, error) {
	rows, err := conn.QueryContext(ctx, `SELECT name FROM sqlite_master WHERE type = 'index'`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	have := map[string]bool{}
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return nil, err
		}
		have[name] = true
	}
	return have, rows.Err()
}

// quoteIdent quotes an SQLite identifier; collection names may hold quotes.
func quoteIdent(s string) string {
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}
