// Package store keeps Gridline's data in MongoDB: one type, one file per entity.
//
// It uses only what the embedded server supports too (see docs/ARCHITECTURE.md, Databases), and
// every request costs the work in hand, not the history, on both engines:
//
//   - reports, submission tokens, communities, users and sessions are read
//     by _id, the one filter the embedded engine does not answer by reading
//     the whole collection;
//   - open reports are copied into a work queue (work): staff lists, overdue
//     marks and the auto-close job read that, a few hundred documents;
//   - closed reports whose re-check (回头看) is owed are copied into
//     rechecks, which the task lists read (recheck.go);
//   - figures come from month tallies (tallies) that every change to a report
//     keeps up to date (MongoDB's computed pattern);
//   - a period's reports are read from day buckets (report_days), and the
//     audit log from numbered buckets of a hundred entries (bucket pattern).
//
// Errors wrap the driver's with %w; a missing document is ErrNotFound.
package store

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// Errors callers act on.
var (
	ErrNotFound  = errors.New("store: not found")
	ErrDuplicate = errors.New("store: already exists")
)

// Store is the MongoDB storage of Gridline.
type Store struct {
	db   *mongo.Database
	now  func() time.Time
	opts Options
	// mu serialises read-modify-write cycles when this process is the only
	// writer; otherwise each cycle is a compare-and-set on a version.
	mu sync.Mutex
	// memo remembers what this process wrote when it is the only writer;
	// nil otherwise (see memo.go).
	memo *memo
	// feed hands this process's webhook sender the deliveries added (see
	// outbox.go).
	feed *outboxFeed
}

// Options say how the store may use its database.
type Options struct {
	// Zone is the time zone days are counted in (tallies, day buckets).
	Zone *time.Location
	// SingleWriter says this process is the database's only writer (the
	// embedded engine, whose updates are query-then-write): changes are then
	// made under a lock in this process and written by _id alone, since a
	// filter of {_id, version} would read the whole collection there. Without
	// it every change is a compare-and-set on {_id, version}, as MongoDB needs
	// for several instances of Gridline.
	SingleWriter bool
	// IndexIDs gives the embedded engine's tables the index its _id look-ups
	// need (see database.DB.IndexIDs); nil elsewhere.
	IndexIDs func(ctx context.Context) error
	// BaseURL starts the links in webhook payloads (photos), as
	// config.Config.BaseURL; empty leaves them relative.
	BaseURL string
}

// New returns a store on db; now is the clock (time.Now outside tests). A nil
// Zone counts days in UTC.
func New(db *mongo.Database, now func() time.Time, o Options) *Store {
	if o.Zone == nil {
		o.Zone = time.UTC
	}
	s := &Store{db: db, now: now, opts: o, feed: newOutboxFeed()}
	if o.SingleWriter {
		s.memo = newMemo()
	}
	return s
}

// Now is the store's clock, so handlers stamp times the same way.
func (s *Store) Now() time.Time { return s.now().UTC().Truncate(time.Millisecond) }

// collections lists every collection the store uses. Each is created at
// start, so that the embedded engine's _id index exists before first use.
func collections() []string {
	return []string{
		"reports", "submissions", "work", "report_days", "tallies", "published", "photo_refs",
		"communities", "categories", "users", "sessions", "login_failures",
		"audit", "counters", "meta", "status_counts", "pending", "rechecks",
		"webhooks", "outbox", "outbox_failed",
		"apikeys", "photo_meta",
	}
}

// EnsureIndexes creates the collections and indexes Gridline needs; it is
// safe to run at every start. Every query the store makes is by _id except
// the two small ones indexed here (see the README's list).
func (s *Store) EnsureIndexes(ctx context.Context) error {
	have, err := s.db.ListCollectionNames(ctx, bson.M{})
	if err != nil {
		return fmt.Errorf("list collections: %w", err)
	}
	for _, name := range collections() {
		if slices.Contains(have, name) {
			continue
		}
		if err := s.db.CreateCollection(ctx, name); err != nil && !isNamespaceExists(err) {
			return fmt.Errorf("create collection %s: %w", name, err)
		}
	}
	indexes := map[string][]mongo.IndexModel{
		// The one unique guard a token cannot bypass; inserts check it cheaply.
		"reports": {{Keys: bson.D{{Key: "submit_token", Value: 1}}, Options: options.Index().SetUnique(true)}},
		// DeleteExpired's filters, on small collections.
		"sessions":       {{Keys: bson.D{{Key: "expires_at", Value: 1}}}},
		"login_failures": {{Keys: bson.D{{Key: "last", Value: 1}}}},
	}
	for coll, models := range indexes {
		// One index per call: the embedded server (FerretDB 1.24) panics when
		// one createIndexes call names several indexes that already exist.
		for _, m := range models {
			if _, err := s.db.Collection(coll).Indexes().CreateOne(ctx, m); err != nil {
				return fmt.Errorf("create %s indexes: %w", coll, err)
			}
		}
	}
	return s.IndexIDs(ctx)
}

// IndexIDs makes sure every collection's _id look-up is an index search on
// the embedded engine; the jobs call it again for collections made later.
func (s *Store) IndexIDs(ctx context.Context) error {
	if s.opts.IndexIDs == nil {
		return nil
	}
	return s.opts.IndexIDs(ctx)
}

// isNamespaceExists reports whether a create failed because the collection
// is there already (another process made it meanwhile).
func isNamespaceExists(err error) bool {
	var ce mongo.CommandError
	return errors.As(err, &ce) && ce.Code == 48
}

// Ping reports whether the database answers.
func (s *Store) Ping(ctx context.Context) error {
	return s.db.RunCommand(ctx, bson.D{{Key: "ping", Value: 1}}).Err()
}

// notFound maps the driver's "no documents" to ErrNotFound.
func notFound(err error) error {
	if errors.Is(err, mongo.ErrNoDocuments) {
		return ErrNotFound
	}
	return err
}

// changeTimeout bounds a change carried through after its caller went away.
const changeTimeout = 30 * time.Second

// carryThrough is the context a change of a report runs in once begun. Its
// steps (the pending record, the report, the documents derived from it) are
// not cut short by a caller that goes away, since half a change would wait
// minutes for Recover; a caller already gone starts nothing.
func carryThrough(ctx context.Context) (context.Context, context.CancelFunc, error) {
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), changeTimeout)
	return ctx, cancel, nil
}
