package store

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"slices"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"gridline/report"
)

// A closed report has left the work queue, so the re-checks (回头看) its
// category asks for would be found only by reading the whole history. The
// rechecks collection keeps one document per report whose re-check is owed
// (report.Report.RecheckDue set), from the step that closed it to the
// re-check that answers it, and the task lists read it whole. With a single
// writer the memo keeps it too (memo.go): every home page of the console
// reads it, and the embedded engine spends most of a millisecond on each
// document it reads.
//
// Like the work queue it is derived from the reports: every change writes
// its report's document or removes it (derive), a change cut short is
// finished by Recover, and `gridline rebuild` makes it again (absorb).
type recheckDoc struct {
	ID        string    `bson:"_id"`       // the tracking code
	Community string    `bson:"community"` // beside the copy, so the collection reads plainly in a database shell
	Due       time.Time `bson:"due"`
	Report    []byte    `bson:"b"` // the report as one binary BSON value, as in the work queue
}

func newRecheckDoc(r report.Report) (recheckDoc, error) {
	raw, err := bson.Marshal(r)
	return recheckDoc{ID: r.ID, Community: r.Community, Due: r.RecheckDue, Report: raw}, err
}

// keepRecheck writes r's document while its re-check is owed and removes it
// otherwise. Like the work queue it writes the whole state every time, so a
// change settled after another was cut short still leaves the right
// document; only a report just made, which cannot owe one, costs nothing.
func (s *Store) keepRecheck(ctx context.Context, old *report.Report, r report.Report) error {
	rechecks := s.db.Collection("rechecks")
	owed := !r.RecheckDue.IsZero()
	var err error
	switch {
	case owed:
		var d recheckDoc
		if d, err = newRecheckDoc(r); err == nil {
			_, err = rechecks.ReplaceOne(ctx, bson.M{"_id": r.ID}, d, options.Replace().SetUpsert(true))
		}
	case old == nil && len(r.Timeline) <= 1:
		return nil // a new report: nothing was ever owed
	default:
		_, err = rechecks.DeleteOne(ctx, bson.M{"_id": r.ID})
	}
	if err != nil {
		s.memo.rechecked(r, false, true)
		return fmt.Errorf("re-checks: %w", err)
	}
	s.memo.rechecked(r, owed, false)
	return nil
}

// RechecksDue lists the closed reports of the given communities (nil: all;
// empty: none) whose re-check falls due by the given time, the earliest due
// first. It reads the re-checks owed, never the history.
func (s *Store) RechecksDue(ctx context.Context, codes []string, by time.Time) ([]report.Report, error) {
	if codes != nil && len(codes) == 0 {
		return []report.Report{}, nil
	}
	owed, err := s.owedRechecks(ctx)
	if err != nil {
		return nil, err
	}
	out := []report.Report{}
	for _, r := range owed {
		if r.RecheckDueBy(by) && (codes == nil || slices.Contains(codes, r.Community)) {
			out = append(out, r)
		}
	}
	slices.SortFunc(out, func(a, b report.Report) int {
		return cmp.Or(a.RecheckDue.Compare(b.RecheckDue), cmp.Compare(a.ID, b.ID))
	})
	return out, nil
}

// owedRechecks is every report owing a re-check: remembered, or read whole.
func (s *Store) owedRechecks(ctx context.Context) ([]report.Report, error) {
	if rs, ok := s.memo.owedRechecks(); ok {
		return rs, nil
	}
	since := s.memo.recheckWriteCount()
	cur, err := s.db.Collection("rechecks").Find(ctx, bson.M{})
	if err != nil {
		return nil, fmt.Errorf("read re-checks: %w", err)
	}
	var docs []recheckDoc
	if err := cur.All(ctx, &docs); err != nil {
		return nil, fmt.Errorf("read re-checks: %w", err)
	}
	out := make([]report.Report, len(docs))
	for i, d := range docs {
		if err := bson.Unmarshal(d.Report, &out[i]); err != nil {
			return nil, fmt.Errorf("read re-checks: %s: %w", d.ID, err)
		}
	}
	s.memo.loadRechecks(out, since)
	return out, nil
}

// owedRechecks is the remembered re-checks owed, or false before they were read.
func (m *memo) owedRechecks() ([]report.Report, bool) {
	if m == nil {
		return nil, false
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.rechecks == nil {
		return nil, false
	}
	return slices.Collect(maps.Values(m.rechecks)), true
}

// recheckWriteCount is how many writes to the re-checks the memo has seen.
func (m *memo) recheckWriteCount() uint64 {
	if m == nil {
		return 0
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.recheckWrites
}

// loadRechecks remembers the re-checks as read, unless a write came since
// the read began: what was read may be older than that write.
func (m *memo) loadRechecks(rs []report.Report, since uint64) {
	if m == nil {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.recheckWrites != since {
		return
	}
	m.rechecks = make(map[string]report.Report, len(rs))
	for _, r := range rs {
		m.rechecks[r.ID] = r
	}
}

// rechecked notes a write of r's re-check document; failed forgets them
// all, since the write may have reached the database or not.
func (m *memo) rechecked(r report.Report, owed, failed bool) {
	if m == nil {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.recheckWrites++
	switch {
	case m.rechecks == nil:
	case failed:
		m.rechecks = nil
	case owed:
		m.rechecks[r.ID] = r
	default:
		delete(m.rechecks, r.ID)
	}
}
