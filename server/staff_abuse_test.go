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

// TestStaffCSRF posts a real action with every kind of bad token or origin:
// each is refused with 403 and the report is untouched.
func TestStaffCSRF(t *testing.T) {
	app := newTestApp(t)
	com := app.community("春和社区", "北山口镇")
	app.user("op", auth.Operator, "北山口镇")
	app.user("op2", auth.Operator, "北山口镇")
	r := app.reportThrough(t, com, time.Now().Add(-time.Hour))
	op, csrf := app.login("op")
	_, otherCSRF := app.login("op2")
	msg := staffText(t, "error.csrf.message")

	for _, tt := range csrfCases(csrf, otherCSRF) {
		t.Run(tt.name, func(t *testing.T) {
			v := url.Values{"public": {"已收到"}}
			if tt.csrf != nil {
				v["csrf"] = tt.csrf
			}
			res := postWith(op, "/admin/reports/"+r.ID+"/accept", v, tt.header)
			app.expectRefused(t, res, http.StatusForbidden, msg, r)
		})
	}

	t.Run("multipart resolve without its token", func(t *testing.T) {
		app.user("wang", auth.Worker, "", com.Code)
		d := app.reportThrough(t, com, time.Now().Add(-time.Hour), toDispatched(time.Now().Add(-time.Hour), time.Now().Add(time.Hour), "wang")...)
		worker, _ := app.login("wang")
		res := resolveAs(t, worker, d.ID, "", "路灯已更换", smallJPEG(t))
		app.expectRefused(t, res, http.StatusForbidden, msg, d)
	})

	t.Run("logout without its token keeps the session", func(t *testing.T) {
		res := op.post("/admin/logout", url.Values{})
		if res.status != http.StatusForbidden || !strings.Contains(res.body, msg) {
			t.Errorf("logout without token: %d", res.status)
		}
		if home := op.get("/admin"); home.status != http.StatusOK {
			t.Errorf("the session ended: %d", home.status)
		}
	})

	t.Run("the real form from the configured origin works", func(t *testing.T) {
		res := postWith(op, "/admin/reports/"+r.ID+"/accept", url.Values{"csrf": {csrf}},
			map[string]string{"Origin": "https://gridline.example.org"})
		if res.status != http.StatusSeeOther {
			t.Fatalf("status %d: %s", res.status, noticeOf(res.body))
		}
	})
}

// csrfCase is a staff action posted with the given tokens and headers.
type csrfCase struct {
	name   string
	csrf   []string
	header map[string]string
}

// csrfCases are TestStaffCSRF's bad tokens and origins; csrf is the
// session's own token, otherCSRF another session's.
func csrfCases(csrf, otherCSRF string) []csrfCase {
	return []csrfCase{
		{"forged token", []string{"forged-token"}, nil},
		{"missing token", nil, nil},
		{"empty token", []string{""}, nil},
		{"token of another session", []string{otherCSRF}, nil},
		{"token with a character changed", []string{csrf[:len(csrf)-1] + "x"}, nil},
		{"cross-site Origin", []string{csrf}, map[string]string{"Origin": "https://evil.example"}},
		{"look-alike Origin", []string{csrf}, map[string]string{"Origin": "https://gridline.example.org.evil.example"}},
		{"opaque Origin", []string{csrf}, map[string]string{"Origin": "null"}},
		{"cross-site Referer", []string{csrf}, map[string]string{"Referer": "https://evil.example/form.html"}},
	}
}

