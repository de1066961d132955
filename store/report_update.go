package store

import (
	"context"
	"errors"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"gridline/report"
)

// ErrConflict is returned when a report changed since it was read: somebody
// else acted first.
var ErrConflict = errors.New("store: report changed meanwhile")

// UpdateReport stores next only if the stored report is still at version
// prev — a compare-and-set, so of two staff acting at once exactly one wins —
// and then brings the work queue, tallies and buckets up to date.
func (s *Store) UpdateReport(ctx context.Context, prev int, next report.Report) error {
	if err := s.recoverPending(ctx, next.ID); err != nil {
		return fmt.Errorf("update report %s: %w", next.ID, err)
	}
	old, err := s.swapReport(ctx, prev, next)
	if err != nil {
		return fmt.Errorf("update report %s: %w", next.ID, err)
	}
	return s.settle(ctx, &old, next)
}

// swapReport replaces the report at version prev by next and returns what it
// replaced. With a single writer the check and the write happen under the
// store's lock, each by _id; otherwise MongoDB does both in one
// findAndModify on {_id, version}.
func (s *Store) swapReport(ctx context.Context, prev int, next report.Report) (report.Report, error) {
	reports := s.db.Collection("reports")
	var old report.Report
	if !s.opts.SingleWriter {
		err := reports.FindOneAndReplace(ctx, bson.M{"_id": next.ID, "version": prev}, next,
			options.FindOneAndReplace().SetReturnDocument(options.Before)).Decode(&old)
		if errors.Is(err, mongo.ErrNoDocuments) {
			return old, ErrConflict
		}
		return old, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := reports.FindOne(ctx, bson.M{"_id": next.ID}).Decode(&old); err != nil {
		if errors.Is(err, mongo.ErrNoDocuments) {
			return old, ErrConflict
		}
		return old, err
	}
	if old.Version != prev {
		return old, ErrConflict
	}
	_, err := reports.ReplaceOne(ctx, bson.M{"_id": next.ID}, next)
	return old, err
}
