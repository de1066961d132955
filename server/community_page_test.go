package server_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"gridline/auth"
	"gridline/community"
	"gridline/report"
)

// loopReport stores a report of com whose timeline holds the given steps,
// each at submitted plus its offset.
func (a *testApp) loopReport(t *testing.T, com community.Community, submitted time.Time, st report.Status, steps ...step) report.Report {
	t.Helper()
	r := report.Report{
		Community: com.Code, Street: com.Street, Category: "市容环境", Status: st,
		Description: "内部描述：3号楼东侧路灯不亮", Location: "3号楼2单元",
		Contact:     report.Contact{Name: "魏先生", Phone: "13812345678"},
		SubmitToken: randomToken(t), CreatedAt: submitted, UpdatedAt: submitted,
		Timeline: []report.Event{{At: submitted, Action: report.Submit, Status: report.Submitted}},
	}
	for _, s := range steps {
		e := report.Event{At: submitted.Add(s.after), Action: s.action, Status: s.status, Photos: s.photos,
			PublicNote: s.note, InternalNote: "内部备注：不要公开"}
		r.Timeline = append(r.Timeline, e)
		if s.action == report.Resolve {
			r.Reply, r.ResolvedAt = s.note, e.At
		}
	}
	r.Published = st == report.Closed
	out, err := a.store.CreateReport(context.Background(), r)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

type step struct {
	after  time.Duration
	action report.Action
	status report.Status
	note   string
	photos []string
}

// numbersOf reads a row of the public page's table: this month, this year.
func numbersOf(t *testing.T, body, label string) [2]string {
	t.Helper()
	m := regexp.MustCompile(`<tr><th scope="row">` + regexp.QuoteMeta(label) + `</th><td>(.*?)</td><td>(.*?)</td></tr>`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("the community page has no row %q", label)
	}
	return [2]string{m[1], m[2]}
}

// statsRowAt returns a community's row of the statistics for a period.
func statsRowAt(t *testing.T, b *browser, query, name string) []string {
	t.Helper()
	res := b.get("/admin/stats?" + query)
	m := regexp.MustCompile(`(?s)<tr><th scope="row" class="indent">` + name + `</th>(.*?)</tr>`).FindStringSubmatch(res.body)
	if m == nil {
		t.Fatalf("no stats row for %s", name)
	}
	var cells []string
	for _, c := range regexp.MustCompile(`<td>(.*?)</td>`).FindAllStringSubmatch(m[1], -1) {
		cells = append(cells, strings.TrimSpace(c[1]))
	}
	return cells
}

// TestCommunityPageMatchesStats: the public page's numbers for this month and
// this year are the staff statistics' numbers for the same periods, and it
// shows published results and nothing else of residents' reports.
func TestCommunityPageMatchesStats(t *testing.T) {
	app := newTestApp(t)
	com := app.community("春和社区", "北山口镇")
	other := app.community("东门社区", "北山口镇")
	app.user("op", auth.Operator, "北山口镇")
	op, csrf := app.login("op")
	now, waiting := app.communityPageHistory(t, com, other)

	page := app.get("/communities/" + com.Code)
	expectPage(t, page, http.StatusOK, "春和社区", "北山口镇", "路灯已更换", "/p/after36photo/thumb", "市容环境 · ")
	body := page.Body.String()
	month := statsRowAt(t, op, "", "春和社区")
	today := now.Format(time.DateOnly)
	year := statsRowAt(t, op, url.Values{"from": {now.Format("2006") + "-01-01"}, "to": {today}}.Encode(), "春和社区")
	for _, c := range []struct {
		label string
		col   int
	}{{"收到上报", 0}, {"已办结", 2}, {"办结率", 3}, {"满意率", 7}} {
		got := numbersOf(t, body, c.label)
		if got[0] != month[c.col] || got[1] != year[c.col] {
			t.Errorf("%s: public %v, staff %s / %s", c.label, got, month[c.col], year[c.col])
		}
	}
	if got := numbersOf(t, body, "办结率"); got[0] != "75.0%" {
		t.Errorf("办结率 %s, want 75.0%% (3 of 5, one rejected)", got[0])
	}
	// Median days = the staff's median hours ÷ 24 (36 h of 12, 36, 60 h).
	if got := numbersOf(t, body, "办理用时中位数（天）"); got[0] != "1.5" || !strings.HasPrefix(month[6], "36.0 /") {
		t.Errorf("median days %v, staff hours %q; want 1.5 and 36.0", got, month[6])
	}
	for _, secret := range []string{"内部描述", "3号楼2单元", "魏先生", "13812345678", "内部备注", "重办前的答复",
		"井盖已加固", "不属于受理范围", waiting.ID} {
		if strings.Contains(body, secret) {
			t.Errorf("the public page shows %q", secret)
		}
	}

	// Publishing a result (the staff action) puts it on the page.
	act(t, op, waiting.ID, "publish", url.Values{"csrf": {csrf}})
	expectPage(t, app.get("/communities/"+com.Code), http.StatusOK, "井盖已加固")
}

// communityPageHistory stores this month's reports of com in every outcome,
// one of last year and one of other, and returns now and the resolved report
// waiting for a rating.
func (app *testApp) communityPageHistory(t *testing.T, com, other community.Community) (time.Time, report.Report) {
	t.Helper()
	zone := app.cfg.Zone
	now := time.Now().In(zone)
	monthStart := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, zone)
	sub := now.Add(-time.Minute).UTC().Truncate(time.Millisecond)
	if sub.Before(monthStart) {
		sub = monthStart.UTC()
	}
	h := time.Hour
	dispatch := step{after: time.Minute, action: report.Dispatch, status: report.Dispatched}
	app.loopReport(t, com, sub, report.Closed, dispatch,
		step{after: 36 * h, action: report.Resolve, status: report.Resolved, note: "路灯已更换", photos: []string{"after36photo"}},
		step{after: 37 * h, action: report.Rate, status: report.Closed})
	app.loopReport(t, com, sub, report.Reopened, dispatch,
		step{after: 12 * h, action: report.Resolve, status: report.Resolved, note: "重办前的答复"},
		step{after: 13 * h, action: report.Rate, status: report.Reopened})
	app.loopReport(t, com, sub, report.Rejected, step{after: h, action: report.Reject, status: report.Rejected, note: "不属于受理范围"})
	app.loopReport(t, com, sub, report.Submitted)
	waiting := app.loopReport(t, com, sub, report.Resolved, dispatch,
		step{after: 60 * h, action: report.Resolve, status: report.Resolved, note: "井盖已加固"})
	app.loopReport(t, com, time.Date(now.Year()-1, 6, 1, 0, 0, 0, 0, zone).UTC(), report.Submitted)
	app.loopReport(t, other, sub, report.Submitted)
	return now, waiting
}

