package store

import (
	"context"
	"fmt"
	"slices"

	"go.mongodb.org/mongo-driver/v2/bson"

	"gridline/report"
)

// statusKey is one combination an inbox filters by (a street is its
// communities); the status counts keep
// how many reports are in each (MongoDB's computed pattern), so an inbox's
// counts and totals never read the reports.
type statusKey struct {
	Community string        `bson:"c"`
	Category  string        `bson:"k"`
	Assignee  string        `bson:"a"`
	Status    report.Status `bson:"t"`
}

type statusCount struct {
	Key statusKey `bson:"key"`
	N   int       `bson:"n"`
}

type statusCounts struct {
	Counts []statusCount `bson:"counts"`
}

func keyOf(r report.Report) statusKey {
	return statusKey{Community: r.Community, Category: r.Category, Assignee: r.Assignee, Status: r.Status}
}

// recount moves a report from its old combination to its new one.
func (s *Store) recount(ctx context.Context, old *report.Report, next report.Report) error {
	if old != nil && keyOf(*old) == keyOf(next) {
		return nil
	}
	err := s.modify(ctx, "status_counts", "status", func(b []byte) ([]byte, error) {
		var c statusCounts
		if len(b) > 0 {
			if err := bson.Unmarshal(b, &c); err != nil {
				return nil, err
			}
		}
		if old != nil {
			c.add(keyOf(*old), -1)
		}
		c.add(keyOf(next), 1)
		return bson.Marshal(c)
	})
	if err != nil {
		return fmt.Errorf("status counts: %w", err)
	}
	return nil
}

func (c *statusCounts) add(k statusKey, n int) {
	i := slices.IndexFunc(c.Counts, func(e statusCount) bool { return e.Key == k })
	if i < 0 {
		c.Counts = append(c.Counts, statusCount{Key: k, N: n})
		return
	}
	c.Counts[i].N += n
	if c.Counts[i].N == 0 {
		c.Counts = slices.Delete(c.Counts, i, i+1)
	}
}

// countStatuses counts the reports matching q in every state, from the
// status counts (q's Status, Open, Overdue and Search are ignored).
func (s *Store) countStatuses(ctx context.Context, q Inbox) (map[report.Status]int, error) {
	c, err := s.statusCounts(ctx)
	if err != nil {
		return nil, err
	}
	out := map[report.Status]int{}
	for _, e := range c.Counts {
		k := e.Key
		r := report.Report{Community: k.Community, Category: k.Category, Assignee: k.Assignee, Status: k.Status}
		if q.matchesPlace(r) {
			out[k.Status] += e.N
		}
	}
	return out, nil
}

// statusCounts reads the counts, shared with the memo: do not change them.
func (s *Store) statusCounts(ctx context.Context) (*statusCounts, error) {
	if e, ok := s.memo.blob("status_counts/status"); ok && e.decoded != nil {
		return e.decoded.(*statusCounts), nil
	}
	d, exists, err := s.findBlob(ctx, "status_counts", "status")
	c := &statusCounts{}
	if err != nil || !exists {
		return c, err
	}
	if err := bson.Unmarshal(d.Data, c); err != nil {
		return nil, fmt.Errorf("status counts: %w", err)
	}
	s.memo.keepDecoded("status_counts/status", d.Version, c)
	return c, nil
}
