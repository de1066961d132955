package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"reflect"
	"time"

	"gridline/report"
	"gridline/stats"
	"gridline/store"
)

// Verify recomputes a period's statistics from every stored report's
// timeline (gridline verify [--from D] [--to D]) and compares them with what
// the month tallies give, community by community: the check after a crash,
// or whenever a figure is in doubt. `gridline rebuild` repairs a difference.
func Verify(ctx context.Context, st *store.Store, zone *time.Location, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("verify", flag.ContinueOnError)
	today := st.Now().In(zone)
	from := fs.String("from", today.AddDate(-1, 0, 1).Format(time.DateOnly), "first day (YYYY-MM-DD)")
	to := fs.String("to", today.Format(time.DateOnly), "last day (YYYY-MM-DD)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	first, err1 := time.ParseInLocation(time.DateOnly, *from, zone)
	last, err2 := time.ParseInLocation(time.DateOnly, *to, zone)
	if err := errors.Join(err1, err2); err != nil || last.Before(first) {
		return fmt.Errorf("verify: --from and --to must be dates, from before to: %v", err)
	}
	days := stats.Days{First: stats.DayOf(first, zone), Last: stats.DayOf(last, zone)}
	coms, err := st.Communities(ctx)
	if err != nil {
		return err
	}
	var scoped []stats.Community
	for _, c := range coms {
		scoped = append(scoped, stats.Community{Code: c.Code, Name: c.Name, Street: c.Street})
	}
	var rs []report.Report
	err = st.EachReport(ctx, func(r report.Report) error {
		if days.Contains(stats.DayOf(r.CreatedAt, zone)) {
			rs = append(rs, r)
		}
		return nil
	})
	if err != nil {
		return err
	}
	months, err := st.Tallies(ctx, days)
	if err != nil {
		return err
	}
	open, err := st.OpenReports(ctx)
	if err != nil {
		return err
	}
	now := st.Now()
	tallied := stats.Summarize(months, scoped, days, stats.Overdue(open, days, zone, now))
	recomputed := stats.Compute(rs, scoped, days.Period(zone), now)
	return compareSummaries(stdout, tallied, recomputed, len(rs))
}

// compareSummaries prints each community whose figures differ; poster
// scans are left out, since only the tallies count them.
func compareSummaries(w io.Writer, tallied, recomputed stats.Summary, n int) error {
	want := map[string]stats.Row{}
	for _, st := range recomputed.Streets {
		for _, row := range st.Communities {
			want[row.Code] = row
		}
	}
	differ := 0
	for _, st := range tallied.Streets {
		for _, row := range st.Communities {
			row.Scans = 0
			if w2, ok := want[row.Code]; !ok || !reflect.DeepEqual(row, w2) {
				differ++
				fmt.Fprintf(w, "%s %s: tallies %+v\n  recomputed %+v\n", row.Street, row.Name, row, w2)
			}
		}
	}
	if differ > 0 {
		return fmt.Errorf("verify: %d communities differ from the timelines; run gridline rebuild", differ)
	}
	fmt.Fprintf(w, "tallies equal a recomputation from the timelines of %d reports\n", n)
	return nil
}
