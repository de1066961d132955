package server_test

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"gridline/auth"
	"gridline/community"
	"gridline/locale"
	"gridline/report"
)

// owingRecheck stores a 安全隐患 report of com that worker fixed and a
// satisfied resident closed, whose category's re-check (回头看) fell due an
// hour ago.
func (a *testApp) owingRecheck(t *testing.T, com community.Community, worker string) report.Report {
	t.Helper()
	now := time.Now()
	created := now.Add(-20 * 24 * time.Hour)
	closed := created.Add(3 * time.Hour)
	steps := append(toDispatched(created, created.Add(72*time.Hour), worker),
		stepResolve(created.Add(2*time.Hour), worker),
		report.Step{Action: report.Rate, At: closed, Rating: report.Satisfied, RecheckAfter: now.Add(-time.Hour).Sub(closed)})
	r := a.reportIn(t, com, "安全隐患", created, steps...)
	if r.RecheckDue.IsZero() {
		t.Fatal("the fixture owes no re-check")
	}
	return r
}

// recheckAs posts the re-check form as b: its fields (finding, public) and
// photos.
func recheckAs(t *testing.T, b *browser, id, csrf string, fields url.Values, photos ...[]byte) page {
	t.Helper()
	return b.do(recheckRequest(t, b, id, csrf, fields, photos...))
}

// recheckRequest is recheckAs's request, to send later.
func recheckRequest(t *testing.T, b *browser, id, csrf string, fields url.Values, photos ...[]byte) *http.Request {
	t.Helper()
	req := multipartReport(t, b.base+"/admin/reports/"+id+"/recheck?csrf="+url.QueryEscape(csrf), fields, photos...)
	req.RequestURI = "" // made for a server; sent by a client here
	return req
}

// recheckFields is the re-check form's fields for a finding and a public note.
func recheckFields(f report.Finding, note string) url.Values {
	return url.Values{"finding": {string(f)}, "public": {note}}
}

// TestRecheckRecorded: a grid worker serving the community opens a closed
// report whose re-check is due, finds the form, and records what the visit
// found with a photo. 保持 leaves it closed, 反弹 reopens it for the
// operators, without its former assignee; either way nothing is owed any
// more, and the public page shows the re-check, its result and its photo,
// with nothing private.
func TestRecheckRecorded(t *testing.T) {
	for _, tc := range []struct {
		finding report.Finding
		status  report.Status
		label   string
	}{
		{report.Held, report.Closed, "回头看：保持"},
		{report.Relapsed, report.Reopened, "回头看：反弹"},
	} {
		t.Run(string(tc.finding), func(t *testing.T) {
			app := newTestApp(t)
			com := app.community("春和社区", "北山口镇")
			app.user("wangli", auth.Worker, "", com.Code)
			app.user("zhao", auth.Worker, "", com.Code)
			r := app.owingRecheck(t, com, "wangli")
			worker, csrf := app.login("zhao") // serves the community, never had the report
			form := worker.get("/admin/reports/" + r.ID)
			if form.status != http.StatusOK || !strings.Contains(form.body, `action="/admin/reports/`+r.ID+`/recheck?csrf=`) {
				t.Fatalf("report page %d without the re-check form", form.status)
			}
			res := recheckAs(t, worker, r.ID, csrf, recheckFields(tc.finding, "已到现场查看"), smallJPEG(t))
			// Nothing is owed any more, and the report was never the worker's
			// task: back to the task list.
			if res.status != http.StatusSeeOther || res.location != "/admin?done=recheck-"+string(tc.finding) {
				t.Fatalf("re-check: %d to %q, notice %q", res.status, res.location, noticeOf(res.body))
			}
			got := app.reread(t, r.ID)
			last := got.Timeline[len(got.Timeline)-1]
			if got.Status != tc.status || !got.RecheckDue.IsZero() || last.Action != report.Recheck ||
				last.Actor != "zhao" || len(last.Photos) != 1 || !last.DueAt.Equal(r.RecheckDue) {
				t.Fatalf("stored %s, due %v, last event %+v", got.Status, got.RecheckDue, last)
			}
			if tc.finding == report.Relapsed && (got.Relapses != 1 || got.Assignee != "") {
				t.Errorf("relapses %d, assignee %q: want 1 and none", got.Relapses, got.Assignee)
			}
			if again := worker.get("/admin/reports/" + r.ID); again.status != http.StatusNotFound {
				t.Errorf("the worker still sees the report after its re-check: %d", again.status)
			}
			app.expectPublicRecheck(t, r.ID, tc.label, last.Photos[0])
		})
	}
}

// expectPublicRecheck checks the tracking page: the re-check's line with
// its result and photo, and none of the staff's names or notes.
func (a *testApp) expectPublicRecheck(t *testing.T, id, label, photo string) {
	t.Helper()
	rec := a.get("/t/" + id)
	body := rec.Body.String()
	if rec.Code != http.StatusOK || !strings.Contains(body, `<span class="status">`+label+`</span>`) {
		t.Errorf("tracking page %d without %q", rec.Code, label)
	}
	if !strings.Contains(body, `src="/p/`+photo+`/thumb" alt="`+catalogMessage(t, locale.Chinese, "track.recheck_photo")+`"`) {
		t.Error("the tracking page does not show the re-check's photo")
	}
	if !strings.Contains(body, "已到现场查看") {
		t.Error("the tracking page does not show the re-check's public note")
	}
	for _, private := range []string{"zhao", "wangli", "13812345678", "魏先生"} {
		if strings.Contains(body, private) {
			t.Errorf("the tracking page shows %q", private)
		}
	}
}

// TestRecheckBackToOperators: a relapse puts the report back in its
// street's operators' inbox as reopened, flagged with the relapse on its
// page; an admin may record a re-check too.
func TestRecheckBackToOperators(t *testing.T) {
	app := newTestApp(t)
	com := app.community("春和社区", "北山口镇")
	app.user("wangli", auth.Worker, "", com.Code)
	app.user("op", auth.Operator, com.Street)
	app.user("root", auth.Admin, "")
	r := app.owingRecheck(t, com, "wangli")
	root, rootCSRF := app.login("root")
	res := recheckAs(t, root, r.ID, rootCSRF, recheckFields(report.Relapsed, ""), smallJPEG(t))
	if res.status != http.StatusSeeOther || res.location != "/admin/reports/"+r.ID+"?done=recheck" {
		t.Fatalf("admin's re-check: %d to %q, notice %q", res.status, res.location, noticeOf(res.body))
	}
	if page := root.get(res.location); strings.Contains(page.body, "/recheck?csrf=") {
		t.Error("the form is still offered after the re-check")
	}
	op, _ := app.login("op")
	inbox := op.get("/admin/reports?status=reopened")
	if !slices.Contains(listedIDs(inbox.body), r.ID) {
		t.Errorf("the operator's reopened reports %v lack %s", listedIDs(inbox.body), r.ID)
	}
	page := op.get("/admin/reports/" + r.ID)
	if flag := staffText(t, "staff.relapsed_flag", "Count", 1); !strings.Contains(page.body, flag) {
		t.Errorf("the report page does not show %q", flag)
	}
	if !strings.Contains(page.body, `action="/admin/reports/`+r.ID+`/accept"`) {
		t.Error("the operator cannot accept the reopened report again")
	}
}
