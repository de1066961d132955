// Package store keeps Gridline's data in MongoDB: one type, one file per entity.
//
// It uses only what the embedded server supports too (see DESIGN.md): finds,
// inserts, updates filtered on _id, and plain indexes. Errors wrap the driver's
// with %w; a missing document is ErrNotFound.
package store

import (
	"context"
	"errors"
	"fmt"
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
	db  *mongo.Database
	now func() time.Time
}

// New returns a store on db; now is the clock (time.Now outside tests).
func New(db *mongo.Database, now func() time.Time) *Store {
	return &Store{db: db, now: now}
}

// Now is the store's clock, so handlers stamp times the same way.
func (s *Store) Now() time.Time { return s.now().UTC().Truncate(time.Millisecond) }

// EnsureIndexes creates the indexes Gridline needs; it is safe to run at every start.
func (s *Store) EnsureIndexes(ctx context.Context) error {
	indexes := map[string][]mongo.IndexModel{
		"communities": {
			{Keys: bson.D{{Key: "street", Value: 1}, {Key: "name", Value: 1}}},
		},
		"reports": {
			{Keys: bson.D{{Key: "submit_token", Value: 1}}, Options: options.Index().SetUnique(true)},
			{Keys: bson.D{{Key: "community", Value: 1}, {Key: "created_at", Value: -1}}},
			{Keys: bson.D{{Key: "status", Value: 1}}},
		},
		"scans": {
			{Keys: bson.D{{Key: "community", Value: 1}, {Key: "day", Value: 1}}},
		},
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
	return nil
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
