package store

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"gridline/report"
	"gridline/stats"
)

// layout is the version of what the store keeps beside the reports. Data
// written by an older Gridline (before the work queue and the tallies) is
// upgraded at start.
const layout = 2

type metaDoc struct {
	ID     string `bson:"_id"`
	Layout int    `bson:"layout"`
}

// derived are the collections made from the reports, which Rebuild makes
// again. Scans live in the tallies and are carried over.
func derived() []string {
	return []string{"work", "submissions", "report_days", "tallies", "status_counts", "published", "photo_refs", "rechecks", "pending"}
}

// Upgrade makes everything kept beside the reports when the data was
// written by an older version, once, logging its progress. A database
// without reports is simply marked current. It is safe to run at every
// start, and an upgrade cut short starts over at the next.
func (s *Store) Upgrade(ctx context.Context, log *slog.Logger) error {
	var m metaDoc
	err := s.db.Collection("meta").FindOne(ctx, bson.M{"_id": "layout"}).Decode(&m)
	if err != nil && !errors.Is(notFound(err), ErrNotFound) {
		return fmt.Errorf("read layout: %w", err)
	}
	if m.Layout >= layout {
		return nil
	}
	log.Info("upgrading the data: building the work queue, tallies and buckets from the reports", "from_layout", m.Layout, "to_layout", layout)
	if err := s.Rebuild(ctx, log); err != nil {
		return fmt.Errorf("upgrade: %w", err)
	}
	return s.markCurrent(ctx)
}

func (s *Store) markCurrent(ctx context.Context) error {
	_, err := s.db.Collection("meta").ReplaceOne(ctx, bson.M{"_id": "layout"}, metaDoc{ID: "layout", Layout: layout},
		options.Replace().SetUpsert(true))
	if err != nil {
		return fmt.Errorf("write layout: %w", err)
	}
	return nil
}

// Rebuild drops what is kept beside the reports and makes it again from
// them, reading the whole collection once (the one job that may), in
// batches, logging progress. Poster scans are kept.
func (s *Store) Rebuild(ctx context.Context, log *slog.Logger) error {
	scans, err := s.allScans(ctx)
	if err != nil {
		return err
	}
	s.memo.forget()
	for _, name := range derived() {
		if err := s.db.Collection(name).Drop(ctx); err != nil {
			return fmt.Errorf("drop %s: %w", name, err)
		}
	}
	if err := s.EnsureIndexes(ctx); err != nil {
		return err
	}
	const batch = 5000
	var rs []report.Report
	done, start := 0, time.Now()
	err = s.EachReport(ctx, func(r report.Report) error {
		if rs = append(rs, r); len(rs) < batch {
			return nil
		}
		if err := s.absorb(ctx, rs); err != nil {
			return err
		}
		done += len(rs)
		rs = rs[:0]
		log.Info("rebuilding", "reports", done, "elapsed", time.Since(start).Round(time.Second).String())
		return nil
	})
	if err != nil {
		return err
	}
	if err := s.absorb(ctx, rs); err != nil {
		return err
	}
	if err := s.restoreScans(ctx, scans); err != nil {
		return err
	}
	log.Info("rebuilt", "reports", done+len(rs), "elapsed", time.Since(start).Round(time.Millisecond).String())
	return nil
}

// EachReport calls f with every stored report. It reads the whole
// collection: for rebuilding and verifying, never on a request.
func (s *Store) EachReport(ctx context.Context, f func(report.Report) error) error {
	cur, err := s.db.Collection("reports").Find(ctx, bson.M{})
	if err != nil {
		return fmt.Errorf("read reports: %w", err)
	}
	defer cur.Close(ctx)
	for cur.Next(ctx) {
		var r report.Report
		if err := cur.Decode(&r); err != nil {
			return fmt.Errorf("read reports: %w", err)
		}
		if err := f(r); err != nil {
			return err
		}
	}
	if err := cur.Err(); err != nil {
		return fmt.Errorf("read reports: %w", err)
	}
	return nil
}

