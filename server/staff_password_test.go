package server_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"gridline/auth"
)

// signsIn reports whether name's stored hash takes password.
func (a *testApp) signsIn(t *testing.T, name, password string) bool {
	t.Helper()
	u, err := a.store.User(t.Context(), name)
	if err != nil {
		t.Fatal(err)
	}
	h, err := auth.NewHasher(4)
	if err != nil {
		t.Fatal(err)
	}
	return h.Check(u.Hash, password)
}

// TestDisableEndsSessions: disabling an account ends its sessions, and
// enabling it again does not bring them back; a new login works. An admin
// "enabling" themself changes nothing, their session included.
func TestDisableEndsSessions(t *testing.T) {
	app, root, csrf := adminApp(t)
	app.user("op", auth.Operator, "北山口镇")
	op, _ := app.login("op")
	token := sessionToken(op) // each check in a fresh browser: a refused one drops the cookie
	for _, v := range []string{"1", "0"} {
		if res := root.post("/admin/users/op/disabled", url.Values{"csrf": {csrf}, "disabled": {v}}); res.status != http.StatusSeeOther {
			t.Fatalf("disabled=%s: %d", v, res.status)
		}
		if res := app.browserWith(token).get("/admin"); res.status != http.StatusSeeOther {
			t.Errorf("after disabled=%s the old session answers %d", v, res.status)
		}
	}
	app.login("op")
	if res := root.post("/admin/users/root/disabled", url.Values{"csrf": {csrf}, "disabled": {"0"}}); res.status != http.StatusSeeOther || root.get("/admin").status != http.StatusOK {
		t.Errorf("enabling oneself: %d, or it ended one's own session", res.status)
	}
}

// TestChangeOwnPassword: any account changes its own password with the
// current one; its other sessions end and this browser stays signed in.
func TestChangeOwnPassword(t *testing.T) {
	app, root, _ := adminApp(t)
	app.user("op", auth.Operator, "北山口镇")
	op, csrf := app.login("op")
	other, _ := app.login("op")
	form := op.get("/admin/password")
	for _, want := range []string{`action="/admin/password"`, `autocomplete="current-password"`, staffText(t, "password.rules")} {
		if form.status != http.StatusOK || !strings.Contains(form.body, want) {
			t.Errorf("the form (%d) lacks %s", form.status, want)
		}
	}
	if home := op.get("/admin"); !strings.Contains(home.body, `href="/admin/password"`) {
		t.Error("the staff navigation does not link the password page")
	}

	refuseOwnPasswordChanges(t, app, op, other, csrf)
	if res := op.post("/admin/password", url.Values{"current": {"op-password"}, "new": {"a-new-password"}, "confirm": {"a-new-password"}}); res.status != http.StatusForbidden {
		t.Errorf("without the CSRF token: %d", res.status)
	}

	// A forged username field changes nothing but the signed-in account's own password.
	oldToken := sessionToken(op)
	res := op.post("/admin/password", url.Values{"csrf": {csrf}, "username": {"root"}, "current": {"op-password"},
		"new": {"a-new-password"}, "confirm": {"a-new-password"}})
	if res.status != http.StatusSeeOther || res.location != "/admin/password?changed=1" {
		t.Fatalf("change: %d to %q, %q", res.status, res.location, noticeOf(res.body))
	}
	if !app.signsIn(t, "op", "a-new-password") || app.signsIn(t, "op", "op-password") || !app.signsIn(t, "root", "root-password") {
		t.Error("the wrong password changed")
	}
	if done := op.get("/admin/password?changed=1"); done.status != http.StatusOK || !strings.Contains(done.body, staffText(t, "password.changed")) {
		t.Errorf("this browser after the change: %d", done.status)
	}
	if sessionToken(op) == oldToken || app.browserWith(oldToken).get("/admin").status != http.StatusSeeOther {
		t.Error("the session before the change still works")
	}
	if res := other.get("/admin"); res.status != http.StatusSeeOther {
		t.Errorf("another session of the account: %d", res.status)
	}
	if res := root.get("/admin"); res.status != http.StatusOK {
		t.Errorf("another account's session: %d", res.status)
	}
	if res := loginWith(t, app.browser(), "op", "a-new-password"); res.status != http.StatusSeeOther {
		t.Errorf("login with the new password: %d", res.status)
	}
	rows := auditRows(t, root.get("/admin/audit").body)
	if !hasRow(rows, "op", "password.change", "op") || !hasRow(rows, "op", "password.change_failed", "op") {
		t.Errorf("audit rows %+v", rows)
	}
}

