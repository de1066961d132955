package store

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"gridline/report"
	"gridline/stats"
)

// absorb adds stored reports to everything kept beside them, in bulk: what
// derive does for one change, for a batch of reports that are new to it
// (an upgrade, a rebuild, an import). Each document is written once per
// batch, so thousands of reports cost a few dozen writes.
func (s *Store) absorb(ctx context.Context, rs []report.Report) error {
	defer s.memo.forget() // it writes the work queue in bulk, past the memo
	a, err := s.gather(rs)
	if err != nil {
		return err
	}
	if err := a.insert(ctx, s.db); err != nil {
		return err
	}
	if err := a.writeDays(ctx, s.db); err != nil {
		return err
	}
	if err := s.addMarks(ctx, a.months); err != nil {
		return err
	}
	if err := s.countAll(ctx, rs); err != nil {
		return err
	}
	for _, r := range a.published {
		if err := s.republish(ctx, r); err != nil {
			return err
		}
	}
	return nil
}

// absorbed is what a batch of reports adds beside them, gathered first so
// that each document is written once.
type absorbed struct {
	work, subs, refs []any               // new documents of the work queue, submissions, photo references
	rechecks         []any               // … and of the re-checks owed
	days             map[string]bson.M   // day bucket → the reports' fields to set in it
	lists            map[string][]string // day → communities with reports that day
	months           map[string][]counted
	published        []report.Report // flagged published: republish decides whether they show
}

// counted is one report's mark for a month's tally, at its version.
type counted struct {
	id      string
	version int32
	mark    stats.Mark
}

// gather reads what each report adds beside it.
func (s *Store) gather(rs []report.Report) (absorbed, error) {
	a := absorbed{days: map[string]bson.M{}, lists: map[string][]string{}, months: map[string][]counted{}}
	for _, r := range rs {
		if err := s.gatherOne(&a, r); err != nil {
			return a, fmt.Errorf("absorb %s: %w", r.ID, err)
		}
	}
	return a, nil
}

// gatherOne adds what one report adds beside it to a.
func (s *Store) gatherOne(a *absorbed, r report.Report) error {
	if r.Status.Open() {
		d, err := newWorkDoc(r)
		if err != nil {
			return err
		}
		a.work = append(a.work, d)
	}
	if r.SubmitToken != "" {
		a.subs = append(a.subs, submission{Token: r.SubmitToken, Report: r.ID})
	}
	for _, id := range reportPhotos(r) {
		a.refs = append(a.refs, photoRef{Photo: id, Report: r.ID})
	}
	if !r.RecheckDue.IsZero() {
		d, err := newRecheckDoc(r)
		if err != nil {
			return err
		}
		a.rechecks = append(a.rechecks, d)
	}
	raw, err := bson.Marshal(r)
	if err != nil {
		return err
	}
	dayKey := s.dayKey(r.CreatedAt)
	day := bucketKey(dayKey, r.Community)
	a.lists[dayKey] = append(a.lists[dayKey], r.Community)
	if a.days[day] == nil {
		a.days[day] = bson.M{}
	}
	a.days[day]["r."+r.ID] = bson.Binary{Data: raw}
	mk := stats.MarkOf(r, s.opts.Zone)
	for _, key := range mk.Months() {
		a.months[key] = append(a.months[key], counted{r.ID, int32(r.Version), mk})
	}
	if r.Published {
		a.published = append(a.published, r)
	}
	return nil
}

// insert adds the new documents of the work queue, the submissions, the
// photo references and the re-checks owed, leaving those already there.
func (a absorbed) insert(ctx context.Context, db *mongo.Database) error {
	docs := map[string][]any{"work": a.work, "submissions": a.subs, "photo_refs": a.refs, "rechecks": a.rechecks}
	for coll, docs := range docs {
		if err := insertNew(ctx, db.Collection(coll), docs); err != nil {
			return fmt.Errorf("absorb into %s: %w", coll, err)
		}
	}
	return nil
}

// writeDays sets the reports into their day buckets and adds their
// communities to each day's list.
func (a absorbed) writeDays(ctx context.Context, db *mongo.Database) error {
	days := db.Collection("report_days")
	for day, set := range a.days {
		_, err := days.UpdateOne(ctx, bson.M{"_id": day}, bson.M{"$set": set}, options.UpdateOne().SetUpsert(true))
		if err != nil {
			return fmt.Errorf("absorb into day %s: %w", day, err)
		}
	}
	for day, codes := range a.lists {
		slices.Sort(codes)
		_, err := days.UpdateOne(ctx, bson.M{"_id": day},
			bson.M{"$addToSet": bson.M{"c": bson.M{"$each": slices.Compact(codes)}}}, options.UpdateOne().SetUpsert(true))
		if err != nil {
			return fmt.Errorf("absorb into day list %s: %w", day, err)
		}
	}
	return nil
}

// addMarks puts the reports' marks into each month's tally, one write a month.
func (s *Store) addMarks(ctx context.Context, months map[string][]counted) error {
	for key, marks := range months {
		err := s.modify(ctx, "tallies", key, func(b []byte) ([]byte, error) {
			m, err := decodeMonth(key, b)
			if err != nil {
				return nil, err
			}
			for _, c := range marks {
				m.Replace(c.id, c.version, nil, c.mark)
			}
			return m.MarshalBinary()
		})
		if err != nil {
			return fmt.Errorf("absorb into tally %s: %w", key, err)
		}
	}
	return nil
}

// countAll adds reports to the status counts in one write.
func (s *Store) countAll(ctx context.Context, rs []report.Report) error {
	err := s.modify(ctx, "status_counts", "status", func(b []byte) ([]byte, error) {
		var c statusCounts
		if len(b) > 0 {
			if err := bson.Unmarshal(b, &c); err != nil {
				return nil, err
			}
		}
		for _, r := range rs {
			c.add(keyOf(r), 1)
		}
		return bson.Marshal(c)
	})
	if err != nil {
		return fmt.Errorf("absorb into status counts: %w", err)
	}
	return nil
}

// insertNew inserts docs in batches, skipping those whose _id exists.
func insertNew(ctx context.Context, c *mongo.Collection, docs []any) error {
	for len(docs) > 0 {
		n := min(len(docs), 1000)
		_, err := c.InsertMany(ctx, docs[:n], options.InsertMany().SetOrdered(false))
		if err != nil && !onlyDuplicates(err) {
			return err
		}
		docs = docs[n:]
	}
	return nil
}

// onlyDuplicates reports whether a bulk insert failed only on existing _ids.
func onlyDuplicates(err error) bool {
	var bwe mongo.BulkWriteException
	if !errors.As(err, &bwe) || bwe.WriteConcernError != nil {
		return false
	}
	for _, we := range bwe.WriteErrors {
		if !mongo.IsDuplicateKeyError(we) {
			return false
		}
	}
	return true
}

// ImportReports stores reports made elsewhere (gridline seed) and adds them
// to everything kept beside them. Their IDs and tokens must be new.
func (s *Store) ImportReports(ctx context.Context, rs []report.Report) error {
	docs := make([]any, len(rs))
	for i, r := range rs {
		docs[i] = r
	}
	for len(docs) > 0 {
		n := min(len(docs), 1000)
		if _, err := s.db.Collection("reports").InsertMany(ctx, docs[:n]); err != nil {
			return fmt.Errorf("import reports: %w", err)
		}
		docs = docs[n:]
	}
	return s.absorb(ctx, rs)
}
