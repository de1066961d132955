package server_test

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"gridline/auth"
)

// failLogin posts a login with a made-up name from addr, bypassing the
// browser: the login form's token is a cookie the client chooses.
func failLogin(t *testing.T, app *testApp, addr, name string) {
	t.Helper()
	req := urlencoded("/admin/login", url.Values{"csrf": {"chosen-token"}, "username": {name}, "password": {"guess-password"}})
	req.AddCookie(&http.Cookie{Name: "gridline_login", Value: "chosen-token"})
	req.RemoteAddr = addr + ":40000"
	if rec := app.do(req); rec.Code != http.StatusUnauthorized {
		t.Fatalf("login as %s from %s: %d", name, addr, rec.Code)
	}
}

// TestAuditUnknownLogins: 315 failed logins with made-up names, from one
// address and then from 300, leave the admin's own action on the first page
// of the log: at most 10 entries an hour, no actor, no typed name.
func TestAuditUnknownLogins(t *testing.T) {
	app, root, csrf := adminApp(t)
	hour := time.Now().Truncate(time.Hour)
	if res := root.post("/admin/users", url.Values{"csrf": {csrf}, "username": {"li"}, "role": {"operator"},
		"street": {"北山口镇"}, "password": {"li-password"}}); res.status != http.StatusSeeOther {
		t.Fatalf("add user: %d", res.status)
	}
	var names []string
	for i := range 315 {
		name := fmt.Sprintf("zq%08x", rand.Uint32())
		addr := "203.0.113.7"
		if i >= 15 {
			addr = fmt.Sprintf("10.0.%d.%d", i/200, i%200+1)
		}
		failLogin(t, app, addr, name)
		names = append(names, name)
	}
	loginWith(t, app.browser(), "li", "wrong-password") // a real account's failure keeps its name

	page := root.get("/admin/audit")
	rows := auditRows(t, page.body)
	if !hasRow(rows, "root", "user.add", "li") || !hasRow(rows, "li", "login_failed", "") {
		t.Errorf("the staff's own entries are not on the first page: %+v", rows)
	}
	unknown, fromFirst := 0, 0
	for _, r := range rows {
		if r.action != "login_unknown" {
			continue
		}
		unknown++
		if r.ip == "203.0.113.7" {
			fromFirst++
		}
		if r.actor != staffText(t, "audit.unknown_actor") || r.target != "" || r.detail != "" {
			t.Errorf("row %+v", r)
		}
	}
	if time.Now().Truncate(time.Hour) != hour && unknown <= 20 {
		unknown = 10 // the attack spanned two hours, each with its 10
	}
	if unknown != 10 || fromFirst != 1 {
		t.Errorf("%d login_unknown rows, %d from the first address; want 10 and 1", unknown, fromFirst)
	}
	for _, name := range names {
		if strings.Contains(page.body, name) {
			t.Fatalf("the log shows the made-up name %s", name)
		}
	}
}

// TestAuditPaging: 50 entries a page, newest first, with links that reach
// the oldest entry and show every entry once.
func TestAuditPaging(t *testing.T) {
	app, root, _ := adminApp(t) // the log's first entry: root's login
	for i := 2; i <= 121; i++ {
		if err := app.store.Audit(t.Context(), auth.AuditEntry{Actor: "root", Action: "test", Detail: fmt.Sprint(i)}); err != nil {
			t.Fatal(err)
		}
	}
	older := regexp.MustCompile(`href="([^"]+)" rel="next"`)
	newer := regexp.MustCompile(`href="([^"]+)" rel="prev"`)
	var all []auditRow
	var sizes []int
	for path := "/admin/audit"; path != ""; {
		res := root.get(strings.ReplaceAll(path, "&amp;", "&"))
		if res.status != http.StatusOK {
			t.Fatalf("%s: %d", path, res.status)
		}
		rows := auditRows(t, res.body)
		all, sizes = append(all, rows...), append(sizes, len(rows))
		if (len(sizes) > 1) != newer.MatchString(res.body) {
			t.Errorf("page %d: a link to newer entries is %v", len(sizes), !newer.MatchString(res.body))
		}
		path = ""
		if m := older.FindStringSubmatch(res.body); m != nil {
			path = m[1]
		}
	}
	if fmt.Sprint(sizes) != "[50 50 21]" {
		t.Fatalf("page sizes %v, want [50 50 21]", sizes)
	}
	for i, r := range all[:120] {
		if want := fmt.Sprint(121 - i); r.detail != want {
			t.Fatalf("row %d is %+v, want detail %s", i, r, want)
		}
	}
	if last := all[120]; last.actor != "root" || last.action != "login" {
		t.Errorf("the oldest entry %+v, want root's login", last)
	}
	for _, q := range []string{"0", "-1", "x", "2.5", "99999999"} {
		if res := root.get("/admin/audit?page=" + q); res.status != http.StatusNotFound {
			t.Errorf("?page=%s: %d", q, res.status)
		}
	}
	if res := root.get("/admin/audit?page=9"); res.status != http.StatusOK || !strings.Contains(res.body, staffText(t, "admin.no_entries")) {
		t.Errorf("a page past the end: %d", res.status)
	}
}
