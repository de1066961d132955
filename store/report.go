package store

import (
	"context"
	"errors"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"gridline/report"
)

// CreateReport stores a new report under a fresh tracking code. When a report
// with the same submission token exists already (a double tap or a retry), it
// returns that one and ErrDuplicate, and stores nothing.
func (s *Store) CreateReport(ctx context.Context, r report.Report) (report.Report, error) {
	for range 5 {
		code, err := report.NewTracking()
		if err != nil {
			return report.Report{}, err
		}
		r.ID = code.String()
		_, err = s.db.Collection("reports").InsertOne(ctx, r)
		if err == nil {
			return r, nil
		}
		if !mongo.IsDuplicateKeyError(err) {
			return report.Report{}, fmt.Errorf("create report: %w", err)
		}
		prev, findErr := s.ReportByToken(ctx, r.SubmitToken)
		if findErr == nil {
			return prev, ErrDuplicate
		}
		if !errors.Is(findErr, ErrNotFound) {
			return report.Report{}, findErr
		}
		// The clash was on the tracking code itself: draw another.
	}
	return report.Report{}, fmt.Errorf("create report: no free tracking code after 5 tries")
}

// Report finds a report by its tracking code.
func (s *Store) Report(ctx context.Context, id report.Tracking) (report.Report, error) {
	var r report.Report
	err := s.db.Collection("reports").FindOne(ctx, bson.M{"_id": id.String()}).Decode(&r)
	if err != nil {
		return report.Report{}, fmt.Errorf("report %s: %w", id, notFound(err))
	}
	return r, nil
}

// ReportByToken finds the report made from one form submission token.
func (s *Store) ReportByToken(ctx context.Context, token string) (report.Report, error) {
	var r report.Report
	err := s.db.Collection("reports").FindOne(ctx, bson.M{"submit_token": token}).Decode(&r)
	if err != nil {
		return report.Report{}, fmt.Errorf("report by token: %w", notFound(err))
	}
	return r, nil
}

// CountReports counts every report; tests and the load checker use it.
func (s *Store) CountReports(ctx context.Context) (int, error) {
	n, err := s.db.Collection("reports").CountDocuments(ctx, bson.M{})
	if err != nil {
		return 0, fmt.Errorf("count reports: %w", err)
	}
	return int(n), nil
}

// PhotoIDs returns every photo ID a report refers to, before or after, for
// the orphan clean-up.
func (s *Store) PhotoIDs(ctx context.Context) (map[string]bool, error) {
	opts := options.Find().SetProjection(bson.M{"photos": 1, "after_photos": 1})
	cur, err := s.db.Collection("reports").Find(ctx, bson.M{}, opts)
	if err != nil {
		return nil, fmt.Errorf("list photo references: %w", err)
	}
	defer cur.Close(ctx)
	ids := map[string]bool{}
	for cur.Next(ctx) {
		var r struct {
			Photos      []string `bson:"photos"`
			AfterPhotos []string `bson:"after_photos"`
		}
		if err := cur.Decode(&r); err != nil {
			return nil, fmt.Errorf("list photo references: %w", err)
		}
		for _, id := range append(r.Photos, r.AfterPhotos...) {
			ids[id] = true
		}
	}
	if err := cur.Err(); err != nil {
		return nil, fmt.Errorf("list photo references: %w", err)
	}
	return ids, nil
}
