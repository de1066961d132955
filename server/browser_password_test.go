package server_test

import (
	"fmt"
	"strings"
	"testing"

	"gridline/auth"
)

// TestPasswordPagesOnAPhone opens the password pages, the accounts list and
// a full audit page on a 390 px phone: nothing scrolls sideways (the tables
// scroll in their own boxes), every field is labelled and nearly full width,
// and axe-core finds nothing serious.
func TestPasswordPagesOnAPhone(t *testing.T) {
	app := newTestApp(t)
	com := app.community("春和社区", "北山口镇")
	app.user("admin", auth.Admin, "")
	app.user("wangli", auth.Worker, "", com.Code)
	for i := range 60 {
		e := auth.AuditEntry{Actor: "admin", Action: "user.password_reset", Target: "wangli", IP: "2001:db8::1", Detail: fmt.Sprint("generated ", i)}
		if err := app.store.Audit(t.Context(), e); err != nil {
			t.Fatal(err)
		}
	}
	admin, _ := app.login("admin")
	p := newPhone(t, app)
	signIn(t, p, admin)

	for _, page := range []string{"/admin/password", "/admin/users/wangli/password", "/admin/users", "/admin/audit"} {
		p.open(page)
		if sideways := eval[bool](p, `document.documentElement.scrollWidth > window.innerWidth`); sideways {
			t.Errorf("%s scrolls sideways on a 390 px phone", page)
		}
		narrow := eval[[]string](p, `[...document.querySelectorAll('form.action input:not([type=hidden]):not([type=checkbox])')]
			.filter((i) => !i.labels.length || i.getBoundingClientRect().width < 300).map((i) => i.id)`)
		if len(narrow) > 0 {
			t.Errorf("%s: fields without a label or narrower than 300 px: %v", page, narrow)
		}
		p.screenshot(strings.ReplaceAll(strings.Trim(page, "/"), "/", "-"))
		p.expectAccessible(page)
	}
}
