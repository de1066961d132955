package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"gridline/report"
	"gridline/store"
)

// TestListReportsUrgentPages checks the urgent order over every state, page
// by page: open reports (no due first, then earliest due), then finished ones
// newest first.
func TestListReportsUrgentPages(t *testing.T) {
	ctx := context.Background()
	st := newStore(t)
	at := storeAt.Add(-100 * time.Hour)
	dispatchDue := func(due time.Time) []report.Step {
		return []report.Step{
			{Action: report.Accept, Actor: "op", At: at.Add(time.Minute)},
			{Action: report.Dispatch, Actor: "op", At: at.Add(2 * time.Minute), Assignee: "wang", DueAt: due},
		}
	}
	waiting := putReport(t, st, "K7M2QX", "北山口镇", at.Add(time.Hour))
	dueLater := putReport(t, st, "K7M2QX", "北山口镇", at, dispatchDue(storeAt.Add(5*time.Hour))...)
	dueFirst := putReport(t, st, "K7M2QX", "北山口镇", at, dispatchDue(storeAt.Add(-time.Hour))...)
	rejectedOld := putReport(t, st, "K7M2QX", "北山口镇", at.Add(-time.Hour),
		report.Step{Action: report.Reject, Actor: "op", At: at, PublicNote: "重复"})
	closedLate := putReport(t, st, "K7M2QX", "北山口镇", at.Add(2*time.Hour), append(dispatchDue(at.Add(3*time.Hour)),
		report.Step{Action: report.Resolve, Actor: "wang", At: at.Add(4 * time.Hour), PublicNote: "已处理"},
		report.Step{Action: report.Rate, At: at.Add(5 * time.Hour), Rating: report.Satisfied})...)
	resolved := putReport(t, st, "K7M2QX", "北山口镇", at.Add(3*time.Hour), append(dispatchDue(at.Add(4*time.Hour)),
		report.Step{Action: report.Resolve, Actor: "wang", At: at.Add(5 * time.Hour), PublicNote: "已处理"})...)
	putReport(t, st, "9HT4PA", "南河街道", at) // another street

	all := []string{waiting.ID, dueFirst.ID, dueLater.ID, resolved.ID, closedLate.ID, rejectedOld.ID}
	q := store.Inbox{Communities: []string{"K7M2QX"}, Urgent: true, Now: storeAt}
	tests := []struct{ skip, limit int }{{0, 2}, {2, 2}, {4, 2}, {6, 2}, {0, 0}, {1, 4}, {3, 1}, {5, 10}}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("skip %d limit %d", tt.skip, tt.limit), func(t *testing.T) {
			rs, total, err := st.ListReports(ctx, q, tt.skip, tt.limit)
			if err != nil {
				t.Fatal(err)
			}
			end := len(all)
			if tt.limit > 0 {
				end = min(tt.skip+tt.limit, len(all))
			}
			want := all[min(tt.skip, len(all)):end]
			if fmt.Sprint(ids(rs)) != fmt.Sprint(want) || total != len(all) {
				t.Errorf("got %v of %d, want %v of %d", ids(rs), total, want, len(all))
			}
		})
	}

	t.Run("with a state filter, one order", func(t *testing.T) {
		rs, total, err := st.ListReports(ctx, store.Inbox{Status: report.Dispatched, Urgent: true}, 0, 10)
		if err != nil || total != 2 || fmt.Sprint(ids(rs)) != fmt.Sprint([]string{dueFirst.ID, dueLater.ID}) {
			t.Errorf("got %v of %d, %v", ids(rs), total, err)
		}
	})
	t.Run("newest first", func(t *testing.T) {
		rs, _, err := st.ListReports(ctx, store.Inbox{Communities: []string{"K7M2QX"}}, 0, 3)
		if err != nil || fmt.Sprint(ids(rs)) != fmt.Sprint([]string{resolved.ID, closedLate.ID, waiting.ID}) {
			t.Errorf("got %v, %v", ids(rs), err)
		}
	})
}

// TestCountByStatus ignores the state filters of the inbox it counts.
func TestCountByStatus(t *testing.T) {
	ctx := context.Background()
	st := newStore(t)
	putReport(t, st, "K7M2QX", "北山口镇", storeAt)
	putReport(t, st, "K7M2QX", "北山口镇", storeAt)
	putReport(t, st, "K7M2QX", "北山口镇", storeAt, report.Step{Action: report.Accept, Actor: "op", At: storeAt})
	putReport(t, st, "9HT4PA", "南河街道", storeAt)
	got, err := st.CountByStatus(ctx, store.Inbox{Communities: []string{"K7M2QX"}, Status: report.Accepted, Overdue: true, Open: true, Now: storeAt})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[report.Submitted] != 2 || got[report.Accepted] != 1 {
		t.Errorf("counts %v", got)
	}
}
