package server_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"gridline/auth"
	"gridline/report"
)

// TestRechecksDueInTaskLists: the re-checks (回头看) due appear in the task
// list of every grid worker serving the community, after the overdue and
// due-soon tasks and before the later ones, with when they fell due; in the
// home of the operators of its street and of admins; nowhere else. One not
// due yet, or already made, is listed nowhere.
func TestRechecksDueInTaskLists(t *testing.T) {
	app := newTestApp(t)
	com := app.community("春和社区", "北山口镇")
	other := app.community("河西社区", "南湖街道")
	app.user("wang", auth.Worker, "", com.Code)
	app.user("zhao", auth.Worker, "", com.Code, other.Code)
	app.user("li", auth.Worker, "", other.Code)
	app.user("op", auth.Operator, com.Street)
	app.user("opb", auth.Operator, other.Street)
	app.user("root", auth.Admin, "")
	now := time.Now()
	overdue := app.reportThrough(t, com, now.Add(-50*time.Hour), toDispatched(now.Add(-50*time.Hour), now.Add(-2*time.Hour), "wang")...)
	later := app.reportThrough(t, com, now.Add(-time.Hour), toDispatched(now.Add(-time.Hour), now.Add(48*time.Hour), "wang")...)
	due := app.owingRecheck(t, com, "li") // fixed by a worker since moved: the community's workers re-check it
	start := now.Add(-3 * 24 * time.Hour)
	notYet := app.reportIn(t, com, "安全隐患", start, append(toDispatched(start, start.Add(time.Hour), "wang"),
		stepResolve(start.Add(time.Hour), "wang"),
		report.Step{Action: report.Rate, At: start.Add(2 * time.Hour), Rating: report.Satisfied, RecheckAfter: 14 * 24 * time.Hour})...)
	done := app.owingRecheck(t, com, "wang")
	root, csrf := app.login("root")
	if res := recheckAs(t, root, done.ID, csrf, recheckFields(report.Held, ""), smallJPEG(t)); res.status != http.StatusSeeOther {
		t.Fatalf("re-check: %d", res.status)
	}

	wang, _ := app.login("wang")
	body := wang.get("/admin").body
	if got, want := listedIDs(body), ids(overdue, due, later); !slices.Equal(got, want) {
		t.Errorf("wang's tasks %v, want %v: overdue, the re-check due, later", got, want)
	}
	at := strings.Index(body, `id="tasks-recheck"`)
	if at < 0 {
		t.Fatal("wang's task list has no re-check group")
	}
	if !strings.Contains(body[at:], `<time datetime="`+due.RecheckDue.UTC().Format(time.RFC3339)) {
		t.Error("the re-check's card does not show when it fell due")
	}
	for name, want := range map[string][]string{
		"zhao": {due.ID}, "li": nil, "op": {due.ID}, "opb": nil, "root": {due.ID},
	} {
		b, _ := app.login(name)
		home := b.get("/admin").body
		i := strings.Index(home, `id="tasks-recheck"`)
		if (i >= 0) != (want != nil) {
			t.Errorf("%s's home has a re-check group: %v, want %v", name, i >= 0, want != nil)
			continue
		}
		if i >= 0 && !slices.Equal(listedIDs(home[i:]), want) {
			t.Errorf("%s's re-checks due %v, want %v", name, listedIDs(home[i:]), want)
		}
	}
	if strings.Contains(body, notYet.ID) || strings.Contains(body, done.ID) {
		t.Error("a re-check not due yet, or made, is listed")
	}
}
