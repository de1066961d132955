package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"gridline/report"
)

// A pending change is a report whose work queue, buckets and tallies may
// not be up to date with it: it is recorded before the report is written
// and removed once everything beside it is, so a crash anywhere in between
// is finished later by Recover. It keeps the report as it was before.
type pendingDoc struct {
	ID  string    `bson:"_id"`
	Old []byte    `bson:"old,omitempty"` // BSON of the report before; empty for a new one
	At  time.Time `bson:"at"`
}

// markPending records a change to report id. A change still pending keeps
// the older "before": that is what the tallies hold.
func (s *Store) markPending(ctx context.Context, id string, old *report.Report) error {
	set := bson.M{"at": s.Now()}
	if old != nil {
		raw, err := bson.Marshal(old)
		if err != nil {
			return fmt.Errorf("pending change: %w", err)
		}
		set["old"] = raw
	}
	_, err := s.db.Collection("pending").UpdateOne(ctx, bson.M{"_id": id}, bson.M{"$setOnInsert": set}, options.UpdateOne().SetUpsert(true))
	if err != nil {
		return fmt.Errorf("pending change: %w", err)
	}
	return nil
}

// settle brings everything beside one recorded change up to date and
// clears its pending record; on failure the record stays for Recover.
func (s *Store) settle(ctx context.Context, old *report.Report, next report.Report) error {
	if err := s.derive(ctx, old, next); err != nil {
		return err
	}
	if _, err := s.db.Collection("pending").DeleteOne(ctx, bson.M{"_id": next.ID}); err != nil {
		return fmt.Errorf("pending change: %w", err)
	}
	return nil
}

// clearPending drops the record of a change that was not written, as far
// as the database answers; a record left behind only makes Recover derive
// a report again.
func (s *Store) clearPending(ctx context.Context, id string) {
	_, _ = s.db.Collection("pending").DeleteOne(ctx, bson.M{"_id": id})
}

// Recover finishes the changes a crash or an error cut short, recorded at
// least age ago (0 at start, when nothing is in flight), and returns how
// many it finished. The pending collection is empty but for those.
func (s *Store) Recover(ctx context.Context, age time.Duration) (int, error) {
	cur, err := s.db.Collection("pending").Find(ctx, bson.M{})
	if err != nil {
		return 0, fmt.Errorf("read pending changes: %w", err)
	}
	var docs []pendingDoc
	if err := cur.All(ctx, &docs); err != nil {
		return 0, fmt.Errorf("read pending changes: %w", err)
	}
	n := 0
	for _, d := range docs {
		if s.Now().Sub(d.At) < age {
			continue
		}
		if err := s.recoverOne(ctx, d); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

// recoverPending finishes a change to report id left pending for longer
// than a request settles one (a change in flight settles itself), so the
// next change starts from derived data that matches the report.
func (s *Store) recoverPending(ctx context.Context, id string) error {
	var d pendingDoc
	err := s.db.Collection("pending").FindOne(ctx, bson.M{"_id": id}).Decode(&d)
	if errors.Is(notFound(err), ErrNotFound) || err == nil && s.Now().Sub(d.At) < inFlight {
		return nil
	}
	if err != nil {
		return fmt.Errorf("read pending change: %w", err)
	}
	return s.recoverOne(ctx, d)
}

// inFlight is how long a pending change may belong to a request still
// settling it; Recover leaves younger ones alone too.
const inFlight = time.Minute

func (s *Store) recoverOne(ctx context.Context, d pendingDoc) error {
	var old *report.Report
	if len(d.Old) > 0 {
		old = &report.Report{}
		if err := bson.Unmarshal(d.Old, old); err != nil {
			return fmt.Errorf("pending change %s: %w", d.ID, err)
		}
	}
	current, err := s.Report(ctx, report.Tracking(d.ID))
	if errors.Is(err, ErrNotFound) && old == nil {
		// A new report whose insert failed after its record: nothing to do.
		_, err = s.db.Collection("pending").DeleteOne(ctx, bson.M{"_id": d.ID})
		return err
	}
	if err != nil {
		return err
	}
	if err := s.derive(ctx, old, current); err != nil {
		return err
	}
	_, err = s.db.Collection("pending").DeleteOne(ctx, bson.M{"_id": d.ID})
	return err
}
