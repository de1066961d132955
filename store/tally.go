package store

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"time"

	"gridline/report"
	"gridline/stats"
)

// Tallies returns the month tallies the days need, by key; a month nobody
// reported in is absent. Each is one look-up by _id.
func (s *Store) Tallies(ctx context.Context, days stats.Days) (map[string]*stats.Month, error) {
	out := map[string]*stats.Month{}
	for _, key := range days.MonthKeys() {
		m, err := s.month(ctx, key)
		if err != nil {
			return nil, err
		}
		if m != nil {
			out[key] = m
		}
	}
	return out, nil
}

// month reads one month's tally, nil when nobody reported in it. The
// result is shared with the memo: callers must not change it.
func (s *Store) month(ctx context.Context, key string) (*stats.Month, error) {
	if e, ok := s.memo.blob("tallies/" + key); ok && e.decoded != nil {
		return e.decoded.(*stats.Month), nil
	}
	d, exists, err := s.findBlob(ctx, "tallies", key)
	if err != nil || !exists {
		return nil, err
	}
	m, err := decodeMonth(key, d.Data)
	if err != nil {
		return nil, err
	}
	s.memo.keepDecoded("tallies/"+key, d.Version, m)
	return m, nil
}

// retally puts a report's new mark in the tallies in place of its old one
// (old is nil for a new report). Each month touched is one read-modify-write
// of one document, which remembers the version it counts: doing it again
// after a crash cut it short changes nothing.
func (s *Store) retally(ctx context.Context, old *report.Report, next report.Report) error {
	mark := stats.MarkOf(next, s.opts.Zone)
	var oldMark *stats.Mark
	if old != nil {
		m := stats.MarkOf(*old, s.opts.Zone)
		if m.Equal(mark) {
			return nil // a note, or publishing: nothing counted changed
		}
		oldMark = &m
	}
	for _, key := range mark.Months() { // a superset of the old mark's: the loop only adds steps
		err := s.modify(ctx, "tallies", key, func(b []byte) ([]byte, error) {
			m, err := decodeMonth(key, b)
			if err != nil {
				return nil, err
			}
			m.Replace(next.ID, int32(next.Version), oldMark, mark)
			return m.MarshalBinary()
		})
		if err != nil {
			return fmt.Errorf("tally: %w", err)
		}
	}
	return nil
}

// decodeMonth reads a stored tally, or starts the month's when b is empty.
func decodeMonth(key string, b []byte) (*stats.Month, error) {
	if len(b) == 0 {
		return stats.NewMonth(key), nil
	}
	var m stats.Month
	if err := m.UnmarshalBinary(b); err != nil {
		return nil, err
	}
	return &m, nil
}

// RecordScan counts one scan of a community's poster of the given kind on
// day (2006-01-02, in the display zone) in that month's tally. Nothing about
// the person scanning is kept.
func (s *Store) RecordScan(ctx context.Context, community, kind, day string) error {
	d, err := parseDay(day)
	if err != nil {
		return err
	}
	err = s.modify(ctx, "tallies", d.MonthKey(), func(b []byte) ([]byte, error) {
		m, err := decodeMonth(d.MonthKey(), b)
		if err != nil {
			return nil, err
		}
		m.AddScans(community, kind, d, 1)
		return m.MarshalBinary()
	})
	if err != nil {
		return fmt.Errorf("record scan: %w", err)
	}
	return nil
}

// Scans adds up the scans of days in [from, to) (2006-01-02, to exclusive)
// per community and kind, for the given communities (all when codes is nil).
func (s *Store) Scans(ctx context.Context, from, to string, codes []string) (map[string]map[string]int, error) {
	first, err := parseDay(from)
	if err != nil {
		return nil, err
	}
	end, err := parseDay(to)
	if err != nil {
		return nil, err
	}
	if !first.Before(end) {
		return map[string]map[string]int{}, nil
	}
	days := stats.Days{First: first, Last: stats.DayOf(end.Start(time.UTC).AddDate(0, 0, -1), time.UTC)}
	months, err := s.Tallies(ctx, days)
	if err != nil {
		return nil, fmt.Errorf("list scans: %w", err)
	}
	if codes == nil {
		seen := map[string]bool{}
		for _, m := range months {
			for code := range maps.Keys(m.Communities) {
				seen[code] = true
			}
		}
		codes = slices.Sorted(maps.Keys(seen))
	}
	return stats.ScansByKind(months, codes, days), nil
}

func parseDay(day string) (stats.Day, error) {
	t, err := time.Parse(time.DateOnly, day)
	if err != nil {
		return stats.Day{}, fmt.Errorf("day %q: %w", day, err)
	}
	return stats.DayOf(t, time.UTC), nil
}
