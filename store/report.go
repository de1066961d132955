package store

import (
	"context"
	"errors"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"gridline/report"
)

// submission is the record of one form token: which tracking code its report
// has. It is written before the report, so a retry of the same form, or two
// taps at once, find the one report by _id.
type submission struct {
	Token  string `bson:"_id"`
	Report string `bson:"report"`
}

// CreateReport stores a new report under a fresh tracking code. When a report
// with the same submission token exists already (a double tap or a retry), it
// returns that one and ErrDuplicate, and stores nothing.
func (s *Store) CreateReport(ctx context.Context, r report.Report) (report.Report, error) {
	code, err := s.reserve(ctx, r.SubmitToken)
	if errors.Is(err, ErrDuplicate) {
		prev, err := s.Report(ctx, report.Tracking(code))
		if err == nil {
			return prev, ErrDuplicate
		}
		if !errors.Is(err, ErrNotFound) {
			return report.Report{}, err
		}
		// The first try reserved the code and failed (or is still storing):
		// this one stores the report under it; the _id decides who wins.
	} else if err != nil {
		return report.Report{}, err
	}
	r.ID = code
	ctx, cancel, err := carryThrough(ctx)
	if err != nil {
		return report.Report{}, fmt.Errorf("create report: %w", err)
	}
	defer cancel()
	if err := s.markPending(ctx, code, nil); err != nil {
		return report.Report{}, err
	}
	if _, err := s.db.Collection("reports").InsertOne(ctx, r); mongo.IsDuplicateKeyError(err) {
		prev, findErr := s.Report(ctx, report.Tracking(code))
		if findErr == nil && prev.SubmitToken == r.SubmitToken {
			return prev, ErrDuplicate // its own request settles it
		}
		s.clearPending(ctx, code)
		return report.Report{}, fmt.Errorf("create report %s: %w", code, errors.Join(err, findErr))
	} else if err != nil {
		return report.Report{}, fmt.Errorf("create report: %w", err)
	}
	return r, s.settle(ctx, nil, r)
}

// reserve records a fresh, unused tracking code for a form token, or returns
// the one reserved before with ErrDuplicate.
func (s *Store) reserve(ctx context.Context, token string) (string, error) {
	subs := s.db.Collection("submissions")
	for range 5 { // a clash among 2^40 codes is rare; retry a few times
		code, err := report.NewTracking()
		if err != nil {
			return "", err
		}
		if _, err := s.Report(ctx, code); !errors.Is(err, ErrNotFound) {
			if err != nil {
				return "", err
			}
			continue // taken
		}
		_, err = subs.InsertOne(ctx, submission{Token: token, Report: code.String()})
		if mongo.IsDuplicateKeyError(err) {
			var prev submission
			if err := subs.FindOne(ctx, bson.M{"_id": token}).Decode(&prev); err != nil {
				return "", fmt.Errorf("read submission: %w", notFound(err))
			}
			return prev.Report, ErrDuplicate
		}
		if err != nil {
			return "", fmt.Errorf("reserve tracking code: %w", err)
		}
		return code.String(), nil
	}
	return "", fmt.Errorf("create report: no free tracking code after 5 tries")
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

// ReportByToken finds the report made from one form submission token: two
// look-ups by _id. ErrNotFound while the token's report is not stored.
func (s *Store) ReportByToken(ctx context.Context, token string) (report.Report, error) {
	var sub submission
	if err := s.db.Collection("submissions").FindOne(ctx, bson.M{"_id": token}).Decode(&sub); err != nil {
		return report.Report{}, fmt.Errorf("report by token: %w", notFound(err))
	}
	return s.Report(ctx, report.Tracking(sub.Report))
}

// CountReports counts every report; tests and the load checker use it. It
// reads the whole collection on the embedded engine: never on a request.
func (s *Store) CountReports(ctx context.Context) (int, error) {
	n, err := s.db.Collection("reports").CountDocuments(ctx, bson.M{})
	if err != nil {
		return 0, fmt.Errorf("count reports: %w", err)
	}
	return int(n), nil
}
