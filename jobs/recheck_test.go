package jobs_test

import (
	"context"
	"testing"
	"time"

	"gridline/community"
	"gridline/jobs"
)

// TestAutoCloseSetsRecheckDue: a report the job closes owes the re-check
// (回头看) its category asks for, and is listed among those due when the
// time comes; a category that asks for none, or one since removed, leaves
// the report owing nothing.
func TestAutoCloseSetsRecheckDue(t *testing.T) {
	const fortnight = 14 * 24 * time.Hour
	for name, cat := range map[string]*community.Category{
		"category with a re-check": {Name: "市容环境", Deadline: 72 * time.Hour, Recheck: fortnight},
		"category without":         {Name: "市容环境", Deadline: 72 * time.Hour},
		"category removed":         nil,
	} {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			st := newStore(t)
			if cat != nil {
				if err := st.SaveCategory(ctx, *cat); err != nil {
					t.Fatal(err)
				}
			}
			r := resolvedAt(t, st, now.Add(-window-time.Minute))
			if n, err := jobs.AutoClose(ctx, st, window); err != nil || n != 1 {
				t.Fatalf("closed %d (%v), want 1", n, err)
			}
			var want time.Time
			if cat != nil && cat.Recheck > 0 {
				want = now.Add(cat.Recheck)
			}
			if got := reread(t, st, r); !got.RecheckDue.Equal(want) {
				t.Errorf("re-check due %v, want %v", got.RecheckDue, want)
			}
			due, err := st.RechecksDue(ctx, nil, now.Add(fortnight))
			if err != nil || len(due) != map[bool]int{true: 1}[!want.IsZero()] {
				t.Errorf("%d re-checks due (%v)", len(due), err)
			}
		})
	}
}
