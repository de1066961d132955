package store

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"gridline/report"
)

// Inbox says which reports a staff list shows. Zero fields do not filter.
type Inbox struct {
	Communities []string // only these communities (nil: all; empty: none)
	Assignee    string
	Status      report.Status
	Category    string
	Overdue     bool
	Open        bool   // only reports staff owe a step (report.Status.AwaitsStaff)
	Search      string // a tracking code
	Urgent      bool   // most urgent first instead of newest first
	// Crowd, when above 1, puts reports that many residents reported (the
	// filer and those who pressed 我也遇到) first in the urgent order.
	Crowd int
	Now   time.Time
}

// matchesPlace checks the filters the status counts know: community,
// assignee and category. A street is its communities now (the caller
// resolves it), never the street copied onto a report when it was made.
func (q Inbox) matchesPlace(r report.Report) bool {
	return (q.Communities == nil || slices.Contains(q.Communities, r.Community)) &&
		(q.Assignee == "" || r.Assignee == q.Assignee) &&
		(q.Category == "" || r.Category == q.Category)
}

func (q Inbox) matches(r report.Report) bool {
	return q.matchesPlace(r) &&
		(q.Search == "" || r.ID == q.Search) &&
		(q.Status == "" || r.Status == q.Status) &&
		(!q.Open || r.Status.AwaitsStaff()) &&
		(!q.Overdue || r.Overdue(q.Now))
}

// onlyOpen reports whether every report q can match is in the work queue.
func (q Inbox) onlyOpen() bool {
	return q.Open || q.Overdue || (q.Status != "" && q.Status.Open())
}

// ListReports returns one page of an inbox and the total it was cut from.
// Open reports come from the work queue; closed and rejected ones from the
// day buckets, newest first, looking back at most a year and a month (older
// ones are in the export). Urgent order puts reports awaiting a decision
// first (no due time yet), then the earliest due; over every state, the open
// reports come in that order before the finished ones.
func (s *Store) ListReports(ctx context.Context, q Inbox, skip, limit int) ([]report.Report, int, error) {
	if q.Search != "" {
		return s.search(ctx, q)
	}
	work, err := s.OpenReports(ctx)
	if err != nil {
		return nil, 0, err
	}
	var moving, resolved []report.Report // staff owe a step; awaiting a rating
	for _, r := range work {
		switch {
		case !q.matches(r):
		case r.Status.AwaitsStaff():
			moving = append(moving, r)
		default:
			resolved = append(resolved, r)
		}
	}
	if q.onlyOpen() {
		all := append(moving, resolved...)
		q.sort(all, q.Urgent)
		return page(all, skip, limit), len(all), nil
	}
	counts, err := s.countStatuses(ctx, q)
	if err != nil {
		return nil, 0, err
	}
	finished := finishedCount(counts, q.Status)
	want := skip + limit
	if limit <= 0 {
		want = math.MaxInt
	}
	done, err := s.recentFinished(ctx, q, want)
	if err != nil {
		return nil, 0, err
	}
	total := len(moving) + len(resolved) + finished
	rest := append(resolved, done...)
	q.sort(rest, q.Urgent && q.Status != "") // one order within a state
	if !q.Urgent {
		all := append(moving, rest...)
		q.sort(all, false)
		return page(all, skip, limit), total, nil
	}
	q.sort(moving, true)
	return page(append(moving, rest...), skip, limit), total, nil
}

// finishedCount is how many final reports the counts hold: of one state
// when the inbox asks for one (a final one, or onlyOpen would hold), else of
// every final state.
func finishedCount(counts map[report.Status]int, only report.Status) int {
	if only != "" {
		return counts[only]
	}
	n := 0
	for _, s := range report.Statuses() {
		if s.Final() {
			n += counts[s]
		}
	}
	return n
}

// search is the inbox of one tracking code: a look-up by _id.
func (s *Store) search(ctx context.Context, q Inbox) ([]report.Report, int, error) {
	r, err := s.Report(ctx, report.Tracking(q.Search))
	if errors.Is(err, ErrNotFound) || err == nil && !q.matches(r) {
		return []report.Report{}, 0, nil
	}
	if err != nil {
		return nil, 0, err
	}
	return []report.Report{r}, 1, nil
}

// sort orders newest first, or most urgent first: a report many residents
// reported (see Crowd), then by due time (none yet: a decision is awaited).
func (q Inbox) sort(rs []report.Report, urgent bool) {
	few := func(r report.Report) int { // 0 when crowded: first
		if q.Crowded(r) {
			return 0
		}
		return 1
	}
	slices.SortStableFunc(rs, func(a, b report.Report) int {
		if !urgent {
			return cmp.Or(b.CreatedAt.Compare(a.CreatedAt), cmp.Compare(a.ID, b.ID))
		}
		return cmp.Or(cmp.Compare(few(a), few(b)),
			a.DueAt.Compare(b.DueAt), a.CreatedAt.Compare(b.CreatedAt), cmp.Compare(a.ID, b.ID))
	})
}

// Crowded reports whether as many residents reported r as make it urgent
// (多人反映).
func (q Inbox) Crowded(r report.Report) bool { return q.Crowd > 1 && r.Residents() >= q.Crowd }

func page(rs []report.Report, skip, limit int) []report.Report {
	skip = min(max(skip, 0), len(rs))
	end := len(rs)
	if limit > 0 {
		end = min(skip+limit, end)
	}
	return slices.Clip(rs[skip:end])
}

// OpenReports is the work queue: every report not yet closed or rejected.
func (s *Store) OpenReports(ctx context.Context) ([]report.Report, error) {
	if rs, ok := s.memo.openReports(); ok {
		return rs, nil
	}
	cur, err := s.db.Collection("work").Find(ctx, bson.M{})
	if err != nil {
		return nil, fmt.Errorf("read work queue: %w", err)
	}
	var docs []workDoc
	if err := cur.All(ctx, &docs); err != nil {
		return nil, fmt.Errorf("read work queue: %w", err)
	}
	out := make([]report.Report, len(docs))
	for i, d := range docs {
		if err := bson.Unmarshal(d.Report, &out[i]); err != nil {
			return nil, fmt.Errorf("read work queue: %s: %w", d.ID, err)
		}
	}
	s.memo.loadWork(out)
	return out, nil
}

// CountByStatus counts an inbox's reports per state, ignoring its state
// filter, from the status counts.
func (s *Store) CountByStatus(ctx context.Context, q Inbox) (map[report.Status]int, error) {
	return s.countStatuses(ctx, q)
}

// ResolvedBefore lists reports resolved before a time and not yet rated: the
// ones the auto-close job closes (those the loop lets it), from the work
// queue.
func (s *Store) ResolvedBefore(ctx context.Context, t time.Time, limit int) ([]report.Report, error) {
	work, err := s.OpenReports(ctx)
	if err != nil {
		return nil, err
	}
	var out []report.Report
	for _, r := range work {
		if report.Allowed(r.Status, report.AutoClose) && r.ResolvedAt.Before(t) {
			out = append(out, r)
		}
	}
	slices.SortFunc(out, func(a, b report.Report) int { return a.ResolvedAt.Compare(b.ResolvedAt) })
	return page(out, 0, limit), nil
}
