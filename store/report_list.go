package store

import (
	"context"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"gridline/report"
)

// Inbox says which reports a staff list shows. Zero fields do not filter.
type Inbox struct {
	Streets     []string // only these streets (nil: all)
	Communities []string // only these communities (nil: all)
	Assignee    string
	Status      report.Status
	Category    string
	Overdue     bool
	Open        bool   // only reports still going round the loop
	Search      string // a tracking code
	Urgent      bool   // most urgent first instead of newest first
	Now         time.Time
}

func (q Inbox) filter() bson.M {
	f := bson.M{}
	if q.Streets != nil {
		f["street"] = bson.M{"$in": q.Streets}
	}
	if q.Communities != nil {
		f["community"] = bson.M{"$in": q.Communities}
	}
	if q.Assignee != "" {
		f["assignee"] = q.Assignee
	}
	if q.Status != "" {
		f["status"] = q.Status
	}
	if q.Category != "" {
		f["category"] = q.Category
	}
	if q.Search != "" {
		f["_id"] = q.Search
	}
	if q.Open {
		f["status"] = bson.M{"$in": openStatuses()}
	}
	if q.Overdue {
		f["status"] = bson.M{"$in": []report.Status{report.Dispatched, report.InProgress}}
		f["due_at"] = bson.M{"$lt": q.Now}
	}
	return f
}

// ListReports returns one page of an inbox and the total it was cut from.
// Urgent order puts reports awaiting a decision first (no due time yet), then
// the earliest due; over every state, the open reports come in that order
// before the finished ones (newest first), whose past due times are no longer
// urgent.
func (s *Store) ListReports(ctx context.Context, q Inbox, skip, limit int) ([]report.Report, int, error) {
	f := q.filter()
	total, err := s.db.Collection("reports").CountDocuments(ctx, f)
	if err != nil {
		return nil, 0, fmt.Errorf("count inbox: %w", err)
	}
	newest := bson.D{{Key: "created_at", Value: -1}}
	urgent := bson.D{{Key: "due_at", Value: 1}, {Key: "created_at", Value: 1}}
	if !q.Urgent {
		rs, err := s.findReports(ctx, f, newest, skip, limit)
		return rs, int(total), err
	}
	if q.Status != "" || q.Open || q.Overdue {
		rs, err := s.findReports(ctx, f, urgent, skip, limit)
		return rs, int(total), err
	}
	open := q
	open.Open = true
	rs, nOpen, err := s.ListReports(ctx, open, skip, limit)
	if err != nil || limit > 0 && len(rs) == limit {
		return rs, int(total), err
	}
	done := q.filter()
	done["status"] = bson.M{"$nin": openStatuses()}
	rest, err := s.findReports(ctx, done, newest, max(skip-nOpen, 0), max(limit-len(rs), 0))
	return append(rs, rest...), int(total), err
}

// openStatuses are the states of reports still going round the loop.
func openStatuses() []report.Status {
	return []report.Status{report.Submitted, report.Accepted, report.Reopened, report.Dispatched, report.InProgress}
}

// CountByStatus counts an inbox's reports per state, ignoring its state filter.
func (s *Store) CountByStatus(ctx context.Context, q Inbox) (map[report.Status]int, error) {
	q.Status, q.Overdue, q.Open = "", false, false
	pipeline := []bson.M{
		{"$match": q.filter()},
		{"$group": bson.M{"_id": "$status", "n": bson.M{"$sum": 1}}},
	}
	cur, err := s.db.Collection("reports").Aggregate(ctx, pipeline)
	if err != nil {
		return nil, fmt.Errorf("count by status: %w", err)
	}
	var rows []struct {
		Status report.Status `bson:"_id"`
		N      int           `bson:"n"`
	}
	if err := cur.All(ctx, &rows); err != nil {
		return nil, fmt.Errorf("count by status: %w", err)
	}
	out := map[report.Status]int{}
	for _, r := range rows {
		out[r.Status] = r.N
	}
	return out, nil
}

func (s *Store) findReports(ctx context.Context, filter bson.M, sort bson.D, skip, limit int) ([]report.Report, error) {
	opts := options.Find().SetSort(sort).SetSkip(int64(skip))
	if limit > 0 {
		opts.SetLimit(int64(limit))
	}
	cur, err := s.db.Collection("reports").Find(ctx, filter, opts)
	if err != nil {
		return nil, fmt.Errorf("find reports: %w", err)
	}
	out := []report.Report{}
	if err := cur.All(ctx, &out); err != nil {
		return nil, fmt.Errorf("find reports: %w", err)
	}
	return out, nil
}
