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
	var work, subs, refs []any
	days := map[string]bson.M{}
	lists := map[string][]string{}
	type counted struct {
		id      string
		version int32
		mark    stats.Mark
	}
	months := map[string][]counted{}
	published := map[string][]report.Report{}
	for _, r := range rs {
		if Open(r) {
			d, err := newWorkDoc(r)
			if err != nil {
				return fmt.Errorf("absorb %s: %w", r.ID, err)
			}
			work = append(work, d)
		}
		if r.SubmitToken != "" {
			subs = append(subs, submission{Token: r.SubmitToken, Report: r.ID})
		}
		for _, id := range slices.Concat(r.Photos, r.AfterPhotos) {
			refs = append(refs, photoRef{Photo: id, Report: r.ID})
		}
		raw, err := bson.Marshal(r)
		if err != nil {
			return fmt.Errorf("absorb %s: %w", r.ID, err)
		}
		day := bucketKey(s.dayKey(r.CreatedAt), r.Community)
		lists[s.dayKey(r.CreatedAt)] = append(lists[s.dayKey(r.CreatedAt)], r.Community)
		if days[day] == nil {
			days[day] = bson.M{}
		}
		days[day]["r."+r.ID] = bson.Binary{Data: raw}
		mk := stats.MarkOf(r, s.opts.Zone)
		for _, key := range mk.Months() {
			months[key] = append(months[key], counted{r.ID, int32(r.Version), mk})
		}
		if r.Published {
			published[r.Community] = append(published[r.Community], r)
		}
	}
	for coll, docs := range map[string][]any{"work": work, "submissions": subs, "photo_refs": refs} {
		if err := insertNew(ctx, s.db.Collection(coll), docs); err != nil {
			return fmt.Errorf("absorb into %s: %w", coll, err)
		}
	}
	for day, set := range days {
		_, err := s.db.Collection("report_days").UpdateOne(ctx, bson.M{"_id": day}, bson.M{"$set": set}, options.UpdateOne().SetUpsert(true))
		if err != nil {
			return fmt.Errorf("absorb into day %s: %w", day, err)
		}
	}
	for day, codes := range lists {
		slices.Sort(codes)
		_, err := s.db.Collection("report_days").UpdateOne(ctx, bson.M{"_id": day},
			bson.M{"$addToSet": bson.M{"c": bson.M{"$each": slices.Compact(codes)}}}, options.UpdateOne().SetUpsert(true))
		if err != nil {
			return fmt.Errorf("absorb into day list %s: %w", day, err)
		}
	}
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
	if err := s.countAll(ctx, rs); err != nil {
		return err
	}
	for _, list := range published {
		for _, r := range list {
			if err := s.republish(ctx, r); err != nil {
				return err
			}
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
