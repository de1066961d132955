package server_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"gridline/auth"
	"gridline/report"
)

// TestFormListsOpenReports: the form lists the community's reports a
// resident may still join from the last 30 days, newest first, and no
// others: not older ones, not resolved, closed or rejected ones, not another
// community's. It never shows a tracking code. After a refused send, the
// chosen category's reports come first.
func TestFormListsOpenReports(t *testing.T) {
	a := newTestApp(t)
	com := a.community("北山口村", "北山口镇")
	other := a.community("南河村", "北山口镇")
	now := time.Now()
	day := func(n int) time.Time { return now.Add(-time.Duration(n) * 24 * time.Hour) }
	submitted := a.reportIn(t, com, "市容环境", day(1))
	road := a.reportIn(t, com, "道路交通", day(10))
	dispatched := a.reportThrough(t, com, day(20), toDispatched(day(19), now.Add(time.Hour), "w1")...)
	a.reportThrough(t, com, day(31)) // too old
	a.reportThrough(t, com, day(2), report.Step{Action: report.Reject, Actor: "op", At: day(2), PublicNote: "不属于本社区"})
	a.reportThrough(t, com, day(3), append(toDispatched(day(3), now.Add(time.Hour), "w1"), stepResolve(day(2), "w1"))...)
	a.reportThrough(t, other, day(1))

	rec := a.get("/c/" + com.Code)
	body := rec.Body.String()
	if got := strings.Count(body, `name="report"`); got != 3 {
		t.Errorf("the form lists %d reports, want 3 (submitted, road, dispatched)", got)
	}
	categories := listedCategories(body)
	if want := []string{"市容环境", "道路交通", "市容环境"}; strings.Join(categories, ",") != strings.Join(want, ",") {
		t.Errorf("listed categories %v, want %v (newest first)", categories, want)
	}
	for _, r := range []report.Report{submitted, road, dispatched} {
		if strings.Contains(body, r.ID) || strings.Contains(body, r.Tracking().Display()) {
			t.Errorf("the public form shows tracking code %s: whoever holds it may rate the report", r.ID)
		}
	}

	refused := a.do(urlencoded("/c/"+com.Code, url.Values{"token": {a.formToken(com.Code)}, "category": {"道路交通"}, "description": {""}}))
	if refused.Code != http.StatusUnprocessableEntity {
		t.Fatalf("a send without a description: %d, want 422", refused.Code)
	}
	if got := listedCategories(refused.Body.String()); len(got) != 3 || got[0] != "道路交通" {
		t.Errorf("after a refused send with 道路交通 the list is %v; want 道路交通 first", got)
	}
}

// listedCategories reads the categories of the reports a form lists.
func listedCategories(body string) []string {
	var out []string
	for _, part := range strings.Split(body, `<li data-category="`)[1:] {
		cat, _, _ := strings.Cut(part, `"`)
		out = append(out, cat)
	}
	return out
}

// TestJoinCountsInInboxAndStatistics: staff see how many residents
// reported a report in the inbox, 多人反映 from three and first in the
// urgent order; the statistics count it as one report and show the presses
// beside it.
func TestJoinCountsInInboxAndStatistics(t *testing.T) {
	a := newTestApp(t)
	com := a.community("北山口村", "北山口镇")
	now := time.Now()
	a.reportThrough(t, com, now.Add(-3*time.Hour)) // awaiting a decision: first in the urgent order until…
	r := a.dispatchedReport(t, com)
	_, refs := a.joinForm(t, com.Code)
	var ref string
	for _, candidate := range refs { // the dispatched one: the older of the two
		ref = candidate
	}
	for range 2 {
		token, _ := a.joinForm(t, com.Code)
		if rec := a.pressJoin(com.Code, token, ref, nil); rec.Code != http.StatusSeeOther {
			t.Fatalf("press: %d", rec.Code)
		}
	}
	if got := a.reread(t, r.ID); got.Joined != 2 {
		t.Fatalf("Joined %d, want 2", got.Joined)
	}
	a.user("boss", auth.Admin, "")
	b, _ := a.login("boss")
	inbox := b.get("/admin/reports?sort=urgent")
	if !strings.Contains(inbox.body, staffText(t, "staff.crowd")+" · "+staffText(t, "staff.residents_flag", "Count", 3)) {
		t.Errorf("the inbox lacks 多人反映 · 3人反映")
	}
	if ids := listedIDs(inbox.body); len(ids) != 2 || ids[0] != r.ID {
		t.Errorf("urgent inbox %v; want %s (3 residents) first", ids, r.ID)
	}
	stats := b.get("/admin/stats")
	if !strings.Contains(stats.body, staffText(t, "stats.joins_summary", "Count", 2)) {
		t.Error("the statistics page does not show the 2 presses")
	}
	total := stats.body[strings.Index(stats.body, `<tr class="total">`):]
	if !strings.HasPrefix(strings.SplitN(total, "<td>", 2)[1], "2</td>") {
		t.Errorf("the total row starts %.80q; want 2 reports received, not 4", total)
	}
}

// TestFormListShowsEachReport: each listed report shows its state, category,
// age in calendar days, the first 40 characters of its description and its
// first photo's thumbnail, which 先审后公开 holds back like everywhere else.
func TestFormListShowsEachReport(t *testing.T) {
	for _, review := range []bool{false, true} {
		env := map[string]string{"GRIDLINE_RATE_SUBMIT": "0", "GRIDLINE_RATE_LOOKUP": "0", "GRIDLINE_RATE_LOGIN": "0"}
		if review {
			env["GRIDLINE_PHOTO_REVIEW"] = "1"
		}
		a := newTestAppWith(t, env)
		com := a.community("北山口村", "北山口镇")
		a.reportThrough(t, com, time.Now().Add(-20*24*time.Hour), toDispatched(time.Now().Add(-19*24*time.Hour), time.Now().Add(time.Hour), "w1")...)
		long := strings.Repeat("小区东门的路灯坏了", 6) // 54 characters
		fields := validFields(a.formToken(com.Code))
		fields.Set("description", long)
		rec := a.do(multipartReport(t, "/c/"+com.Code, fields, smallJPEG(t)))
		photographed := a.submitted(t, rec)

		body := a.get("/c/" + com.Code).Body.String()
		thumb := `src="/p/` + photographed.Photos[0] + `/thumb"`
		for _, want := range []string{`badge-submitted`, `badge-dispatched`, message(t, "zh-CN", "similar.today"),
			catalogMessage(t, "zh-CN", "similar.days_ago", "Count", 20), string([]rune(long)[:40]) + "…"} {
			if !strings.Contains(body, want) {
				t.Errorf("review %v: the list lacks %q", review, want)
			}
		}
		if strings.Contains(body, long) {
			t.Errorf("review %v: the list shows the whole description, want 40 characters", review)
		}
		if got := strings.Contains(body, thumb); got == review {
			t.Errorf("review %v: thumbnail shown %v", review, got)
		}
	}
}
