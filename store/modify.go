package store

import (
	"context"
	"errors"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
)

// blobDoc is a document whose content is one binary value, changed by
// read-modify-write: a month's tally, a community's published results. The
// embedded engine decodes a nested field at some microseconds each; one
// binary value of thousands of counts costs it next to nothing.
type blobDoc struct {
	ID      string `bson:"_id"`
	Version int64  `bson:"v"`
	Data    []byte `bson:"b"`
}

// maxModifyTries bounds the compare-and-set retries of one modify when other
// instances keep changing the same document.
const maxModifyTries = 20

// modify reads the blob coll/id (nil when absent), lets change return its
// new content, and stores it. With a single writer it holds the store's lock
// and writes by _id; otherwise it writes only if the version is unchanged,
// and tries again with the fresh document when it is not.
func (s *Store) modify(ctx context.Context, coll, id string, change func(old []byte) ([]byte, error)) error {
	if s.opts.SingleWriter {
		s.mu.Lock()
		defer s.mu.Unlock()
	}
	c := s.db.Collection(coll)
	for range maxModifyTries {
		d, exists, err := s.findBlob(ctx, coll, id)
		if err != nil {
			return err
		}
		data, err := change(d.Data)
		if err != nil {
			return fmt.Errorf("change %s %s: %w", coll, id, err)
		}
		next := blobDoc{ID: id, Version: d.Version + 1, Data: data}
		switch {
		case !exists:
			_, err = c.InsertOne(ctx, next)
			if mongo.IsDuplicateKeyError(err) {
				continue // another instance made it first
			}
		case s.opts.SingleWriter:
			_, err = c.ReplaceOne(ctx, bson.M{"_id": id}, next)
		default:
			var res *mongo.UpdateResult
			res, err = c.ReplaceOne(ctx, bson.M{"_id": id, "v": d.Version}, next)
			if err == nil && res.MatchedCount == 0 {
				continue // changed meanwhile: read it again
			}
		}
		if err != nil {
			s.memo.doubt(coll + "/" + id)
			return fmt.Errorf("write %s %s: %w", coll, id, err)
		}
		s.memo.setBlob(coll+"/"+id, blobEntry{data: next.Data, version: next.Version, exists: true})
		return nil
	}
	return fmt.Errorf("write %s %s: %w", coll, id, ErrConflict)
}

// findBlob reads a blob document from the memo or the database.
func (s *Store) findBlob(ctx context.Context, coll, id string) (blobDoc, bool, error) {
	if e, ok := s.memo.blob(coll + "/" + id); ok {
		return blobDoc{ID: id, Version: e.version, Data: e.data}, e.exists, nil
	}
	var d blobDoc
	err := s.db.Collection(coll).FindOne(ctx, bson.M{"_id": id}).Decode(&d)
	if err != nil && !errors.Is(err, mongo.ErrNoDocuments) {
		return d, false, fmt.Errorf("read %s %s: %w", coll, id, err)
	}
	exists := err == nil
	s.memo.setBlob(coll+"/"+id, blobEntry{data: d.Data, version: d.Version, exists: exists})
	return d, exists, nil
}

// readBlob reads the blob coll/id; ErrNotFound when absent.
func (s *Store) readBlob(ctx context.Context, coll, id string) ([]byte, error) {
	d, exists, err := s.findBlob(ctx, coll, id)
	if err != nil {
		return nil, err
	}
	if !exists {
		return nil, fmt.Errorf("read %s %s: %w", coll, id, ErrNotFound)
	}
	return d.Data, nil
}