// TestStaffExpiredSession: a session past its time sends GETs to the login
// page (coming back afterwards) and refuses POSTs.
func TestStaffExpiredSession(t *testing.T) {
	app := newTestApp(t)
	com := app.community("春和社区", "北山口镇")
	app.user("op", auth.Operator, "北山口镇")
	r := app.reportThrough(t, com, time.Now().Add(-time.Hour))
	now := time.Now().UTC()
	const token, csrf = "expired-session-token", "expired-session-csrf"
	err := app.store.CreateSession(t.Context(), auth.Session{
		ID: auth.TokenID(token), Username: "op", CSRF: csrf, CreatedAt: now.Add(-13 * time.Hour), ExpiresAt: now.Add(-time.Hour),
	})
	if err != nil {
		t.Fatal(err)
	}

	t.Run("GET goes to the login page", func(t *testing.T) {
		b := app.browserWith(token)
		res := b.get("/admin/reports/" + r.ID + "?tab=1")
		want := "/admin/login?next=" + url.QueryEscape("/admin/reports/"+r.ID+"?tab=1")
		if res.status != http.StatusSeeOther || res.location != want {
			t.Errorf("got %d to %q, want 303 to %q", res.status, res.location, want)
		}
		if sessionToken(b) != "" {
			t.Error("the dead session cookie was not cleared")
		}
	})
	t.Run("POST is refused", func(t *testing.T) {
		b := app.browserWith(token)
		res := b.post("/admin/reports/"+r.ID+"/accept", url.Values{"csrf": {csrf}})
		app.expectRefused(t, res, http.StatusForbidden, staffText(t, "error.session.message"), r)
	})
	t.Run("no cookie at all", func(t *testing.T) {
		b := app.browser()
		if res := b.get("/admin"); res.status != http.StatusSeeOther || !strings.HasPrefix(res.location, "/admin/login") {
			t.Errorf("got %d to %q", res.status, res.location)
		}
		res := b.post("/admin/reports/"+r.ID+"/accept", url.Values{"csrf": {csrf}})
		app.expectRefused(t, res, http.StatusForbidden, staffText(t, "error.session.message"), r)
	})
	t.Run("a made-up cookie", func(t *testing.T) {
		b := app.browserWith("made-up")
		res := b.post("/admin/reports/"+r.ID+"/accept", url.Values{"csrf": {csrf}})
		app.expectRefused(t, res, http.StatusForbidden, staffText(t, "error.session.message"), r)
	})
}

// TestStaffLogoutEndsSession replays the cookie of a session that logged out.
func TestStaffLogoutEndsSession(t *testing.T) {
	app := newTestApp(t)
	com := app.community("春和社区", "北山口镇")
	app.user("op", auth.Operator, "北山口镇")
	r := app.reportThrough(t, com, time.Now().Add(-time.Hour))
	op, csrf := app.login("op")
	token := sessionToken(op)
	if token == "" {
		t.Fatal("no session cookie after login")
	}

	res := op.post("/admin/logout", url.Values{"csrf": {csrf}})
	if res.status != http.StatusSeeOther || res.location != "/admin/login" {
		t.Fatalf("logout: %d to %q", res.status, res.location)
	}
	if _, err := app.store.Session(t.Context(), auth.TokenID(token)); err == nil {
		t.Error("the session is still stored after logout")
	}
	replay := app.browserWith(token)
	if res := replay.get("/admin"); res.status != http.StatusSeeOther || !strings.HasPrefix(res.location, "/admin/login") {
		t.Errorf("replayed cookie, GET: %d to %q", res.status, res.location)
	}
	res = app.browserWith(token).post("/admin/reports/"+r.ID+"/accept", url.Values{"csrf": {csrf}})
	app.expectRefused(t, res, http.StatusForbidden, staffText(t, "error.session.message"), r)
}

// TestStaffDisabledAccount: disabling an account ends its live sessions at
// their next request, and it cannot sign in again.
func TestStaffDisabledAccount(t *testing.T) {
	app := newTestApp(t)
	com := app.community("春和社区", "北山口镇")
	app.user("op", auth.Operator, "北山口镇")
	r := app.reportThrough(t, com, time.Now().Add(-time.Hour))
	op, csrf := app.login("op")
	if err := app.store.SetUserDisabled(t.Context(), "op", true); err != nil {
		t.Fatal(err)
	}
	if res := op.get("/admin/reports/" + r.ID); res.status != http.StatusSeeOther || !strings.HasPrefix(res.location, "/admin/login") {
		t.Errorf("GET with a disabled account's session: %d to %q", res.status, res.location)
	}
	op2, _ := app.loginAgain(t, "op")
	res := op2.post("/admin/reports/"+r.ID+"/accept", url.Values{"csrf": {csrf}})
	app.expectRefused(t, res, http.StatusForbidden, staffText(t, "error.session.message"), r)
}

// loginAgain tries to sign a disabled account in and expects 401.
func (a *testApp) loginAgain(t *testing.T, name string) (*browser, page) {
	t.Helper()
	b := a.browser()
	form := b.get("/admin/login")
	res := b.post("/admin/login", url.Values{
		"csrf": {csrfOf(t, form.body)}, "username": {name}, "password": {name + "-password"},
	})
	if res.status != http.StatusUnauthorized || !strings.Contains(res.body, staffText(t, "login.failed")) {
		t.Errorf("login of a disabled account: %d %q", res.status, noticeOf(res.body))
	}
	return b, res
}

