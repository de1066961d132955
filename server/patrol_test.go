package server_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"gridline/auth"
	"gridline/community"
	"gridline/locale"
	"gridline/report"
)

// patrolApp is a test app whose night hours (夜巡) are hours.
func patrolApp(t *testing.T, hours string) *testApp {
	t.Helper()
	return newTestAppWith(t, map[string]string{
		"GRIDLINE_RATE_SUBMIT": "0", "GRIDLINE_RATE_LOOKUP": "0", "GRIDLINE_RATE_LOGIN": "0",
		"GRIDLINE_NIGHT_HOURS": hours,
	})
}

// nightHours is a span of night hours that holds now in Shanghai, or one
// that does not. Each keeps its answer for the next hour, so a test that
// runs across the end of an hour still gets the one it expects.
func nightHours(now bool) string {
	h := time.Now().In(shanghai).Hour()
	if now {
		return fmt.Sprintf("%d-%d", h, (h+2)%24)
	}
	return fmt.Sprintf("%d-%d", (h+2)%24, (h+3)%24)
}

// patrolFields is a complete patrol form for the community code.
func patrolFields(token, code string) url.Values {
	return url.Values{
		"token": {token}, "community": {code}, "category": {"市容环境"},
		"description": {"5号楼楼道堆放杂物，堵住了消防通道"}, "location": {"5号楼2单元"},
	}
}

// postPatrol sends the patrol form as b does: multipart, with photos, the
// CSRF token in the query.
func postPatrol(t *testing.T, b *browser, csrf string, fields url.Values, photos ...[]byte) page {
	t.Helper()
	return b.do(patrolRequest(t, b, csrf, fields, photos...))
}

// patrolToken opens the patrol form as b and returns its one-time token.
func patrolToken(t *testing.T, b *browser) string {
	t.Helper()
	res := b.get("/admin/patrol")
	if res.status != http.StatusOK {
		t.Fatalf("patrol form: %d", res.status)
	}
	return formToken(t, res.body)
}

// filedReport is the stored find a patrol POST's redirect leads to.
func (a *testApp) filedReport(t *testing.T, res page) report.Report {
	t.Helper()
	if res.status != http.StatusSeeOther {
		t.Fatalf("patrol: status %d, want 303; notice %q", res.status, noticeOf(res.body))
	}
	id, ok := strings.CutPrefix(res.location, "/admin/patrol?filed=")
	if rest, onPage := strings.CutPrefix(res.location, "/admin/reports/"); onPage {
		id, _, ok = strings.Cut(rest, "?done=patrol")
	}
	if !ok {
		t.Fatalf("patrol redirects to %q", res.location)
	}
	return a.reread(t, id)
}

// TestPatrolFind: a grid worker files a find in their community with a
// photo. It is stored accepted, found on patrol by them, 夜巡 exactly when
// the configured night hours hold; it waits for an operator (the category
// does not send finds to their finder), so the worker is shown its tracking
// code on the form, and the find is audited.
func TestPatrolFind(t *testing.T) {
	for _, tc := range []struct {
		name  string
		night bool
	}{{"in the night hours", true}, {"by day", false}} {
		t.Run(tc.name, func(t *testing.T) {
			app := patrolApp(t, nightHours(tc.night))
			com := app.community("春和社区", "北山口镇")
			other := app.community("桃花峪村", "北山口镇")
			app.user("wangli", auth.Worker, "", com.Code)
			b, csrf := app.login("wangli")

			form := b.get("/admin/patrol")
			if !strings.Contains(form.body, `<option value="`+com.Code+`" selected>`) || strings.Contains(form.body, other.Code) {
				t.Errorf("the form does not offer exactly the worker's one community, chosen")
			}
			res := postPatrol(t, b, csrf, patrolFields(formToken(t, form.body), com.Code), smallJPEG(t))
			r := app.filedReport(t, res)
			if !strings.HasPrefix(res.location, "/admin/patrol?filed=") {
				t.Errorf("a find left for dispatch sends the worker to %q, want the form", res.location)
			}
			expectFind(t, r, com, "wangli", tc.night)
			if r.Status != report.Accepted || r.Assignee != "" || len(r.Timeline) != 1 {
				t.Errorf("stored %s assigned to %q with %d events, want accepted, waiting for dispatch", r.Status, r.Assignee, len(r.Timeline))
			}
			if len(r.Photos) != 1 || len(app.photoFiles()) != 2 {
				t.Errorf("photos %v, files %v: want one photo and its thumbnail", r.Photos, app.photoFiles())
			}
			next := b.get(res.location)
			if want := staffText(t, "patrol.filed_waiting", "Code", r.Tracking().Display()); !strings.Contains(next.body, want) {
				t.Errorf("the form after filing lacks %q", want)
			}
			if n := app.audited(t, "report.patrol"); n != 1 {
				t.Errorf("%d report.patrol audit entries, want 1", n)
			}
		})
	}
}

