package store

import (
	"context"
	"errors"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"gridline/report"
)

// ErrConflict is returned when a report changed since it was read: somebody
// else acted first.
var ErrConflict = errors.New("store: report changed meanwhile")

// UpdateReport stores next only if the stored report is still at version
// prev — a compare-and-set, so of two staff acting at once exactly one wins —
// and then brings the work queue, tallies and buckets up to date.
func (s *Store) UpdateReport(ctx context.Context, prev int, next report.Report) error {
	ctx, cancel, err := carryThrough(ctx)
	if err != nil {
		return fmt.Errorf("update report %s: %w", next.ID, err)
	}
	defer cancel()
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
// replaced, recording the change as pending before writing it (see
// pending.go). With a single writer the check and the write happen under the
// store's lock, each by _id; otherwise MongoDB's findAndModify on
// {_id, version} decides, and a change that lost clears its record.
func (s *Store) swapReport(ctx context.Context, prev int, next report.Report) (report.Report, error) {
	reports := s.db.Collection("reports")
	if s.opts.SingleWriter {
		s.mu.Lock()
		defer s.mu.Unlock()
	}
	var old report.Report
	if err := reports.FindOne(ctx, bson.M{"_id": next.ID}).Decode(&old); err != nil {
		if errors.Is(err, mongo.ErrNoDocuments) {
			return old, ErrConflict
		}
		return old, err
	}
	if old.Version != prev {
		return old, ErrConflict
	}
	if err := s.markPending(ctx, next.ID, &old); err != nil {
		return old, err
	}
	if s.opts.SingleWriter {
		_, err := reports.ReplaceOne(ctx, bson.M{"_id": next.ID}, next)
		return old, err
	}
	err := reports.FindOneAndReplace(ctx, bson.M{"_id": next.ID, "version": prev}, next).Err()
	if errors.Is(err, mongo.ErrNoDocuments) {
		s.clearPending(ctx, next.ID) // the winner records and settles its own
		return old, ErrConflict
	}
	return old, err
}