// TestStaffWorkerScope: a worker cannot see or act on what is not
// dispatched to them (404, as if it did not exist), and may only take and
// resolve what is (403 for the operators' actions).
func TestStaffWorkerScope(t *testing.T) {
	app := newTestApp(t)
	com := app.community("春和社区", "北山口镇")
	app.user("wang", auth.Worker, "", com.Code)
	app.user("li", auth.Worker, "", com.Code)
	start, due := time.Now().Add(-2*time.Hour), time.Now().Add(24*time.Hour)
	toLi := app.reportThrough(t, com, start, toDispatched(start, due, "li")...)
	toUnit := app.reportThrough(t, com, start, append(toDispatched(start, due, "li"), stepDispatchUnit(start.Add(time.Hour), due, "镇城建办"))...)
	submitted := app.reportThrough(t, com, start)
	mine := app.reportThrough(t, com, start, toDispatched(start, due, "wang")...)
	worker, csrf := app.login("wang")
	notFound := staffText(t, "error.not_found.message")
	notYours := staffText(t, "error.not_yours.message")

	tests := []struct {
		name   string
		r      report.Report
		action string
		status int
		msg    string
	}{
		{"take a report dispatched to another worker", toLi, "take", http.StatusNotFound, notFound},
		{"note on a report dispatched to another worker", toLi, "note", http.StatusNotFound, notFound},
		{"take a report dispatched to a unit", toUnit, "take", http.StatusNotFound, notFound},
		{"take a report not dispatched yet", submitted, "take", http.StatusNotFound, notFound},
		{"accept a report not dispatched yet", submitted, "accept", http.StatusNotFound, notFound},
		{"accept my report", mine, "accept", http.StatusForbidden, notYours},
		{"reject my report", mine, "reject", http.StatusForbidden, notYours},
		{"dispatch my report", mine, "dispatch", http.StatusForbidden, notYours},
		{"publish my report", mine, "publish", http.StatusForbidden, notYours},
		{"rate my report", mine, "rate", http.StatusForbidden, notYours},
		{"auto-close my report", mine, "autoclose", http.StatusForbidden, notYours},
		{"an action that does not exist", mine, "delete", http.StatusForbidden, notYours},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := worker.post("/admin/reports/"+tt.r.ID+"/"+tt.action, url.Values{
				"csrf": {csrf}, "public": {"理由"}, "internal": {"备注"}, "worker": {"wang"}, "due": {dueField(due)}, "rating": {"satisfied"},
			})
			app.expectRefused(t, res, tt.status, tt.msg, tt.r)
		})
	}
	t.Run("resolve a report dispatched to another worker", func(t *testing.T) {
		res := resolveAs(t, worker, toLi.ID, csrf, "已处理", smallJPEG(t))
		app.expectRefused(t, res, http.StatusNotFound, notFound, toLi)
		app.expectNoOrphanPhotos(t)
	})
	t.Run("open a report dispatched to another worker", func(t *testing.T) {
		res := worker.get("/admin/reports/" + toLi.ID)
		if res.status != http.StatusNotFound || strings.Contains(res.body, "13812345678") {
			t.Errorf("status %d; contact shown: %v", res.status, strings.Contains(res.body, "13812345678"))
		}
	})
	t.Run("my own report offers take and resolve only", func(t *testing.T) {
		expectWorkerForms(t, worker, mine.ID)
	})
}

// expectWorkerForms checks that the worker's page of report id, dispatched
// to them, offers the take, resolve and note forms and none of the
// operators' actions.
func expectWorkerForms(t *testing.T, worker *browser, id string) {
	t.Helper()
	res := worker.get("/admin/reports/" + id)
	if res.status != http.StatusOK {
		t.Fatalf("status %d", res.status)
	}
	for _, a := range []string{"take", "resolve", "note"} {
		if !strings.Contains(res.body, `action="/admin/reports/`+id+`/`+a) {
			t.Errorf("no %s form", a)
		}
	}
	for _, a := range []string{"accept", "reject", "dispatch", "publish"} {
		if strings.Contains(res.body, `/admin/reports/`+id+`/`+a+`"`) {
			t.Errorf("a %s form is offered to a worker", a)
		}
	}
}

// expectNoOrphanPhotos checks that the photo directory holds no photo files.
func (a *testApp) expectNoOrphanPhotos(t *testing.T) {
	t.Helper()
	names, err := a.photos.List(t.Context(), time.Time{}, time.Now().Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if len(names) != 0 {
		t.Errorf("photos left behind: %v", names)
	}
}
