package server_test

import (
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"gridline/auth"
)

func TestAdminUsers(t *testing.T) {
	app, root, csrf := adminApp(t)
	a := adminPages{app: app, root: root, csrf: csrf, com: app.community("春和社区", "北山口镇")}
	t.Run("create", a.createAccounts)
	t.Run("refused", a.refusedAccounts)
	t.Run("disable and enable", a.disableAccount)
	t.Run("cannot disable self", a.disableSelf)
	t.Run("unknown account", a.unknownAccount)
}

// createAccounts: a worker and an operator, who sign in with the password
// the administrator typed.
func (a adminPages) createAccounts(t *testing.T) {
	for _, v := range []url.Values{
		{"username": {"li"}, "role": {"worker"}, "community": {a.com.Code}, "password": {"li-password"}},
		{"username": {"op"}, "role": {"operator"}, "street": {"北山口镇"}, "password": {"op-password"}},
	} {
		v.Set("csrf", a.csrf)
		if res := a.root.post("/admin/users", v); res.status != http.StatusSeeOther || res.location != "/admin/users" {
			t.Fatalf("%v: %d %q", v, res.status, noticeOf(res.body))
		}
	}
	u, err := a.app.store.User(t.Context(), "li")
	if err != nil || u.Role != auth.Worker || !slices.Equal(u.Communities, []string{a.com.Code}) || len(u.Hash) == 0 {
		t.Errorf("stored %+v, %v", u, err)
	}
	a.app.login("li") // with the password the admin typed
	a.app.login("op")
}

// refusedAccounts: each bad form is refused with its message, adds no
// account and keeps the username typed.
func (a adminPages) refusedAccounts(t *testing.T) {
	before := a.usernames(t)
	tests := []struct {
		name string
		v    url.Values
		msg  string
	}{
		{"weak password", url.Values{"username": {"zhao"}, "role": {"admin"}, "password": {"123456789"}}, "admin.password_weak"},
		{"no password", url.Values{"username": {"zhao"}, "role": {"admin"}}, "admin.password_weak"},
		{"duplicate", url.Values{"username": {"li"}, "role": {"operator"}, "street": {"北山口镇"}, "password": {"another-password"}}, "admin.user_exists"},
		{"duplicate of the admin", url.Values{"username": {"root"}, "role": {"admin"}, "password": {"another-password"}}, "admin.user_exists"},
		{"invalid role", url.Values{"username": {"zhao"}, "role": {"superuser"}, "password": {"zhao-password"}}, "admin.role_invalid"},
		{"no role", url.Values{"username": {"zhao"}, "password": {"zhao-password"}}, "admin.role_invalid"},
		{"invalid username", url.Values{"username": {"赵 六"}, "role": {"admin"}, "password": {"zhao-password"}}, "admin.username_invalid"},
		{"operator without street", url.Values{"username": {"zhao"}, "role": {"operator"}, "password": {"zhao-password"}}, "admin.street_required"},
		{"worker without community", url.Values{"username": {"zhao"}, "role": {"worker"}, "password": {"zhao-password"}}, "admin.communities_required"},
		{"worker of an unknown community", url.Values{"username": {"zhao"}, "role": {"worker"}, "community": {"ZZZZZZ"}, "password": {"zhao-password"}}, "admin.community_unknown"},
		{"worker of a malformed community", url.Values{"username": {"zhao"}, "role": {"worker"}, "community": {"../x"}, "password": {"zhao-password"}}, "admin.community_unknown"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.v.Set("csrf", a.csrf)
			res := a.root.post("/admin/users", tt.v)
			if res.status != http.StatusUnprocessableEntity || !strings.Contains(res.body, staffText(t, tt.msg)) {
				t.Errorf("%d %q", res.status, noticeOf(res.body))
			}
			if got := a.usernames(t); !slices.Equal(got, before) {
				t.Errorf("accounts %v, want %v", got, before)
			}
		})
	}
	if res := a.root.post("/admin/users", url.Values{"csrf": {a.csrf}, "username": {"zhao"}, "role": {"admin"}, "password": {"short"}}); !strings.Contains(res.body, `value="zhao"`) {
		t.Error("the username typed is not kept")
	}
}

