package store

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"gridline/report"
	"gridline/stats"
)

// A day bucket holds a copy of every report submitted in one community on
// one day (in the display zone), each as one binary BSON value under its
// tracking code: MongoDB's bucket pattern, so a period's reports are
// look-ups by _id, the embedded engine does not decode each report's
// fields, and a change rewrites a bucket of a handful of reports (a bucket
// of a whole day's hundred took the embedded engine 12–25 ms to update).
type dayBucket struct {
	Day     string            `bson:"_id"`
	Reports map[string][]byte `bson:"r"`
}

// maxLookback is how many days back the inbox looks for closed and rejected
// reports; older ones are in the export.
const maxLookback = 400

func (s *Store) dayKey(t time.Time) string { return t.In(s.opts.Zone).Format(time.DateOnly) }

// bucketKey names the day bucket of a community: "2026-11-02/K7M2QX". The
// document named by the day alone lists the communities with a bucket that
// day.
func bucketKey(day, community string) string { return day + "/" + community }

// dayIndex lists the communities that have a bucket on one day.
type dayIndex struct {
	Day         string   `bson:"_id"`
	Communities []string `bson:"c"`
}

// file keeps the report's copy in the bucket of the day it was submitted;
// a new report also enters its community in the day's list.
func (s *Store) file(ctx context.Context, r report.Report, created bool) error {
	if created {
		_, err := s.db.Collection("report_days").UpdateOne(ctx, bson.M{"_id": s.dayKey(r.CreatedAt)},
			bson.M{"$addToSet": bson.M{"c": r.Community}}, options.UpdateOne().SetUpsert(true))
		if err != nil {
			return fmt.Errorf("day bucket list: %w", err)
		}
	}
	raw, err := bson.Marshal(r)
	if err != nil {
		return fmt.Errorf("day bucket: %w", err)
	}
	day := bucketKey(s.dayKey(r.CreatedAt), r.Community)
	_, err = s.db.Collection("report_days").UpdateOne(ctx, bson.M{"_id": day},
		bson.M{"$set": bson.M{"r." + r.ID: bson.Binary{Data: raw}}}, options.UpdateOne().SetUpsert(true))
	if err != nil {
		s.memo.doubt(day)
		return fmt.Errorf("day bucket: %w", err)
	}
	s.memo.filed(day, r)
	return nil
}

// reportsOfDay reads the day buckets of the given communities (all when
// nil), in order of submission; recent buckets come from the memo when this
// process is the only writer.
func (s *Store) reportsOfDay(ctx context.Context, day string, codes []string) ([]report.Report, error) {
	if codes == nil {
		var idx dayIndex
		err := s.db.Collection("report_days").FindOne(ctx, bson.M{"_id": day}).Decode(&idx)
		if err != nil && !errors.Is(notFound(err), ErrNotFound) {
			return nil, fmt.Errorf("day bucket list %s: %w", day, err)
		}
		codes = idx.Communities
	}
	recent := day >= s.Now().AddDate(0, 0, -memoDays).In(s.opts.Zone).Format(time.DateOnly)
	var out []report.Report
	for _, code := range codes {
		key := bucketKey(day, code)
		rs, ok := s.memo.day(key)
		if !ok {
			var err error
			if rs, err = s.readDay(ctx, key); err != nil {
				return nil, err
			}
			if recent {
				s.memo.loadDay(key, rs)
			}
		}
		out = append(out, rs...)
	}
	sortBySubmission(out)
	return out, nil
}

// readDay reads one community's day bucket from the database.
func (s *Store) readDay(ctx context.Context, day string) ([]report.Report, error) {
	var b dayBucket
	err := s.db.Collection("report_days").FindOne(ctx, bson.M{"_id": day}).Decode(&b)
	if errors.Is(notFound(err), ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("day bucket %s: %w", day, err)
	}
	out := make([]report.Report, 0, len(b.Reports))
	for id, raw := range b.Reports {
		var r report.Report
		if err := bson.Unmarshal(raw, &r); err != nil {
			return nil, fmt.Errorf("day bucket %s: report %s: %w", day, id, err)
		}
		out = append(out, r)
	}
	return out, nil
}

func sortBySubmission(rs []report.Report) {
	slices.SortFunc(rs, func(a, b report.Report) int {
		if c := a.CreatedAt.Compare(b.CreatedAt); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
}

// EachReportSubmitted calls f with every report submitted in days whose
// community is in codes (all when nil), day by day in order of submission,
// holding one day in memory at a time.
func (s *Store) EachReportSubmitted(ctx context.Context, days stats.Days, codes []string, f func(report.Report) error) error {
	for d := days.First; !days.Last.Before(d); d = d.Next() {
		rs, err := s.reportsOfDay(ctx, d.Start(time.UTC).Format(time.DateOnly), codes)
		if err != nil {
			return err
		}
		for _, r := range rs {
			if err := f(r); err != nil {
				return err
			}
		}
	}
	return nil
}

// recentFinished returns up to n closed or rejected reports matching q,
// newest first, from the day buckets of the last maxLookback days.
func (s *Store) recentFinished(ctx context.Context, q Inbox, n int) ([]report.Report, error) {
	var out []report.Report
	day := s.Now().In(s.opts.Zone)
	for i := 0; i < maxLookback && len(out) < n; i++ {
		rs, err := s.reportsOfDay(ctx, day.AddDate(0, 0, -i).Format(time.DateOnly), q.Communities)
		if err != nil {
			return nil, err
		}
		for _, r := range slices.Backward(rs) {
			if r.Status.Final() && q.matches(r) {
				out = append(out, r)
			}
		}
	}
	return out, nil
}