// scanDay is the scans of one community, poster kind and day.
type scanDay struct {
	Community string `bson:"community"`
	Kind      string `bson:"kind"`
	Day       string `bson:"day"`
	N         int    `bson:"n"`
}

// allScans collects the scans to keep: those in the tallies, and those an
// older version kept in its scans collection (read once, then dropped).
func (s *Store) allScans(ctx context.Context) ([]scanDay, error) {
	var out []scanDay
	cur, err := s.db.Collection("scans").Find(ctx, bson.M{})
	if err != nil {
		return nil, fmt.Errorf("read old scans: %w", err)
	}
	if err := cur.All(ctx, &out); err != nil {
		return nil, fmt.Errorf("read old scans: %w", err)
	}
	if len(out) > 0 {
		// Data of the old layout, or an upgrade cut short after it copied
		// them: the old collection holds them all, the tallies none of their own.
		return out, nil
	}
	cur, err = s.db.Collection("tallies").Find(ctx, bson.M{})
	if err != nil {
		return nil, fmt.Errorf("read tallies: %w", err)
	}
	var docs []blobDoc
	if err := cur.All(ctx, &docs); err != nil {
		return nil, fmt.Errorf("read tallies: %w", err)
	}
	for _, d := range docs {
		m, err := decodeMonth(d.ID, d.Data)
		if err != nil {
			return nil, err
		}
		first, err := parseDay(d.ID + "-01")
		if err != nil {
			return nil, err
		}
		for code, c := range m.Communities {
			for kind, days := range c.Scans {
				for i, n := range days {
					if n > 0 {
						day := stats.Day{Year: first.Year, Month: first.Month, Day: i + 1}
						out = append(out, scanDay{code, kind, day.Start(time.UTC).Format(time.DateOnly), int(n)})
					}
				}
			}
		}
	}
	return out, nil
}

// restoreScans adds the kept scans to the fresh tallies, and drops the old
// scans collection, whose counts now live there.
func (s *Store) restoreScans(ctx context.Context, scans []scanDay) error {
	byMonth := map[string][]scanDay{}
	for _, sc := range scans {
		d, err := parseDay(sc.Day)
		if err != nil {
			return err
		}
		byMonth[d.MonthKey()] = append(byMonth[d.MonthKey()], sc)
	}
	for key, list := range byMonth {
		err := s.modify(ctx, "tallies", key, func(b []byte) ([]byte, error) {
			m, err := decodeMonth(key, b)
			if err != nil {
				return nil, err
			}
			for _, sc := range list {
				d, _ := parseDay(sc.Day) // parsed above
				m.AddScans(sc.Community, sc.Kind, d, int32(sc.N))
			}
			return m.MarshalBinary()
		})
		if err != nil {
			return fmt.Errorf("restore scans: %w", err)
		}
	}
	if err := s.db.Collection("scans").Drop(ctx); err != nil {
		return fmt.Errorf("drop old scans: %w", err)
	}
	return nil
}

// watermark is a named point in time a periodic job has done its work up to.
type watermark struct {
	ID string    `bson:"_id"`
	At time.Time `bson:"at"`
}

// Watermark returns the named point in time, zero when never set.
func (s *Store) Watermark(ctx context.Context, name string) (time.Time, error) {
	var w watermark
	err := s.db.Collection("meta").FindOne(ctx, bson.M{"_id": name}).Decode(&w)
	if errors.Is(notFound(err), ErrNotFound) {
		return time.Time{}, nil
	}
	if err != nil {
		return time.Time{}, fmt.Errorf("watermark %s: %w", name, err)
	}
	return w.At, nil
}

// SetWatermark records the named point in time.
func (s *Store) SetWatermark(ctx context.Context, name string, t time.Time) error {
	_, err := s.db.Collection("meta").ReplaceOne(ctx, bson.M{"_id": name}, watermark{ID: name, At: t}, options.Replace().SetUpsert(true))
	if err != nil {
		return fmt.Errorf("watermark %s: %w", name, err)
	}
	return nil
}
