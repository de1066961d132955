package store

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"gridline/report"
	"gridline/stats"
)

// derive brings everything kept beside the reports up to date with one
// change (old is nil for a new report): the work queue, the day bucket, the
// tallies, the published results and the photo references. Each part is
// written by _id and is idempotent but the tallies; `gridline rebuild` makes
// them all again from the reports should a crash come between.
func (s *Store) derive(ctx context.Context, old *report.Report, next report.Report) error {
	var errs []error
	if err := s.queue(ctx, next); err != nil {
		errs = append(errs, err)
	}
	if err := s.file(ctx, next); err != nil {
		errs = append(errs, err)
	}
	if err := s.recount(ctx, old, next); err != nil {
		errs = append(errs, err)
	}
	var oldMark *stats.Mark
	if old != nil {
		m := stats.MarkOf(*old, s.opts.Zone)
		oldMark = &m
	}
	if err := s.retally(ctx, oldMark, stats.MarkOf(next, s.opts.Zone)); err != nil {
		errs = append(errs, err)
	}
	if old != nil && old.Published || next.Published {
		if err := s.republish(ctx, next); err != nil {
			errs = append(errs, err)
		}
	}
	if err := s.referPhotos(ctx, old, next); err != nil {
		errs = append(errs, err)
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("report %s stored, but not everything beside it: %w", next.ID, err)
	}
	return nil
}

// Open reports whether a report is still work in hand: not closed or
// rejected. Resolved reports awaiting a rating are, for the auto-close job.
func Open(r report.Report) bool { return !r.Status.Final() }

// queue keeps the work queue: a copy of each open report, removed when it
// closes.
func (s *Store) queue(ctx context.Context, r report.Report) error {
	work := s.db.Collection("work")
	var err error
	if Open(r) {
		_, err = work.ReplaceOne(ctx, bson.M{"_id": r.ID}, r, options.Replace().SetUpsert(true))
	} else {
		_, err = work.DeleteOne(ctx, bson.M{"_id": r.ID})
	}
	if err != nil {
		return fmt.Errorf("work queue: %w", err)
	}
	return nil
}

// photoRef says which report a photo belongs to, for the orphan clean-up.
type photoRef struct {
	Photo  string `bson:"_id"`
	Report string `bson:"report"`
}

// referPhotos records the photos next has that old had not.
func (s *Store) referPhotos(ctx context.Context, old *report.Report, next report.Report) error {
	had := map[string]bool{}
	if old != nil {
		for _, id := range slices.Concat(old.Photos, old.AfterPhotos) {
			had[id] = true
		}
	}
	refs := s.db.Collection("photo_refs")
	for _, id := range slices.Concat(next.Photos, next.AfterPhotos) {
		if had[id] {
			continue
		}
		_, err := refs.ReplaceOne(ctx, bson.M{"_id": id}, photoRef{Photo: id, Report: next.ID}, options.Replace().SetUpsert(true))
		if err != nil {
			return fmt.Errorf("photo reference: %w", err)
		}
	}
	return nil
}

// PhotoUsed reports whether any report refers to the photo.
func (s *Store) PhotoUsed(ctx context.Context, id string) (bool, error) {
	err := s.db.Collection("photo_refs").FindOne(ctx, bson.M{"_id": id}).Err()
	if err == nil {
		return true, nil
	}
	if err = notFound(err); errors.Is(err, ErrNotFound) {
		return false, nil
	}
	return false, fmt.Errorf("photo reference %s: %w", id, err)
}