// disableAccount: disabling ends the account's session; enabling lets it
// sign in again.
func (a adminPages) disableAccount(t *testing.T) {
	li, _ := a.app.login("li")
	if res := a.root.post("/admin/users/li/disabled", url.Values{"csrf": {a.csrf}, "disabled": {"1"}}); res.status != http.StatusSeeOther {
		t.Fatalf("disable: %d", res.status)
	}
	if u, _ := a.app.store.User(t.Context(), "li"); !u.Disabled {
		t.Error("not disabled")
	}
	if res := li.get("/admin"); res.status != http.StatusSeeOther {
		t.Errorf("the disabled account's session still works: %d", res.status)
	}
	if list := a.root.get("/admin/users"); !strings.Contains(list.body, staffText(t, "admin.disabled")) {
		t.Error("the list does not show the account as disabled")
	}
	if res := a.root.post("/admin/users/li/disabled", url.Values{"csrf": {a.csrf}, "disabled": {"0"}}); res.status != http.StatusSeeOther {
		t.Fatalf("enable: %d", res.status)
	}
	a.app.login("li")
}

// disableSelf: an administrator cannot disable their own account.
func (a adminPages) disableSelf(t *testing.T) {
	res := a.root.post("/admin/users/root/disabled", url.Values{"csrf": {a.csrf}, "disabled": {"1"}})
	if res.status != http.StatusUnprocessableEntity || !strings.Contains(res.body, staffText(t, "admin.disable_self")) {
		t.Errorf("%d %q", res.status, noticeOf(res.body))
	}
	if u, _ := a.app.store.User(t.Context(), "root"); u.Disabled {
		t.Error("the admin disabled themself")
	}
	if res := a.root.get("/admin"); res.status != http.StatusOK {
		t.Errorf("the admin's session: %d", res.status)
	}
}

// unknownAccount: disabling an unknown account is 404 and creates nothing.
func (a adminPages) unknownAccount(t *testing.T) {
	if res := a.root.post("/admin/users/nobody/disabled", url.Values{"csrf": {a.csrf}, "disabled": {"1"}}); res.status != http.StatusNotFound {
		t.Errorf("%d", res.status)
	}
	if got := a.usernames(t); slices.Contains(got, "nobody") {
		t.Error("an account was created")
	}
}