// expectFind checks what every stored find holds: its community, its
// text, found on patrol by the worker, accepted when it was made, 夜巡 or
// not, and no resident's contact.
func expectFind(t *testing.T, r report.Report, com community.Community, by string, night bool) {
	t.Helper()
	if r.Source != report.FromPatrol || r.Night != night {
		t.Errorf("source %q, night %v; want patrol, night %v", r.Source, r.Night, night)
	}
	if e := r.Timeline[0]; e.Action != report.Patrol || e.Actor != by || e.Status != report.Accepted {
		t.Errorf("first event %s by %q to %s, want patrol by %s to accepted", e.Action, e.Actor, e.Status, by)
	}
	if r.AcceptedAt.IsZero() || !r.AcceptedAt.Equal(r.CreatedAt) {
		t.Errorf("accepted at %v, created at %v: want the same moment", r.AcceptedAt, r.CreatedAt)
	}
	if r.Community != com.Code || r.Street != com.Street || r.Category != "市容环境" ||
		r.Description != "5号楼楼道堆放杂物，堵住了消防通道" || r.Location != "5号楼2单元" || r.Contact != (report.Contact{}) {
		t.Errorf("stored %+v", r)
	}
}

// TestPatrolAutoDispatch: a category set to send finds to their finder
// (PatrolAssign) dispatches a worker's find to them at once, due by the
// category's deadline, and the worker lands on its page; another category,
// or a finder who is not a grid worker, leaves it accepted for dispatch.
func TestPatrolAutoDispatch(t *testing.T) {
	app := newTestApp(t)
	com := app.community("春和社区", "北山口镇")
	app.user("wangli", auth.Worker, "", com.Code)
	app.user("op", auth.Operator, "北山口镇")
	cats, err := app.store.Categories(t.Context())
	if err != nil || len(cats) < 2 || cats[0].Name != "市容环境" {
		t.Fatalf("categories %v: %v", cats, err)
	}
	assign := cats[0]
	assign.PatrolAssign, assign.Deadline = true, 36*time.Hour
	if err := app.store.SaveCategory(t.Context(), assign); err != nil {
		t.Fatal(err)
	}
	worker, workerCSRF := app.login("wangli")
	op, opCSRF := app.login("op")

	before := time.Now()
	res := postPatrol(t, worker, workerCSRF, patrolFields(patrolToken(t, worker), com.Code))
	r := app.filedReport(t, res)
	if res.location != "/admin/reports/"+r.ID+"?done=patrol" {
		t.Errorf("the worker is sent to %q, want the find's page", res.location)
	}
	expectFind(t, r, com, "wangli", r.Night)
	d := r.Timeline[len(r.Timeline)-1]
	if r.Status != report.Dispatched || r.Assignee != "wangli" || d.Action != report.Dispatch || d.Actor != "wangli" || d.Assignee != "wangli" {
		t.Errorf("stored %s for %q, last event %+v: want dispatched to the finder, by the finder", r.Status, r.Assignee, d)
	}
	if due := r.DueAt.Sub(r.CreatedAt); due != assign.Deadline || r.CreatedAt.Before(before.Truncate(time.Millisecond)) {
		t.Errorf("due %v after it was made (at %v), want the category's %v", due, r.CreatedAt, assign.Deadline)
	}
	filed := staffText(t, "patrol.filed", "Code", r.Tracking().Display())
	if page := worker.get(res.location); page.status != http.StatusOK || !strings.Contains(page.body, filed) {
		t.Errorf("the find's page: %d, notice %q, want %q", page.status, noticeOf(page.body), filed)
	}

	other := patrolFields(patrolToken(t, worker), com.Code)
	other.Set("category", cats[1].Name)
	if r := app.filedReport(t, postPatrol(t, worker, workerCSRF, other)); r.Status != report.Accepted || r.Assignee != "" {
		t.Errorf("a find of %s is %s for %q, want accepted for dispatch", cats[1].Name, r.Status, r.Assignee)
	}
	res = postPatrol(t, op, opCSRF, patrolFields(patrolToken(t, op), com.Code))
	if r := app.filedReport(t, res); r.Status != report.Accepted || r.Assignee != "" || res.location != "/admin/reports/"+r.ID+"?done=patrol" {
		t.Errorf("an operator's find is %s for %q, sent to %q: want accepted, on its page", r.Status, r.Assignee, res.location)
	}
}

// TestPatrolPagesInEveryLanguage renders the patrol form, a find's page,
// its tracking page and the statistics in every language: none may fail in
// its template or lack a message.
func TestPatrolPagesInEveryLanguage(t *testing.T) {
	app := newTestApp(t)
	com := app.community("春和社区", "北山口镇")
	app.user("wangli", auth.Worker, "", com.Code)
	app.user("op", auth.Operator, "北山口镇")
	find := app.storeFind(t, com, time.Now().Add(-time.Minute), true)
	worker, _ := app.login("wangli")
	op, _ := app.login("op")
	for _, lang := range locale.Langs() {
		for _, tc := range []struct {
			b    *browser
			path string
		}{
			{worker, "/admin/patrol"}, {worker, "/admin/patrol?filed=" + find.ID}, {op, "/admin/reports/" + find.ID + "?done=patrol"},
			{op, "/admin/stats"}, {op, "/t/" + find.ID},
		} {
			req, err := http.NewRequest(http.MethodGet, tc.b.base+tc.path, nil)
			if err != nil {
				t.Fatal(err)
			}
			req.AddCookie(&http.Cookie{Name: "lang", Value: lang})
			if res := tc.b.do(req); res.status != http.StatusOK || !strings.Contains(res.body, `<html lang="`+lang+`">`) {
				t.Errorf("%s in %s: %d", tc.path, lang, res.status)
			}
		}
	}
}
