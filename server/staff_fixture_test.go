package server_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"gridline/community"
	"gridline/locale"
	"gridline/report"
)

// staffText is message id in Chinese as a page shows it: refusals are
// checked by the words staff read, not by message IDs.
func staffText(t *testing.T, id string, args ...any) string {
	t.Helper()
	return escapedText(t, catalogMessage(t, locale.Chinese, id, args...))
}

// shanghai is the zone the console shows and reads times in.
var shanghai = time.FixedZone("CST", 8*3600)

// dueField is how the dispatch form's datetime-local field carries a time.
func dueField(at time.Time) string { return at.In(shanghai).Format("2006-01-02T15:04") }

var staffTokens atomic.Int64

// reportThrough stores a resident's report in com, created at, and takes it
// through steps with report.Apply, as the console would have.
func (a *testApp) reportThrough(t *testing.T, com community.Community, created time.Time, steps ...report.Step) report.Report {
	t.Helper()
	return a.reportIn(t, com, "市容环境", created, steps...)
}

// reportIn is reportThrough with a category.
func (a *testApp) reportIn(t *testing.T, com community.Community, category string, created time.Time, steps ...report.Step) report.Report {
	t.Helper()
	ctx := context.Background()
	created = created.UTC().Truncate(time.Millisecond)
	r, err := a.store.CreateReport(ctx, report.Report{
		Community: com.Code, Street: com.Street, Category: category,
		Description: "3号楼东侧路灯不亮已经一周了", Location: "3号楼",
		Contact: report.Contact{Name: "魏先生", Phone: "13812345678"},
		Status:  report.Submitted, CreatedAt: created, UpdatedAt: created,
		Timeline:    []report.Event{{At: created, Action: report.Submit, Status: report.Submitted}},
		SubmitToken: fmt.Sprintf("staff-test-%d", staffTokens.Add(1)),
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range steps {
		st.At = st.At.UTC().Truncate(time.Millisecond)
		st.DueAt = st.DueAt.UTC().Truncate(time.Millisecond)
		next, err := report.Apply(r, st)
		if err != nil {
			t.Fatalf("%s: %v", st.Action, err)
		}
		if err := a.store.UpdateReport(ctx, r.Version, next); err != nil {
			t.Fatalf("%s: %v", st.Action, err)
		}
		r = next
	}
	return r
}

// Steps of the loop at a time, for reportThrough.
func stepAccept(at time.Time, by string) report.Step {
	return report.Step{Action: report.Accept, Actor: by, At: at}
}

func stepDispatch(at, due time.Time, worker string) report.Step {
	return report.Step{Action: report.Dispatch, Actor: "op", At: at, Assignee: worker, DueAt: due}
}

func stepDispatchUnit(at, due time.Time, unit string) report.Step {
	return report.Step{Action: report.Dispatch, Actor: "op", At: at, Unit: unit, DueAt: due}
}

func stepTake(at time.Time, by string) report.Step {
	return report.Step{Action: report.Take, Actor: by, At: at}
}

func stepResolve(at time.Time, by string) report.Step {
	return report.Step{Action: report.Resolve, Actor: by, At: at, PublicNote: "已处理"}
}

func stepRate(at time.Time, r report.Rating) report.Step {
	return report.Step{Action: report.Rate, At: at, Rating: r}
}

// toDispatched is the loop up to a dispatch to worker, starting at created.
func toDispatched(created, due time.Time, worker string) []report.Step {
	return []report.Step{
		stepAccept(created.Add(time.Minute), "op"),
		stepDispatch(created.Add(2*time.Minute), due, worker),
	}
}

// reread loads a report as it is stored now.
func (a *testApp) reread(t *testing.T, id string) report.Report {
	t.Helper()
	r, err := a.store.Report(context.Background(), report.Tracking(id))
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// expectRefused checks a refused staff request: its status, the message
// the page shows, and that the report is exactly as it was.
func (a *testApp) expectRefused(t *testing.T, res page, status int, msg string, before report.Report) {
	t.Helper()
	if res.status != status {
		t.Errorf("status %d, want %d (notice %q)", res.status, status, noticeOf(res.body))
	}
	if !strings.Contains(res.body, msg) {
		t.Errorf("the page lacks %q; notice %q", msg, noticeOf(res.body))
	}
	after := a.reread(t, before.ID)
	if after.Version != before.Version || after.Status != before.Status || len(after.Timeline) != len(before.Timeline) ||
		after.Assignee != before.Assignee || after.Unit != before.Unit || after.Published != before.Published {
		t.Errorf("the report changed: %s v%d with %d events, was %s v%d with %d",
			after.Status, after.Version, len(after.Timeline), before.Status, before.Version, len(before.Timeline))
	}
}

// postWith posts a form with extra request headers.
func postWith(b *browser, path string, v url.Values, header map[string]string) page {
	b.t.Helper()
	req, err := http.NewRequest(http.MethodPost, b.base+path, strings.NewReader(v.Encode()))
	if err != nil {
		b.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for k, val := range header {
		req.Header.Set(k, val)
	}
	return b.do(req)
}

// sessionToken is the session cookie a browser holds, "" when none.
func sessionToken(b *browser) string {
	u, _ := url.Parse(b.base)
	for _, c := range b.client.Jar.Cookies(u) {
		if c.Name == "gridline_session" {
			return c.Value
		}
	}
	return ""
}

// browserWith is a new browser holding a session cookie with token.
func (a *testApp) browserWith(token string) *browser {
	a.t.Helper()
	b := a.browser()
	u, _ := url.Parse(b.base)
	b.client.Jar.SetCookies(u, []*http.Cookie{{Name: "gridline_session", Value: token, Path: "/"}})
	return b
}

var reportLink = regexp.MustCompile(`href="/admin/reports/([0-9A-Z]{9})"`)

// listedIDs are the report IDs a staff list links to, in page order.
func listedIDs(body string) []string {
	var out []string
	for _, m := range reportLink.FindAllStringSubmatch(body, -1) {
		out = append(out, m[1])
	}
	return out
}

// statusCount reads the count of one state at the top of the inbox.
func statusCount(t *testing.T, body string, s report.Status) int {
	t.Helper()
	m := regexp.MustCompile(`href="/admin/reports\?status=` + string(s) + `">[^<]*<strong>(\d+)</strong>`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no count for %s", s)
	}
	n, err := strconv.Atoi(m[1])
	if err != nil {
		t.Fatal(err)
	}
	return n
}
