package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// AuditEntry records one staff action: who, what, on what, when, from where.
type AuditEntry struct {
	At     time.Time `bson:"at"`
	Actor  string    `bson:"actor"`
	Action string    `bson:"action"` // login, login_failed, logout, report.accept, user.add …
	Target string    `bson:"target,omitempty"`
	IP     string    `bson:"ip,omitempty"`
	Detail string    `bson:"detail,omitempty"`
}

// The log is numbered by a counter and kept in buckets of auditBucket
// entries (MongoDB's bucket pattern): a page of the newest entries is a few
// look-ups by _id, however long the log.
const auditBucket = 100

type auditDoc struct {
	ID      string       `bson:"_id"`
	Entries []AuditEntry `bson:"entries"`
}

// counter is a sequence kept in the counters collection.
type counter struct {
	ID string `bson:"_id"`
	N  int64  `bson:"n"`
}

func auditBucketID(n int64) string { return fmt.Sprintf("%012d", n/auditBucket) }

// Audit appends an entry to the audit log.
func (s *Store) Audit(ctx context.Context, e AuditEntry) error {
	e.At = s.Now()
	n, err := s.next(ctx, "audit")
	if err != nil {
		return fmt.Errorf("write audit log: %w", err)
	}
	_, err = s.db.Collection("audit").UpdateOne(ctx, bson.M{"_id": auditBucketID(n)},
		bson.M{"$push": bson.M{"entries": e}}, options.UpdateOne().SetUpsert(true))
	if err != nil {
		return fmt.Errorf("write audit log: %w", err)
	}
	return nil
}

// next draws the next number of a sequence, starting at 1.
func (s *Store) next(ctx context.Context, name string) (int64, error) {
	var c counter
	err := s.db.Collection("counters").FindOneAndUpdate(ctx, bson.M{"_id": name}, bson.M{"$inc": bson.M{"n": int64(1)}},
		options.FindOneAndUpdate().SetUpsert(true).SetReturnDocument(options.After)).Decode(&c)
	return c.N, err
}

// current is the last number a sequence drew, 0 if none.
func (s *Store) current(ctx context.Context, name string) (int64, error) {
	var c counter
	err := s.db.Collection("counters").FindOne(ctx, bson.M{"_id": name}).Decode(&c)
	if errors.Is(notFound(err), ErrNotFound) {
		return 0, nil
	}
	return c.N, err
}

// AuditEntries lists the log, newest first, one page at a time.
func (s *Store) AuditEntries(ctx context.Context, skip, limit int) ([]AuditEntry, error) {
	last, err := s.current(ctx, "audit")
	if err != nil {
		return nil, fmt.Errorf("read audit log: %w", err)
	}
	var out []AuditEntry
	for b := last / auditBucket; b >= 0 && len(out) < skip+limit; b-- {
		var d auditDoc
		err := s.db.Collection("audit").FindOne(ctx, bson.M{"_id": auditBucketID(b * auditBucket)}).Decode(&d)
		if errors.Is(notFound(err), ErrNotFound) {
			continue // numbers drawn by writes that then failed
		}
		if err != nil {
			return nil, fmt.Errorf("read audit log: %w", err)
		}
		for i := len(d.Entries) - 1; i >= 0; i-- {
			out = append(out, d.Entries[i])
		}
	}
	skip = min(skip, len(out))
	return out[skip:min(skip+limit, len(out))], nil
}
