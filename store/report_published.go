package store

import (
	"context"

	"go.mongodb.org/mongo-driver/v2/bson"

	"gridline/report"
)

// PublishedReports lists a community's results that staff chose to publish,
// newest resolution first, at most limit. A published report that was
// reopened since drops out until it is resolved again.
func (s *Store) PublishedReports(ctx context.Context, community string, limit int) ([]report.Report, error) {
	filter := bson.M{
		"community": community,
		"published": true,
		"status":    bson.M{"$in": []report.Status{report.Resolved, report.Closed}},
	}
	return s.findReports(ctx, filter, bson.D{{Key: "resolved_at", Value: -1}}, 0, limit)
}