// usernames lists the stored accounts.
func (a adminPages) usernames(t *testing.T) []string {
	t.Helper()
	us, err := a.app.store.Users(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, u := range us {
		out = append(out, u.Username)
	}
	return out
}

// TestAdminRoutesNeedAdmin: operators and workers get 404 on every
// administration page and form, as if it did not exist, and change nothing.
func TestAdminRoutesNeedAdmin(t *testing.T) {
	app := newTestApp(t)
	com := app.community("春和社区", "北山口镇")
	app.user("op", auth.Operator, "北山口镇")
	app.user("wang", auth.Worker, "", com.Code)
	notFound := staffText(t, "error.not_found.message")
	for _, name := range []string{"op", "wang"} {
		t.Run(name, func(t *testing.T) {
			b, csrf := app.login(name)
			home := b.get("/admin")
			for _, link := range []string{`href="/admin/communities"`, `href="/admin/users"`, `href="/admin/audit"`, `href="/admin/categories"`} {
				if strings.Contains(home.body, link) {
					t.Errorf("the console links %s", link)
				}
			}
			for _, path := range []string{"/admin/communities", "/admin/communities/" + com.Code, "/admin/categories", "/admin/users", "/admin/audit"} {
				if res := b.get(path); res.status != http.StatusNotFound || !strings.Contains(res.body, notFound) {
					t.Errorf("GET %s: %d", path, res.status)
				}
			}
			posts := []struct {
				path string
				v    url.Values
			}{
				{"/admin/communities", url.Values{"name": {"新社区"}, "street": {"北山口镇"}}},
				{"/admin/communities/" + com.Code, url.Values{"name": {"改名"}, "street": {"北山口镇"}, "disabled": {"1"}}},
				{"/admin/categories", url.Values{"name": {"市容环境"}, "hours": {"1"}}},
				{"/admin/users", url.Values{"username": {"mallory"}, "role": {"admin"}, "password": {"mallory-password"}}},
				{"/admin/users/op/disabled", url.Values{"disabled": {"1"}}},
				{"/admin/users/wang/disabled", url.Values{"disabled": {"1"}}},
			}
			for _, p := range posts {
				p.v.Set("csrf", csrf)
				if res := b.post(p.path, p.v); res.status != http.StatusNotFound {
					t.Errorf("POST %s: %d", p.path, res.status)
				}
			}
			coms := app.communities(t)
			if len(coms) != 1 || coms[0].Name != "春和社区" || coms[0].Disabled {
				t.Errorf("communities %+v", coms)
			}
			cats, _ := app.store.Categories(t.Context())
			for _, c := range cats {
				if c.Name == "市容环境" && c.Deadline != 72*time.Hour {
					t.Errorf("deadline changed to %v", c.Deadline)
				}
			}
			if _, err := app.store.User(t.Context(), "mallory"); err == nil {
				t.Error("an account was created")
			}
			for _, u := range []string{"op", "wang"} {
				if got, _ := app.store.User(t.Context(), u); got.Disabled {
					t.Errorf("%s was disabled", u)
				}
			}
		})
	}
}

// auditRow is one line of the audit page.
type auditRow struct{ at, actor, action, target, ip, detail string }

func auditRows(t *testing.T, body string) []auditRow {
	t.Helper()
	var out []auditRow
	cell := `<td[^>]*>([^<]*)</td>`
	re := regexp.MustCompile(`<tr>` + strings.Repeat(cell, 6) + `</tr>`)
	for _, m := range re.FindAllStringSubmatch(body, -1) {
		out = append(out, auditRow{m[1], m[2], m[3], m[4], m[5], m[6]})
	}
	return out
}

// TestAuditLog: logins, transitions, notes and account changes show on the
// audit page with who, when and from where.
func TestAuditLog(t *testing.T) {
	app, root, csrf := adminApp(t)
	com := app.community("春和社区", "北山口镇")
	app.user("op", auth.Operator, "北山口镇")
	app.user("wang", auth.Worker, "", com.Code)
	r := app.reportThrough(t, com, time.Now().Add(-time.Hour))

	loginWith(t, app.browser(), "op", "wrong-password")
	op, opCSRF := app.login("op")
	act(t, op, r.ID, "accept", url.Values{"csrf": {opCSRF}})
	act(t, op, r.ID, "dispatch", url.Values{"csrf": {opCSRF}, "worker": {"wang"}, "due": {dueField(time.Now().Add(24 * time.Hour))}})
	act(t, op, r.ID, "note", url.Values{"csrf": {opCSRF}, "internal": {"已电话联系"}})
	if res := root.post("/admin/users", url.Values{"csrf": {csrf}, "username": {"li"}, "role": {"worker"},
		"community": {com.Code}, "password": {"li-password"}}); res.status != http.StatusSeeOther {
		t.Fatalf("add user: %d", res.status)
	}
	if res := root.post("/admin/users/li/disabled", url.Values{"csrf": {csrf}, "disabled": {"1"}}); res.status != http.StatusSeeOther {
		t.Fatalf("disable: %d", res.status)
	}
	if res := op.post("/admin/logout", url.Values{"csrf": {opCSRF}}); res.status != http.StatusSeeOther {
		t.Fatalf("logout: %d", res.status)
	}

	rows := auditRows(t, root.get("/admin/audit").body)
	want := []auditRow{
		{actor: "root", action: "login"},
		{actor: "op", action: "login_failed"},
		{actor: "op", action: "login"},
		{actor: "op", action: "report.accept", target: r.ID},
		{actor: "op", action: "report.dispatch", target: r.ID, detail: "wang"},
		{actor: "op", action: "report.note", target: r.ID},
		{actor: "root", action: "user.add", target: "li"},
		{actor: "root", action: "user.disable", target: "li"},
		{actor: "op", action: "logout"},
	}
	for _, w := range want {
		found := false
		for _, got := range rows {
			if got.actor == w.actor && got.action == w.action && got.target == w.target && (w.detail == "" || got.detail == w.detail) {
				found = true
				if got.ip != "127.0.0.1" {
					t.Errorf("%s %s from %q", w.actor, w.action, got.ip)
				}
				if _, err := time.ParseInLocation("2006-01-02 15:04", got.at, shanghai); err != nil {
					t.Errorf("%s %s at %q", w.actor, w.action, got.at)
				}
			}
		}
		if !found {
			t.Errorf("no audit row for %s %s %s", w.actor, w.action, w.target)
		}
	}
	if len(rows) > 0 && rows[0].action != "user.disable" && rows[0].action != "logout" {
		t.Errorf("newest first: the first row is %+v", rows[0])
	}
	if strings.Contains(root.get("/admin/audit").body, "wrong-password") {
		t.Error("the audit log shows a typed password")
	}
}
