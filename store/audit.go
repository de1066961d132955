package store

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"gridline/auth"
)

// The log is numbered by a counter and kept in buckets of auditBucket
// entries (MongoDB's bucket pattern): a page of the newest entries is a few
// look-ups by _id, however long the log.
const auditBucket = 100

type auditDoc struct {
	ID      string            `bson:"_id"`
	Entries []auth.AuditEntry `bson:"entries"`
}

// counter is a sequence kept in the counters collection.
type counter struct {
	ID string `bson:"_id"`
	N  int64  `bson:"n"`
}

func auditBucketID(n int64) string { return fmt.Sprintf("%012d", n/auditBucket) }

// Audit appends an entry to the audit log.
func (s *Store) Audit(ctx context.Context, e auth.AuditEntry) error {
	e.At = s.Now()
	n, err := s.next(ctx, "audit")
	if err != nil {
		return fmt.Errorf("write audit log: %w", err)
	}
	e.Seq = n
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

// AuditEntries lists one page of the log, newest first: the entries numbered
// last-skip down to last-skip-limit+1. Cutting pages by number lets it read
// just the one or two buckets that hold them, by _id, however far back the
// page is. A number drawn by a write that then failed leaves a gap, so a page
// may be short; no entry is shown on two pages or on none.
func (s *Store) AuditEntries(ctx context.Context, skip, limit int) ([]auth.AuditEntry, error) {
	last, err := s.current(ctx, "audit")
	if err != nil {
		return nil, fmt.Errorf("read audit log: %w", err)
	}
	top := last - int64(max(skip, 0))
	bottom := max(top-int64(limit)+1, 1)
	var out []auth.AuditEntry
	for b := top / auditBucket; top >= bottom && b >= bottom/auditBucket; b-- {
		var d auditDoc
		err := s.db.Collection("audit").FindOne(ctx, bson.M{"_id": auditBucketID(b * auditBucket)}).Decode(&d)
		if errors.Is(notFound(err), ErrNotFound) {
			continue // numbers drawn by writes that then failed
		}
		if err != nil {
			return nil, fmt.Errorf("read audit log: %w", err)
		}
		for _, e := range numbered(d.Entries, b) {
			if bottom <= e.Seq && e.Seq <= top {
				out = append(out, e)
			}
		}
	}
	return out, nil
}

// numbered returns bucket b's entries newest first, each with its number:
// the stored one, or for an entry written before numbers were stored, its
// place in the bucket (bucket 0 starts at 1, bucket b at b×auditBucket).
func numbered(entries []auth.AuditEntry, b int64) []auth.AuditEntry {
	first := b * auditBucket
	if b == 0 {
		first = 1
	}
	for i := range entries {
		if entries[i].Seq == 0 {
			entries[i].Seq = first + int64(i)
		}
	}
	slices.SortStableFunc(entries, func(x, y auth.AuditEntry) int { return cmp.Compare(y.Seq, x.Seq) })
	return entries
}
