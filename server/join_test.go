package server_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"gridline/community"
	"gridline/report"
)

// joinRefs reads the references of the open reports a form lists, in order.
func joinRefs(t *testing.T, body string) []string {
	t.Helper()
	var refs []string
	for _, m := range regexp.MustCompile(`name="report" value="([0-9a-f]{16})"`).FindAllStringSubmatch(body, -1) {
		refs = append(refs, m[1])
	}
	return refs
}

// joinForm opens a community's form: its token and the references it lists.
func (a *testApp) joinForm(t *testing.T, code string) (string, []string) {
	t.Helper()
	rec := a.get("/c/" + code)
	if rec.Code != http.StatusOK {
		t.Fatalf("form: %d", rec.Code)
	}
	return formToken(t, rec.Body.String()), joinRefs(t, rec.Body.String())
}

// pressJoin sends 我也遇到 as the button alone does.
func (a *testApp) pressJoin(code, token, ref string, more url.Values) *httptest.ResponseRecorder {
	v := url.Values{"token": {token}, "report": {ref}}
	for k, vs := range more {
		v[k] = vs
	}
	return a.do(urlencoded("/c/"+code+"/join", v))
}

// dispatchedReport is an open report of com, made a day ago.
func (a *testApp) dispatchedReport(t *testing.T, com community.Community) report.Report {
	t.Helper()
	now := time.Now()
	return a.reportThrough(t, com, now.Add(-24*time.Hour), toDispatched(now.Add(-23*time.Hour), now.Add(48*time.Hour), "w1")...)
}

// TestJoinCountsOnceAndShowsOnTrackingPage: a second resident presses
// 我也遇到 on the form's list instead of reporting again. They land on the
// tracking page, which says 共2位居民反映; the same form pressed again counts
// once; a note sent with a later press joins their entry; a third resident's
// form counts again; no report is made.
func TestJoinCountsOnceAndShowsOnTrackingPage(t *testing.T) {
	a := newTestApp(t)
	com := a.community("北山口村", "北山口镇")
	r := a.dispatchedReport(t, com)

	token, refs := a.joinForm(t, com.Code)
	if len(refs) != 1 {
		t.Fatalf("the form lists %d open reports, want 1", len(refs))
	}
	rec := a.pressJoin(com.Code, token, refs[0], nil)
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/t/"+r.ID+"?joined=1" {
		t.Fatalf("press: %d to %q, want 303 to the report's tracking page", rec.Code, rec.Header().Get("Location"))
	}
	after := a.reread(t, r.ID)
	if after.Joined != 1 || len(after.Joiners) != 1 || after.Status != report.Dispatched {
		t.Fatalf("after one press: Joined %d, %d joiners, %s; want 1, 1, dispatched", after.Joined, len(after.Joiners), after.Status)
	}
	expectPage(t, a.get("/t/"+r.ID+"?joined=1"), http.StatusOK,
		catalogMessage(t, "zh-CN", "track.residents", "Count", 2), message(t, "zh-CN", "join.thanks"))

	if rec := a.pressJoin(com.Code, token, refs[0], nil); rec.Code != http.StatusSeeOther {
		t.Fatalf("second press: %d", rec.Code)
	}
	if again := a.reread(t, r.ID); again.Joined != 1 || again.Version != after.Version {
		t.Errorf("a second press of the same form: Joined %d, version %d; want 1, %d (nothing written)", again.Joined, again.Version, after.Version)
	}
	a.pressJoin(com.Code, token, refs[0], url.Values{"note": {"我家门口那盏也不亮"}})
	noted := a.reread(t, r.ID)
	if noted.Joined != 1 || noted.Joiners[0].Note != "我家门口那盏也不亮" {
		t.Errorf("a press with a note: Joined %d, note %q; want 1 and the note", noted.Joined, noted.Joiners[0].Note)
	}

	other, _ := a.joinForm(t, com.Code)
	a.pressJoin(com.Code, other, refs[0], nil)
	if third := a.reread(t, r.ID); third.Joined != 2 || third.Residents() != 3 {
		t.Errorf("another resident's form: Joined %d, Residents %d; want 2, 3", third.Joined, third.Residents())
	}
	if n := a.countReports(); n != 1 {
		t.Errorf("%d reports stored, want the one", n)
	}
	page := a.get("/t/" + r.ID).Body.String()
	if !strings.Contains(page, catalogMessage(t, "zh-CN", "track.residents", "Count", 3)) || strings.Contains(page, "我家门口那盏也不亮") {
		t.Error("the tracking page should say 共3位居民反映 and never show a joiner's note")
	}
}