// TestResetPassword: an admin gives another account a typed or generated
// password (shown once); its sessions end. Nobody else may, and not for themself.
func TestResetPassword(t *testing.T) {
	app, root, csrf := adminApp(t)
	app.user("op", auth.Operator, "北山口镇")
	app.user("mallory", auth.Operator, "北山口镇")
	op, _ := app.login("op")
	mallory, malloryCSRF := app.login("mallory")
	if users := root.get("/admin/users"); !strings.Contains(users.body, `href="/admin/users/op/password"`) {
		t.Error("the accounts page does not link the reset")
	}
	if form := root.get("/admin/users/op/password"); form.status != http.StatusOK || !strings.Contains(form.body, `action="/admin/users/op/password"`) {
		t.Errorf("reset form: %d", form.status)
	}

	res := root.post("/admin/users/op/password", url.Values{"csrf": {csrf}})
	m := regexp.MustCompile(`id="new-password">([^<]+)<`).FindStringSubmatch(res.body)
	if res.status != http.StatusOK || m == nil || !strings.Contains(res.body, staffText(t, "password.shown_once")) {
		t.Fatalf("generated reset: %d %q", res.status, noticeOf(res.body))
	}
	if !app.signsIn(t, "op", m[1]) || app.signsIn(t, "op", "op-password") {
		t.Error("the generated password is not the account's")
	}
	if res := op.get("/admin"); res.status != http.StatusSeeOther {
		t.Errorf("the account's session after a reset: %d", res.status)
	}
	if again := root.get("/admin/users/op/password"); strings.Contains(again.body, m[1]) {
		t.Error("the generated password is shown again")
	}

	res = root.post("/admin/users/op/password", url.Values{"csrf": {csrf}, "password": {"typed-by-admin"}})
	if res.status != http.StatusOK || strings.Contains(res.body, "typed-by-admin") || !app.signsIn(t, "op", "typed-by-admin") {
		t.Errorf("typed reset: %d, or the page repeats the password", res.status)
	}

	refuseResets(t, app, root, csrf, mallory, malloryCSRF)
	if res := root.get("/admin/users/root/password"); res.status != http.StatusSeeOther || res.location != "/admin/password" {
		t.Errorf("the reset page for oneself: %d to %q", res.status, res.location)
	}
	rows := auditRows(t, root.get("/admin/audit").body)
	var details []string
	for _, r := range rows {
		if r.actor == "root" && r.action == "user.password_reset" && r.target == "op" {
			details = append(details, r.detail)
		}
	}
	if strings.Join(details, ",") != "typed,generated" {
		t.Errorf("audited resets %v, want typed,generated", details)
	}
	if body := root.get("/admin/audit").body; strings.Contains(body, m[1]) || strings.Contains(body, "typed-by-admin") {
		t.Error("the audit log shows a password")
	}
}

// refuseOwnPasswordChanges posts op's password form with each kind of bad
// input: each is refused with its message, and the password and both of the
// account's sessions (op, other) stay as they were.
func refuseOwnPasswordChanges(t *testing.T, app *testApp, op, other *browser, csrf string) {
	t.Helper()
	refused := []struct {
		name string
		v    url.Values
		msg  string
	}{
		{"wrong current password", url.Values{"current": {"root-password"}, "new": {"a-new-password"}, "confirm": {"a-new-password"}}, "password.current_wrong"},
		{"no current password", url.Values{"new": {"a-new-password"}, "confirm": {"a-new-password"}}, "password.current_wrong"},
		{"new passwords differ", url.Values{"current": {"op-password"}, "new": {"a-new-password"}, "confirm": {"a-new-passw0rd"}}, "password.mismatch"},
		{"new password too short", url.Values{"current": {"op-password"}, "new": {"123456789"}, "confirm": {"123456789"}}, "password.weak"},
		{"new password too long", url.Values{"current": {"op-password"}, "new": {strings.Repeat("密", 25)}, "confirm": {strings.Repeat("密", 25)}}, "password.weak"},
	}
	for _, tt := range refused {
		t.Run(tt.name, func(t *testing.T) {
			tt.v.Set("csrf", csrf)
			res := op.post("/admin/password", tt.v)
			if res.status != http.StatusUnprocessableEntity || !strings.Contains(res.body, staffText(t, tt.msg)) {
				t.Errorf("%d %q", res.status, noticeOf(res.body))
			}
			if !app.signsIn(t, "op", "op-password") || op.get("/admin").status != http.StatusOK || other.get("/admin").status != http.StatusOK {
				t.Error("a refused change changed the password or ended a session")
			}
		})
	}
}

// refuseResets tries resets that must be refused, by the admin (root) and
// by an operator (mallory): no password changes and the admin stays signed in.
func refuseResets(t *testing.T, app *testApp, root *browser, csrf string, mallory *browser, malloryCSRF string) {
	t.Helper()
	refused := []struct {
		name, path string
		b          *browser
		v          url.Values
		status     int
		msg        string
	}{
		{"weak password", "/admin/users/op/password", root, url.Values{"csrf": {csrf}, "password": {"short"}}, http.StatusUnprocessableEntity, "password.weak"},
		{"own account", "/admin/users/root/password", root, url.Values{"csrf": {csrf}, "password": {"root-new-password"}}, http.StatusUnprocessableEntity, "password.reset_self"},
		{"no such account", "/admin/users/nobody/password", root, url.Values{"csrf": {csrf}}, http.StatusNotFound, "error.not_found.message"},
		{"no CSRF token", "/admin/users/op/password", root, url.Values{"password": {"forged-password"}}, http.StatusForbidden, "error.csrf.message"},
		{"an operator", "/admin/users/root/password", mallory, url.Values{"csrf": {malloryCSRF}, "password": {"mallory-password"}}, http.StatusNotFound, "error.not_found.message"},
	}
	for _, tt := range refused {
		t.Run(tt.name, func(t *testing.T) {
			res := tt.b.post(tt.path, tt.v)
			if res.status != tt.status || !strings.Contains(res.body, staffText(t, tt.msg)) {
				t.Errorf("%d %q", res.status, noticeOf(res.body))
			}
			if !app.signsIn(t, "op", "typed-by-admin") || !app.signsIn(t, "root", "root-password") || root.get("/admin").status != http.StatusOK {
				t.Error("a refused reset changed a password or ended the admin's session")
			}
		})
	}
}

// hasRow reports whether the audit page has a row by actor, of action, on target.
func hasRow(rows []auditRow, actor, action, target string) bool {
	for _, r := range rows {
		if r.actor == actor && r.action == action && r.target == target {
			return true
		}
	}
	return false
}
