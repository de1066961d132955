// Package jobs runs Gridline's periodic work inside the server: closing
// resolved reports nobody rated in time, clearing expired sessions, and
// removing photos no report refers to.
//
// Every job is safe on several instances at once: each change is a
// compare-and-set on the report's version, so only one instance wins it.
package jobs

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"gridline/community"
	"gridline/photostore"
	"gridline/report"
	"gridline/store"
)

// Store is what the jobs need.
type Store interface {
	Now() time.Time
	ResolvedBefore(ctx context.Context, t time.Time, limit int) ([]report.Report, error)
	Category(ctx context.Context, name string) (community.Category, error)
	UpdateReport(ctx context.Context, prev int, next report.Report) error
	DeleteExpired(ctx context.Context) error
	IndexIDs(ctx context.Context) error
	Recover(ctx context.Context, age time.Duration) (int, error)
	PhotoRefs
}

// AutoClose closes resolved reports whose rating window has passed and
// returns how many this call closed. Each closing step carries its
// category's re-check delay (回头看), as a resident's rating does.
func AutoClose(ctx context.Context, st Store, window time.Duration) (int, error) {
	now := st.Now()
	rs, err := st.ResolvedBefore(ctx, now.Add(-window), 500)
	if err != nil {
		return 0, err
	}
	delays := map[string]time.Duration{} // by category, read once a run
	closed := 0
	for _, r := range rs {
		after, ok := delays[r.Category]
		if !ok {
			if after, err = recheckAfter(ctx, st, r.Category); err != nil {
				return closed, err
			}
			delays[r.Category] = after
		}
		next, err := report.Apply(r, report.Step{Action: report.AutoClose, At: now, Actor: "system", RecheckAfter: after})
		if err != nil {
			return closed, fmt.Errorf("auto-close %s: %w", r.ID, err)
		}
		err = st.UpdateReport(ctx, r.Version, next)
		if errors.Is(err, store.ErrConflict) {
			continue // another instance, or the resident, got there first
		}
		if err != nil {
			return closed, err
		}
		closed++
	}
	return closed, nil
}

// recheckAfter is how long after closing a report of the category its
// re-check falls due: none for a category since removed.
func recheckAfter(ctx context.Context, st Store, category string) (time.Duration, error) {
	c, err := st.Category(ctx, category)
	if errors.Is(err, store.ErrNotFound) {
		return 0, nil
	}
	return c.Recheck, err
}

// Run runs the jobs every interval until ctx ends.
func Run(ctx context.Context, st Store, photos photostore.Store, window, interval time.Duration, log *slog.Logger) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if n, err := AutoClose(ctx, st, window); err != nil {
			log.Error("auto-close", "err", err)
		} else if n > 0 {
			log.Info("auto-closed reports", "count", n)
		}
		if err := st.DeleteExpired(ctx); err != nil {
			log.Error("delete expired sessions", "err", err)
		}
		if err := st.IndexIDs(ctx); err != nil { // for collections made since
			log.Error("index _id look-ups", "err", err)
		}
		// Changes whose derived data failed to update (a database error
		// mid-way): a request in flight settles its own within seconds.
		if n, err := st.Recover(ctx, 2*time.Minute); err != nil {
			log.Error("recover pending changes", "err", err)
		} else if n > 0 {
			log.Info("finished changes cut short", "reports", n)
		}
		if n, err := CleanOrphans(ctx, st, photos); err != nil {
			log.Error("clean orphan photos", "err", err)
		} else if n > 0 {
			log.Info("removed orphan photos", "files", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
