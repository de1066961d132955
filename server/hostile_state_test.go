package server_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"

	"gridline/report"
)

// worldState is everything a refused request must leave as it was.
type worldState struct {
	reports, photoFiles, sessions  int
	fixtures                       string // the fixture reports' states
	users, communities, categories string
	openState                      report.Report
}

func (w *hostileWorld) snapshot(t *testing.T) worldState {
	t.Helper()
	ctx := context.Background()
	st := worldState{reports: w.app.countReports(), photoFiles: len(w.app.photoFiles())}
	n, err := w.app.db.Collection("sessions").CountDocuments(ctx, bson.M{})
	if err != nil {
		t.Fatal(err)
	}
	st.sessions = int(n)
	var lines []string
	for _, r := range []report.Report{w.open, w.accepted, w.resolved, w.other} {
		now := w.app.storedReport(r.ID)
		lines = append(lines, fixtureLine(r.ID, now))
		if r.ID == w.open.ID {
			st.openState = now
		}
	}
	st.fixtures = strings.Join(lines, "\n")
	users, err := w.app.store.Users(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range users {
		st.users += fmt.Sprintf("%s %s %s %v %v\n", u.Username, u.Role, u.Street, u.Communities, u.Disabled)
	}
	coms, err := w.app.store.Communities(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range coms {
		st.communities += fmt.Sprintf("%s %s %s %v %v\n", c.Code, c.Name, c.Street, c.Disabled, c.Grids)
	}
	cats, err := w.app.store.Categories(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cats {
		st.categories += fmt.Sprintf("%s %s %d\n", c.Name, c.Deadline, c.Position)
	}
	return st
}

func fixtureLine(id string, r report.Report) string {
	return fmt.Sprintf("%s %s v%d events=%d assignee=%q unit=%q published=%v rating=%q",
		id, r.Status, r.Version, len(r.Timeline), r.Assignee, r.Unit, r.Published, r.Rating)
}

func (s worldState) diff(o worldState) string {
	var out []string
	check := func(what string, want, got any) {
		if want != got {
			out = append(out, fmt.Sprintf("%s: %v, want %v", what, got, want))
		}
	}
	check("reports", s.reports, o.reports)
	check("photo files", s.photoFiles, o.photoFiles)
	check("sessions", s.sessions, o.sessions)
	check("fixture reports", s.fixtures, o.fixtures)
	check("accounts", s.users, o.users)
	check("communities", s.communities, o.communities)
	check("categories", s.categories, o.categories)
	return strings.Join(out, "\n")
}
