package store

import (
	"cmp"
	"context"
	"fmt"
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
// re-check that answers it: the few dozen a street owes, read whole by the
// task lists.
//
// Like the work queue it is derived from the reports: every change writes
// its report's document or removes it (derive), a change cut short is
// finished by Recover, and `gridline rebuild` makes it again (absorb).
type recheckDoc struct {
	ID        string    `bson:"_id"`       // the tracking code
	Community string    `bson:"community"` // filtered on before the report is decoded
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
	var err error
	switch {
	case !r.RecheckDue.IsZero():
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
		return fmt.Errorf("re-checks: %w", err)
	}
	return nil
}

// RechecksDue lists the closed reports of the given communities (nil: all;
// empty: none) whose re-check falls due by the given time, the earliest due
// first. It reads the rechecks collection whole: the re-checks owed, never
// the history.
func (s *Store) RechecksDue(ctx context.Context, codes []string, by time.Time) ([]report.Report, error) {
	if codes != nil && len(codes) == 0 {
		return []report.Report{}, nil
	}
	cur, err := s.db.Collection("rechecks").Find(ctx, bson.M{})
	if err != nil {
		return nil, fmt.Errorf("read re-checks: %w", err)
	}
	var docs []recheckDoc
	if err := cur.All(ctx, &docs); err != nil {
		return nil, fmt.Errorf("read re-checks: %w", err)
	}
	out := []report.Report{}
	for _, d := range docs {
		if d.Due.After(by) || codes != nil && !slices.Contains(codes, d.Community) {
			continue
		}
		var r report.Report
		if err := bson.Unmarshal(d.Report, &r); err != nil {
			return nil, fmt.Errorf("read re-checks: %s: %w", d.ID, err)
		}
		out = append(out, r)
	}
	slices.SortFunc(out, func(a, b report.Report) int {
		return cmp.Or(a.RecheckDue.Compare(b.RecheckDue), cmp.Compare(a.ID, b.ID))
	})
	return out, nil
}
