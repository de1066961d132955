package server_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"gridline/auth"
	"gridline/community"
	"gridline/report"
)

// The hostile-input corpus: requests a bot, an attacker or a broken client
// sends, against the real router and database. Every case states the status
// it expects and what it may change; the runner checks that nothing else
// changed (reports, photo files, the fixture reports' versions, states and
// timelines, accounts, sessions, communities, categories). The cases are in
// hostile_*_test.go, grouped by kind; TestHostileRequests runs them all.

// hostileCase is one hostile request.
type hostileCase struct {
	name   string
	req    func(w *hostileWorld) *http.Request
	status int
	effect effect
	// wire sends the request through a real http.Server configured like
	// serve.go instead of straight into the router.
	wire bool
	// want checks the answer beyond its status (optional); added is the
	// report the request stored, for the oneReport effect.
	want func(t *testing.T, w *hostileWorld, rec *httptest.ResponseRecorder, added report.Report)
}

// effect is what a hostile request may change; the zero value is nothing.
type effect int

const (
	nothing    effect = iota
	oneReport         // a report stored, as the Location names, with its photos
	oneSession        // a sign-in: one session more
	oneNote           // one step on the world's open report
)

// hostileWorld is what every hostile request runs against: two streets,
// staff signed in, and reports in the states the requests aim at.
type hostileWorld struct {
	t        *testing.T
	app      *testApp
	a, b     community.Community
	open     report.Report // submitted, in a: staff actions aim at it
	accepted report.Report // accepted, in a: dispatches aim at it
	resolved report.Report // resolved, in a: ratings aim at it
	other    report.Report // submitted, in b: outside the operator's street
	admin    staffSession  // "boss", an administrator
	op       staffSession  // "op", the operator of a's street
	wire     *httptest.Server
}

// staffSession is a signed-in account as raw cookie and form token.
type staffSession struct{ token, csrf string }

func TestHostileRequests(t *testing.T) {
	w := newHostileWorld(t)
	var all []hostileCase
	for _, group := range [][]hostileCase{
		injectionCases(), bodyCases(), uploadCases(), pathCases(), textCases(), crossSiteCases(), headerCases(),
	} {
		all = append(all, group...)
	}
	if len(all) < 40 {
		t.Fatalf("only %d hostile cases", len(all))
	}
	seen := map[string]bool{}
	for _, tc := range all {
		if seen[tc.name] {
			t.Fatalf("two cases named %q", tc.name)
		}
		seen[tc.name] = true
		t.Run(tc.name, func(t *testing.T) { w.run(t, tc) })
	}
}

func newHostileWorld(t *testing.T) *hostileWorld {
	t.Helper()
	app := newTestApp(t)
	w := &hostileWorld{t: t, app: app}
	w.a = app.community("春和社区", "北山口镇")
	w.b = app.community("河西社区", "南湖街道")
	app.user("boss", auth.Admin, "")
	app.user("op", auth.Operator, w.a.Street)
	app.user("wang", auth.Worker, "", w.a.Code)
	app.user("li", auth.Worker, "", w.b.Code)
	w.open = app.seedReport(t, w.a, report.Submitted, "")
	w.accepted = app.seedReport(t, w.a, report.Accepted, "")
	w.resolved = app.seedReport(t, w.a, report.Resolved, "wang")
	w.other = app.seedReport(t, w.b, report.Submitted, "")
	w.admin = app.staffSession("boss")
	w.op = app.staffSession("op")
	return w
}