// TestCommunityPages: the list per street, the form's link, both languages,
// and 404 for unknown or disabled communities.
func TestCommunityPages(t *testing.T) {
	app := newTestApp(t)
	a := app.community("春和社区", "北山口镇")
	app.community("西湖社区", "南湖街道")
	off := app.community("旧村", "南湖街道")
	off.Disabled = true
	if err := app.store.UpdateCommunity(context.Background(), off); err != nil {
		t.Fatal(err)
	}
	list := app.get("/communities")
	expectPage(t, list, http.StatusOK, "<h2>北山口镇</h2>", "<h2>南湖街道</h2>", `href="/communities/`+a.Code+`"`)
	if strings.Contains(list.Body.String(), "旧村") {
		t.Error("the list shows a disabled community")
	}
	expectPage(t, app.get("/c/"+a.Code), http.StatusOK, `href="/communities/`+a.Code+`"`)
	for _, path := range []string{"/communities/" + off.Code, "/communities/ZZZZZZ", "/communities/x"} {
		if rec := app.get(path); rec.Code != http.StatusNotFound {
			t.Errorf("GET %s: %d, want 404", path, rec.Code)
		}
	}
	for _, lang := range []string{"zh-CN", "en"} {
		for _, path := range []string{"/communities", "/communities/" + a.Code} {
			req, _ := http.NewRequest(http.MethodGet, path, nil)
			req.AddCookie(&http.Cookie{Name: "lang", Value: lang})
			expectPage(t, app.do(req), http.StatusOK, `<html lang="`+lang+`">`, "</html>")
		}
	}
}
