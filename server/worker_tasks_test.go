package server_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"gridline/auth"
	"gridline/report"
)

// TestWorkerTasks: a grid worker's home is their task list, overdue first,
// then due within four hours, then the rest soonest due first; it holds only
// the reports they owe a step, none of another worker's, none waiting for
// the resident, none not yet dispatched.
func TestWorkerTasks(t *testing.T) {
	app := newTestApp(t)
	com := app.community("春和社区", "北山口镇")
	app.user("wang", auth.Worker, "", com.Code)
	app.user("li", auth.Worker, "", com.Code)
	app.user("zhao", auth.Worker, "", com.Code)
	now := time.Now()
	ago := func(h float64) time.Time { return now.Add(-time.Duration(h * float64(time.Hour))) }
	in := func(h float64) time.Time { return now.Add(time.Duration(h * float64(time.Hour))) }
	// Made in an order unlike the one wanted: newest first, due times mixed.
	later := app.reportThrough(t, com, ago(1), toDispatched(ago(1), in(48), "wang")...)
	taken := app.reportThrough(t, com, ago(2), append(toDispatched(ago(2), in(24), "wang"), stepTake(ago(1.5), "wang"))...)
	dueSoon := app.reportThrough(t, com, ago(3), toDispatched(ago(3), in(2), "wang")...)
	overdue := app.reportThrough(t, com, ago(50), toDispatched(ago(50), ago(2), "wang")...)
	app.reportThrough(t, com, ago(4), toDispatched(ago(4), in(1), "li")...)                                          // another worker's
	app.reportThrough(t, com, ago(5), append(toDispatched(ago(5), in(1), "wang"), stepResolve(ago(4.5), "wang"))...) // the resident's turn
	app.reportThrough(t, com, ago(6))                                                                                // not dispatched

	b, _ := app.login("wang")
	res := b.get("/admin")
	if !strings.Contains(res.body, staffText(t, "tasks.title")) {
		t.Fatalf("the worker's home is not the task list; notice %q", noticeOf(res.body))
	}
	if got, want := listedIDs(res.body), ids(overdue, dueSoon, taken, later); !slices.Equal(got, want) {
		t.Errorf("tasks %v, want %v (overdue, due soon, then soonest due)", got, want)
	}
	groups := []struct {
		kind string
		want []report.Report
	}{{"overdue", []report.Report{overdue}}, {"due_soon", []report.Report{dueSoon}}, {"later", []report.Report{taken, later}}}
	at := make([]int, len(groups)+1)
	for i, g := range groups {
		at[i] = strings.Index(res.body, `id="tasks-`+g.kind+`"`)
		if at[i] < 0 || i > 0 && at[i] < at[i-1] {
			t.Fatalf("group %s at %d, after %v: want overdue, due soon, later in that order", g.kind, at[i], at[:i])
		}
	}
	at[len(groups)] = len(res.body)
	for i, g := range groups {
		if got := listedIDs(res.body[at[i]:at[i+1]]); !slices.Equal(got, ids(g.want...)) {
			t.Errorf("group %s lists %v, want %v", g.kind, got, ids(g.want...))
		}
	}

	t.Run("nothing assigned", func(t *testing.T) {
		b, _ := app.login("zhao")
		body := b.get("/admin").body
		if got := listedIDs(body); len(got) != 0 || !strings.Contains(body, staffText(t, "tasks.none")) {
			t.Errorf("an idle worker's home lists %v, or lacks %q", got, staffText(t, "tasks.none"))
		}
	})
}