// seedReport stores a report in state st, as if staff had brought it there,
// assigned to worker (or to nobody).
func (a *testApp) seedReport(t *testing.T, c community.Community, st report.Status, worker string) report.Report {
	t.Helper()
	now := time.Now().UTC().Truncate(time.Millisecond)
	r := report.Report{
		Community: c.Code, Street: c.Street, Category: "市容环境",
		Description: "3号楼东侧路灯不亮已经一周了", Location: "3号楼",
		Contact: report.Contact{Name: "魏先生", Phone: "13812345678"},
		Status:  st, Assignee: worker, SubmitToken: newHexToken(t),
		Timeline: []report.Event{
			{At: now, Action: report.Submit, Status: report.Submitted},
			{At: now, Action: report.Note, Status: st, Actor: "op", InternalNote: "内部备注"},
		},
		CreatedAt: now, UpdatedAt: now,
	}
	if worker != "" {
		r.DueAt = now.Add(48 * time.Hour)
	}
	if st == report.Resolved {
		r.Reply, r.ResolvedAt = "路灯已更换", now
	}
	r, err := a.store.CreateReport(context.Background(), r)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// staffSession signs name in and returns its session cookie and form token.
func (a *testApp) staffSession(name string) staffSession {
	a.t.Helper()
	b, csrf := a.login(name)
	return staffSession{token: jarCookie(b, "gridline_session"), csrf: csrf}
}

// jarCookie is the value of a browser's cookie, "" when it has none.
func jarCookie(b *browser, name string) string {
	u, _ := url.Parse(b.base)
	for _, c := range b.client.Jar.Cookies(u) {
		if c.Name == name {
			return c.Value
		}
	}
	return ""
}

// as adds a staff session's cookie to a request; the zero session is anonymous.
func as(s staffSession, req *http.Request) *http.Request {
	if s.token != "" {
		req.AddCookie(&http.Cookie{Name: "gridline_session", Value: s.token})
	}
	return req
}

// run sends one case and checks its status and everything it may not change.
func (w *hostileWorld) run(t *testing.T, tc hostileCase) {
	before := w.snapshot(t)
	req := tc.req(w)
	var rec *httptest.ResponseRecorder
	if tc.wire {
		rec = w.overTheWire(t, req)
	} else {
		rec = httptest.NewRecorder()
		w.app.handler.ServeHTTP(rec, req)
	}
	if rec.Code != tc.status {
		t.Errorf("status %d, want %d; Location %q; body:\n%.600s", rec.Code, tc.status, rec.Header().Get("Location"), rec.Body)
	}
	want := before
	var added report.Report
	switch tc.effect {
	case oneReport:
		added = w.added(t, rec)
		want.reports++
		want.photoFiles += 2 * len(added.Photos)
	case oneSession:
		want.sessions++
	case oneNote:
		now := w.app.storedReport(w.open.ID)
		want.fixtures = strings.Replace(want.fixtures, fixtureLine(w.open.ID, before.openState), fixtureLine(w.open.ID, now), 1)
		if now.Version != before.openState.Version+1 || len(now.Timeline) != len(before.openState.Timeline)+1 {
			t.Errorf("open report v%d with %d events, want one step more than v%d with %d",
				now.Version, len(now.Timeline), before.openState.Version, len(before.openState.Timeline))
		}
	}
	after := w.snapshot(t)
	after.openState, want.openState = report.Report{}, report.Report{}
	if d := want.diff(after); d != "" {
		t.Errorf("the request changed what it may not:\n%s", d)
	}
	if tc.want != nil {
		tc.want(t, w, rec, added)
	}
}

// added is the report a 303 to its tracking page names.
func (w *hostileWorld) added(t *testing.T, rec *httptest.ResponseRecorder) report.Report {
	t.Helper()
	rest, ok := strings.CutPrefix(rec.Header().Get("Location"), "/t/")
	if !ok {
		t.Fatalf("no report stored: Location %q", rec.Header().Get("Location"))
	}
	code, _, _ := strings.Cut(rest, "?")
	return w.app.storedReport(code)
}

// storedReport loads a report by its tracking code.
func (a *testApp) storedReport(id string) report.Report {
	a.t.Helper()
	r, err := a.store.Report(context.Background(), report.Tracking(id))
	if err != nil {
		a.t.Fatalf("report %s: %v", id, err)
	}
	return r
}

// reportLinks are the report IDs a staff page links to.
func reportLinks(body string) []string {
	var ids []string
	for _, m := range regexp.MustCompile(`href="/admin/reports/([0-9A-Z]{9})"`).FindAllStringSubmatch(body, -1) {
		if !slices.Contains(ids, m[1]) {
			ids = append(ids, m[1])
		}
	}
	return ids
}

// newHexToken is a well-formed form token: 32 hex digits.
func newHexToken(t *testing.T) string {
	t.Helper()
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(b)
}
