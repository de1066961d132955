package server_test

import (
	"context"
	"testing"

	"gridline/auth"
	"gridline/community"
	"gridline/report"
)

// accessWorld is the access matrix's fixture: two streets with a community
// each, an account for every visitor, and a report in each community that
// the lists should show or hide.
type accessWorld struct {
	app          *testApp
	a, b         community.Community
	sessions     []staffSession // by visitor, as accessRoles
	accounts     []string       // by visitor: whose session it is ("" for anonymous)
	listA, listB report.Report  // in progress, dispatched to wang and to li
	n            int            // makes names unique
}

func newAccessWorld(t *testing.T) *accessWorld {
	t.Helper()
	app := newTestApp(t)
	w := &accessWorld{app: app}
	w.a = app.community("春和社区", "北山口镇")
	w.b = app.community("河西社区", "南湖街道")
	app.user("boss", auth.Admin, "")
	app.user("opa", auth.Operator, w.a.Street)
	app.user("opb", auth.Operator, w.b.Street)
	app.user("wang", auth.Worker, "", w.a.Code)
	app.user("zhao", auth.Worker, "", w.a.Code)
	app.user("li", auth.Worker, "", w.b.Code)
	app.user("gone", auth.Operator, w.a.Street)
	app.user("sparea", auth.Worker, "", w.a.Code)
	app.user("spareb", auth.Worker, "", w.b.Code)
	app.apiKey(t, "sparea") // the API keys the revoke rows aim at
	app.apiKey(t, "spareb")
	w.listA = app.seedReport(t, w.a, report.InProgress, "wang")
	w.listB = app.seedReport(t, w.b, report.InProgress, "li")
	app.seedFailedHook(t)

	w.accounts = []string{"", "boss", "opa", "opb", "wang", "zhao", "gone"}
	for _, name := range w.accounts {
		var s staffSession
		if name != "" {
			s = app.staffSession(name)
		}
		w.sessions = append(w.sessions, s)
	}
	if err := app.store.SetUserDisabled(context.Background(), "gone", true); err != nil {
		t.Fatal(err)
	}
	return w
}

// sessionFor is the visitor's session for a row. Signing out ends a session,
// so that row gets a fresh one (a disabled account cannot sign in again).
func (w *accessWorld) sessionFor(t *testing.T, row accessRow, role int) staffSession {
	t.Helper()
	name := w.accounts[role]
	if row.route != "/admin/logout" || name == "" || name == "gone" {
		return w.sessions[role]
	}
	return w.app.staffSession(name)
}
