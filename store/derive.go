package store

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"gridline/report"
)

// derive brings everything kept beside the reports up to date with one
// change (old is nil for a new report): the work queue, the day bucket, the
// photo references, the published results, the re-checks owed, the
// webhook outbox, the tallies and the status counts. Every part but the
// status counts can be done twice with the same
// result (the tallies remember the version they count); the counts come
// last, so only a crash between them and clearing the pending record (see
// settle) can count a change twice there. `gridline rebuild` makes
// everything again from the reports.
func (s *Store) derive(ctx context.Context, old *report.Report, next report.Report) error {
	steps := []func() error{
		func() error { return s.queue(ctx, next) },
		func() error { return s.file(ctx, next, old == nil) },
		func() error { return s.referPhotos(ctx, old, next) },
		func() error {
			if old != nil && old.Published || next.Published {
				return s.republish(ctx, next)
			}
			return nil
		},
		func() error { return s.keepRecheck(ctx, old, next) },
		func() error { return s.keepOutbox(ctx, old, next) }, // webhook events (outbox.go)
		func() error { return s.retally(ctx, old, next) },
		func() error { return s.recount(ctx, old, next) },
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return fmt.Errorf("report %s stored, but not everything beside it: %w", next.ID, err)
		}
	}
	return nil
}

// workDoc is one report of the work queue, kept as one binary BSON value:
// the queue is read whole on every staff page, and the embedded engine
// decodes a binary value at almost no cost, a report's fields at ~90 µs.
type workDoc struct {
	ID     string `bson:"_id"`
	Report []byte `bson:"b"`
}

func newWorkDoc(r report.Report) (workDoc, error) {
	raw, err := bson.Marshal(r)
	return workDoc{ID: r.ID, Report: raw}, err
}

// queue keeps the work queue: a copy of each open report (see
// report.Status.Open), removed when it closes.
func (s *Store) queue(ctx context.Context, r report.Report) error {
	work := s.db.Collection("work")
	var err error
	open := r.Status.Open()
	if open {
		var d workDoc
		if d, err = newWorkDoc(r); err == nil {
			_, err = work.ReplaceOne(ctx, bson.M{"_id": r.ID}, d, options.Replace().SetUpsert(true))
		}
	} else {
		_, err = work.DeleteOne(ctx, bson.M{"_id": r.ID})
	}
	if err != nil {
		s.memo.doubtWork()
		return fmt.Errorf("work queue: %w", err)
	}
	s.memo.queued(r, open)
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
		for _, id := range reportPhotos(*old) {
			had[id] = true
		}
	}
	refs := s.db.Collection("photo_refs")
	for _, id := range reportPhotos(next) {
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

// reportPhotos lists every photo a report refers to: the resident's, the
// after-photos, those only its timeline holds (a re-check's) and those of
// residents who joined it, so that the orphan clean-up removes none of
// them. A resolve step's photos are the after-photos already.
func reportPhotos(r report.Report) []string {
	out := slices.Concat(r.Photos, r.AfterPhotos)
	for _, e := range r.Timeline {
		if e.Action != report.Resolve {
			out = append(out, e.Photos...)
		}
	}
	for _, j := range r.Joiners {
		out = append(out, j.Photos...)
	}
	return out
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
