package store

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"gridline/report"
)

// Published is what a community's public page shows of one result staff
// chose to publish: no description, place, photos of the problem, tracking
// code, name or phone.
type Published struct {
	Report     string    `bson:"report"` // to replace or drop it; never shown
	Category   string    `bson:"category"`
	ResolvedAt time.Time `bson:"resolved_at"` // the latest resolution
	Reply      string    `bson:"reply"`
	Photo      string    `bson:"photo,omitempty"` // the first after-photo of the latest resolution that had any
}

type publishedList struct {
	Results []Published `bson:"results"`
}

// maxPublished is how many results a community keeps, newest first.
const maxPublished = 100

// republish keeps a community's published results in step with one report:
// it is listed while report.Report.Public says so, so a report reopened
// since drops out until it is resolved again.
func (s *Store) republish(ctx context.Context, r report.Report) error {
	err := s.modify(ctx, "published", r.Community, func(b []byte) ([]byte, error) {
		var l publishedList
		if len(b) > 0 {
			if err := bson.Unmarshal(b, &l); err != nil {
				return nil, err
			}
		}
		l.Results = slices.DeleteFunc(l.Results, func(p Published) bool { return p.Report == r.ID })
		if r.Public() {
			l.Results = append(l.Results, Published{
				Report: r.ID, Category: r.Category, ResolvedAt: r.ResolvedAt, Reply: r.Reply, Photo: resultPhoto(r),
			})
		}
		slices.SortStableFunc(l.Results, func(a, b Published) int { return b.ResolvedAt.Compare(a.ResolvedAt) })
		l.Results = l.Results[:min(len(l.Results), maxPublished)]
		return bson.Marshal(l)
	})
	if err != nil {
		return fmt.Errorf("published results: %w", err)
	}
	return nil
}

// resultPhoto is the first after-photo of the latest resolution that had
// any: a reopened report's earlier photos showed a result nobody accepted.
func resultPhoto(r report.Report) string {
	for i := len(r.Timeline) - 1; i >= 0; i-- {
		if e := r.Timeline[i]; e.Action == report.Resolve && len(e.Photos) > 0 {
			return e.Photos[0]
		}
	}
	return ""
}

// PublishedReports lists a community's published results, newest resolution
// first, at most limit: one look-up by _id.
func (s *Store) PublishedReports(ctx context.Context, community string, limit int) ([]Published, error) {
	b, err := s.readBlob(ctx, "published", community)
	if errors.Is(err, ErrNotFound) {
		return []Published{}, nil
	}
	if err != nil {
		return nil, err
	}
	var l publishedList
	if err := bson.Unmarshal(b, &l); err != nil {
		return nil, fmt.Errorf("published results: %w", err)
	}
	return l.Results[:min(len(l.Results), limit)], nil
}
