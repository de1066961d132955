package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"gridline/report"
)

// ErrConflict is returned when a report changed since it was read: somebody
// else acted first.
var ErrConflict = errors.New("store: report changed meanwhile")

// UpdateReport stores next only if the stored report is still at version
// prev — a compare-and-set, so of two staff acting at once exactly one wins.
// On the embedded server this holds because its single connection serialises
// operations (see DESIGN.md).
func (s *Store) UpdateReport(ctx context.Context, prev int, next report.Report) error {
	res, err := s.db.Collection("reports").ReplaceOne(ctx, bson.M{"_id": next.ID, "version": prev}, next)
	if err != nil {
		return fmt.Errorf("update report %s: %w", next.ID, err)
	}
	if res.MatchedCount == 0 {
		return fmt.Errorf("update report %s: %w", next.ID, ErrConflict)
	}
	return nil
}

// ResolvedBefore lists reports resolved before a time and not yet rated: the
// ones the auto-close job closes.
func (s *Store) ResolvedBefore(ctx context.Context, t time.Time, limit int) ([]report.Report, error) {
	return s.findReports(ctx, bson.M{"status": report.Resolved, "resolved_at": bson.M{"$lt": t}},
		bson.D{{Key: "resolved_at", Value: 1}}, 0, limit)
}

// ReportsCreatedBetween lists the reports created in [from, to) in the given
// communities (all when codes is nil), for statistics and export.
func (s *Store) ReportsCreatedBetween(ctx context.Context, from, to time.Time, codes []string) ([]report.Report, error) {
	filter := bson.M{"created_at": bson.M{"$gte": from, "$lt": to}}
	if codes != nil {
		filter["community"] = bson.M{"$in": codes}
	}
	return s.findReports(ctx, filter, bson.D{{Key: "created_at", Value: 1}}, 0, 0)
}
