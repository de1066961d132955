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

// TestJoinMoreOnTrackingPage: the tracking page a resident lands on after
// 我也遇到 offers them, and only them (their browser holds the cookie), to
// add a note and a photo; what they add counts nothing more. Another
// browser, a cookie that never joined, or a report resolved since, get no
// such form.
func TestJoinMoreOnTrackingPage(t *testing.T) {
	a := newTestApp(t)
	com := a.community("北山口村", "北山口镇")
	r := a.dispatchedReport(t, com)
	token, refs := a.joinForm(t, com.Code)
	rec := a.pressJoin(com.Code, token, refs[0], nil)
	cookie := joinedCookie(t, rec)
	if cookie.Path != "/t/"+r.ID || !cookie.HttpOnly || cookie.Value != token {
		t.Fatalf("cookie %+v; want the token, HttpOnly, for /t/%s only", cookie, r.ID)
	}
	page := a.trackingWith(r.ID, cookie)
	if !strings.Contains(page, `class="join-more"`) || !strings.Contains(page, `value="`+token+`"`) {
		t.Fatal("the tracking page offers the resident who joined no form to add a note or photo")
	}
	for name, c := range map[string]*http.Cookie{"no cookie": nil, "a token that never joined": {Name: cookie.Name, Value: randomToken(t)}} {
		if page := a.trackingWith(r.ID, c); strings.Contains(page, `class="join-more"`) || strings.Contains(page, token) {
			t.Errorf("%s: the tracking page offers the form or shows the token", name)
		}
	}
	add := multipartReport(t, "/c/"+com.Code+"/join", url.Values{"token": {token}, "report": {refs[0]}, "note": {"早上拍的"}}, smallJPEG(t))
	if rec := a.do(add); rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/t/"+r.ID+"?added=1" {
		t.Fatalf("adding: %d to %q, want 303 to ?added=1", rec.Code, rec.Header().Get("Location"))
	}
	after := a.reread(t, r.ID)
	if after.Joined != 1 || after.Joiners[0].Note != "早上拍的" || len(after.Joiners[0].Photos) != 1 {
		t.Errorf("after adding: Joined %d, joiner %+v; want 1 with the note and a photo", after.Joined, after.Joiners[0])
	}
	expectPage(t, a.get("/t/"+r.ID+"?added=1"), http.StatusOK, message(t, "zh-CN", "join.added"))

	a.advance(t, after, stepTake(time.Now(), "w1"), stepResolve(time.Now(), "w1"))
	if page := a.trackingWith(r.ID, cookie); strings.Contains(page, `class="join-more"`) {
		t.Error("a resolved report's tracking page still offers to add to the join")
	}
}

// joinedCookie is the cookie a press of 我也遇到 set.
func joinedCookie(t *testing.T, rec *httptest.ResponseRecorder) *http.Cookie {
	t.Helper()
	for _, c := range rec.Result().Cookies() {
		if c.Name == "gridline_joined" {
			return c
		}
	}
	t.Fatalf("no gridline_joined cookie in %v", rec.Header()["Set-Cookie"])
	return nil
}

// trackingWith is the tracking page of id as a browser with cookie (nil:
// none) sees it.
func (a *testApp) trackingWith(id string, cookie *http.Cookie) string {
	a.t.Helper()
	req := httptest.NewRequest(http.MethodGet, "/t/"+id, nil)
	if cookie != nil {
		req.AddCookie(&http.Cookie{Name: cookie.Name, Value: cookie.Value})
	}
	rec := a.do(req)
	if rec.Code != http.StatusOK {
		a.t.Fatalf("tracking page: %d", rec.Code)
	}
	return rec.Body.String()
}
