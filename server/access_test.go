package server_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"

	"gridline/auth"
	"gridline/community"
	"gridline/report"
)

// The access-control matrix: every staff route of routes.go × every kind of
// visitor × a report (or community) of street A and one of street B. Each
// cell states its status; a refused cell (and every read) must change
// nothing, an allowed action must change its report. The table is written
// out by hand, not derived from the code under test.

// The visitors, in the order of every expectation string below.
var accessRoles = []string{
	"anonymous",
	"admin",      // boss
	"operator A", // opa, street A
	"operator B", // opb, street B
	"assigned",   // wang, worker of community A, assignee of the A reports
	"unassigned", // zhao, worker of community A, assignee of nothing
	"disabled",   // gone, operator of street A, disabled after signing in
}

// accessRow is one route (and target) with the expected cell per visitor:
// a status, and for lists "+" when the target must be shown, "-" when not.
type accessRow struct {
	method, route string
	target        string        // "A", "B", or "" for routes without one
	state         report.Status // the fresh report an action starts from
	expect        string
}

var accessMatrix = []accessRow{
	// Console pages and lists. Anonymous and disabled visitors are sent to sign in.
	{"GET", "/admin", "", "", "303 200 200 200 200 200 303"},
	{"GET", "/admin/reports", "A", "", "303 200+ 200+ 200- 200+ 200- 303"},
	{"GET", "/admin/reports", "B", "", "303 200+ 200- 200+ 200- 200- 303"},
	{"GET", "/admin/reports/:id", "A", "", "303 200 200 404 200 404 303"},
	{"GET", "/admin/reports/:id", "B", "", "303 200 404 200 404 404 303"},
	{"GET", "/admin/stats", "A", "", "303 200+ 200+ 200- 200+ 200+ 303"},
	{"GET", "/admin/stats", "B", "", "303 200+ 200- 200+ 200- 200- 303"},
	{"GET", "/admin/export.csv", "A", "", "303 200+ 200+ 200- 200+ 200- 303"},
	{"GET", "/admin/export.csv", "B", "", "303 200+ 200- 200+ 200- 200- 303"},
	{"GET", "/admin/posters", "A", "", "303 200+ 200+ 200- 200+ 200+ 303"},
	{"GET", "/admin/posters", "B", "", "303 200+ 200- 200+ 200- 200- 303"},
	{"GET", "/admin/posters/batch", "A", "", "303 200 200 422 200 200 303"},
	{"GET", "/admin/posters/batch", "B", "", "303 200 422 200 422 422 303"},
	{"GET", "/admin/posters/batch.pdf", "A", "", "303 200 200 422 200 200 303"},
	{"GET", "/admin/posters/batch.pdf", "B", "", "303 200 422 200 422 422 303"},
	{"GET", "/admin/posters/:community", "A", "", "303 200 200 404 200 200 303"},
	{"GET", "/admin/posters/:community", "B", "", "303 200 404 200 404 404 303"},
	// 巡查上报: the form offers the communities the visitor serves.
	{"GET", "/admin/patrol", "A", "", "303 200+ 200+ 200- 200+ 200+ 303"},
	{"GET", "/admin/patrol", "B", "", "303 200+ 200- 200+ 200- 200- 303"},

	// Report actions, each on a fresh report in a state that allows it.
	// Operators decide in their street; the assignee takes and resolves;
	// admins and operators act for a named unit only, never for a worker.
	{"POST", "/admin/reports/:id/:action accept", "A", report.Reopened, "403 303 303 404 403 404 403"},
	{"POST", "/admin/reports/:id/:action accept", "B", report.Reopened, "403 303 404 303 404 404 403"},
	{"POST", "/admin/reports/:id/:action reject", "A", report.Reopened, "403 303 303 404 403 404 403"},
	{"POST", "/admin/reports/:id/:action reject", "B", report.Reopened, "403 303 404 303 404 404 403"},
	{"POST", "/admin/reports/:id/:action dispatch", "A", report.Reopened, "403 303 303 404 403 404 403"},
	{"POST", "/admin/reports/:id/:action dispatch", "B", report.Reopened, "403 303 404 303 404 404 403"},
	{"POST", "/admin/reports/:id/:action take", "A", report.Dispatched, "403 403 403 404 303 404 403"},
	{"POST", "/admin/reports/:id/:action take", "B", report.Dispatched, "403 403 404 403 404 404 403"},
	{"POST", "/admin/reports/:id/resolve", "A", report.InProgress, "403 403 403 404 303 404 403"},
	{"POST", "/admin/reports/:id/resolve", "B", report.InProgress, "403 403 404 403 404 404 403"},
	// A re-check (回头看) of a closed report owing one: staff serving its
	// community, whether or not it was ever theirs.
	{"POST", "/admin/reports/:id/recheck", "A", report.Closed, "403 303 303 404 303 303 403"},
	{"POST", "/admin/reports/:id/recheck", "B", report.Closed, "403 303 404 303 404 404 403"},
	// A photo's blur page, its original as uploaded and a blur: whoever
	// sees the photo's report (a blur stores a rendition: photos changes).
	{"GET", "/admin/photos/:photo", "A", report.InProgress, "303 200 200 404 200 404 303"},
	{"GET", "/admin/photos/:photo", "B", report.InProgress, "303 200 404 200 404 404 303"},
	{"GET", "/admin/photos/:photo/original", "A", report.InProgress, "303 200 200 404 200 404 303"},
	{"GET", "/admin/photos/:photo/original", "B", report.InProgress, "303 200 404 200 404 404 303"},
	{"GET", "/admin/photos/:photo/original/thumb", "A", report.InProgress, "303 200 200 404 200 404 303"},
	{"GET", "/admin/photos/:photo/original/thumb", "B", report.InProgress, "303 200 404 200 404 404 303"},
	{"POST", "/admin/photos/:photo", "A", report.InProgress, "403 303 303 404 303 404 403"},
	{"POST", "/admin/photos/:photo", "B", report.InProgress, "403 303 404 303 404 404 403"},
	{"POST", "/admin/reports/:id/:action note", "A", report.InProgress, "403 303 303 404 303 404 403"},
	{"POST", "/admin/reports/:id/:action note", "B", report.InProgress, "403 303 404 303 404 404 403"},
	{"POST", "/admin/reports/:id/:action publish", "A", report.Resolved, "403 303 303 404 403 404 403"},
	{"POST", "/admin/reports/:id/:action publish", "B", report.Resolved, "403 303 404 303 404 404 403"},
	{"POST", "/admin/reports/:id/:action delete", "A", report.InProgress, "403 403 403 404 403 404 403"},
	{"POST", "/admin/reports/:id/:action delete", "B", report.InProgress, "403 403 404 403 404 404 403"},
	{"POST", "/admin/logout", "", "", "403 303 303 303 303 303 403"},
	// A patrol find is filed by whoever serves the community: its workers,
	// its street's operators, admins.
	{"POST", "/admin/patrol", "A", "", "403 303 303 403 303 303 403"},
	{"POST", "/admin/patrol", "B", "", "403 303 403 303 403 403 403"},

	// Administration: everyone but an admin gets the 404 of a page that is not there.
	{"GET", "/admin/communities", "", "", "303 200 404 404 404 404 303"},
	{"GET", "/admin/communities/:code", "A", "", "303 200 404 404 404 404 303"},
	{"GET", "/admin/communities/:code", "B", "", "303 200 404 404 404 404 303"},
	{"GET", "/admin/categories", "", "", "303 200 404 404 404 404 303"},
	{"GET", "/admin/users", "", "", "303 200 404 404 404 404 303"},
	{"GET", "/admin/audit", "", "", "303 200 404 404 404 404 303"},
	{"GET", "/admin/webhooks", "", "", "303 200 404 404 404 404 303"},
	{"POST", "/admin/communities", "", "", "403 303 404 404 404 404 403"},
	{"POST", "/admin/communities/:code", "A", "", "403 303 404 404 404 404 403"},
	{"POST", "/admin/communities/:code", "B", "", "403 303 404 404 404 404 403"},
	{"POST", "/admin/categories", "", "", "403 303 404 404 404 404 403"},
	{"POST", "/admin/users", "", "", "403 303 404 404 404 404 403"},
	{"POST", "/admin/users/:name/disabled", "A", "", "403 303 404 404 404 404 403"},
	{"POST", "/admin/users/:name/disabled", "B", "", "403 303 404 404 404 404 403"},
	// Webhooks: resend before remove, which leaves no endpoint to resend to.
	{"POST", "/admin/webhooks", "", "", "403 303 404 404 404 404 403"},
	{"POST", "/admin/webhooks/:hook/resend", "", "", "403 303 404 404 404 404 403"},
	{"POST", "/admin/webhooks/:hook/remove", "", "", "403 303 404 404 404 404 403"},
	// Everyone signed in may post their own password form (refused with 422
	// here: the matrix sends no passwords); only admins reset another's.
	{"GET", "/admin/password", "", "", "303 200 200 200 200 200 303"},
	{"POST", "/admin/password", "", "", "403 422 422 422 422 422 403"},
	{"GET", "/admin/users/:name/password", "A", "", "303 200 404 404 404 404 303"},
	{"GET", "/admin/users/:name/password", "B", "", "303 200 404 404 404 404 303"},
	{"POST", "/admin/users/:name/password", "A", "", "403 200 404 404 404 404 403"},
	{"POST", "/admin/users/:name/password", "B", "", "403 200 404 404 404 404 403"},
	// Open311 API keys: a new key is shown on the answer (200), once.
	{"GET", "/admin/apikeys", "", "", "303 200 404 404 404 404 303"},
	{"POST", "/admin/apikeys", "", "", "403 200 404 404 404 404 403"},
	{"POST", "/admin/apikeys/:name/revoke", "A", "", "403 303 404 404 404 404 403"},
	{"POST", "/admin/apikeys/:name/revoke", "B", "", "403 303 404 404 404 404 403"},
}

func TestAccessMatrix(t *testing.T) {
	checkMatrixCoversRoutes(t)
	w := newAccessWorld(t)
	cells := 0
	for _, row := range accessMatrix {
		cellsOfRow := strings.Fields(row.expect)
		if len(cellsOfRow) != len(accessRoles) {
			t.Fatalf("%s %s: %d cells for %d visitors", row.method, row.route, len(cellsOfRow), len(accessRoles))
		}
		for i, cell := range cellsOfRow {
			cells++
			name := fmt.Sprintf("%s %s %s as %s", row.method, row.route, row.target, accessRoles[i])
			t.Run(name, func(t *testing.T) { w.runCell(t, row, i, cell) })
		}
	}
	t.Logf("%d routes × targets, %d visitors: %d cells", len(accessMatrix), len(accessRoles), cells)
}

// checkMatrixCoversRoutes reads routes.go and fails for a staff route that
// has no row, so a new route cannot slip past the matrix.
func checkMatrixCoversRoutes(t *testing.T) {
	t.Helper()
	src, err := os.ReadFile("routes.go")
	if err != nil {
		t.Fatal(err)
	}
	covered := map[string]bool{}
	for _, row := range accessMatrix {
		route, _, _ := strings.Cut(row.route, " ")
		covered[row.method+" "+route] = true
	}
	for _, m := range regexp.MustCompile(`\b(staff|admin)\.(GET|POST|PUT|PATCH|DELETE)\("([^"]*)"`).FindAllStringSubmatch(string(src), -1) {
		if key := m[2] + " /admin" + m[3]; !covered[key] {
			t.Errorf("routes.go has %s, which the access matrix does not cover", key)
		}
	}
}

// runCell sends one route as one visitor and checks the answer and what changed.
func (w *accessWorld) runCell(t *testing.T, row accessRow, role int, cell string) {
	status, err := strconv.Atoi(strings.TrimRight(cell, "+-"))
	if err != nil {
		t.Fatalf("cell %q", cell)
	}
	target := w.targetOf(t, row)
	session := w.sessionFor(t, row, role)
	// Pages read; what a refused request or an action leaves is compared.
	compare := row.method == http.MethodPost || status != http.StatusOK
	var before string
	if compare {
		before = w.state(t, target.report)
	}
	rec := w.app.do(w.request(t, row, target, session))
	if rec.Code != status {
		t.Fatalf("status %d, want %d; Location %q; notice %q", rec.Code, status, rec.Header().Get("Location"), noticeOf(rec.Body.String()))
	}
	if status == http.StatusSeeOther && row.method == http.MethodGet {
		if loc := rec.Header().Get("Location"); !strings.HasPrefix(loc, "/admin/login?next=") {
			t.Errorf("sent to %q, want the sign-in page", loc)
		}
	}
	if mark := target.mark; strings.HasSuffix(cell, "+") && !strings.Contains(rec.Body.String(), mark) {
		t.Errorf("the page does not show %q", mark)
	} else if strings.HasSuffix(cell, "-") && strings.Contains(rec.Body.String(), mark) {
		t.Errorf("the page shows %q, outside the visitor's scope", mark)
	}
	if !compare {
		return
	}
	after := w.state(t, target.report)
	allowed := row.method == http.MethodPost && status == http.StatusSeeOther
	switch {
	case !allowed && after != before:
		t.Errorf("a refused request changed the data:\nbefore %s\nafter  %s", before, after)
	case allowed && after == before:
		t.Error("an allowed action changed nothing")
	}
}

// accessTarget is what a row aims at: a report, a community or an account.
type accessTarget struct {
	report report.Report
	com    community.Community
	user   string
	mark   string // what a list shows for it
}

func (w *accessWorld) targetOf(t *testing.T, row accessRow) accessTarget {
	t.Helper()
	com, worker, listed := w.a, "wang", w.listA
	if row.target == "B" {
		com, worker, listed = w.b, "li", w.listB
	}
	tg := accessTarget{com: com, report: listed, user: "spare" + strings.ToLower(row.target)}
	switch {
	case row.route == "/admin/reports/:id/recheck":
		tg.report = w.app.owingRecheck(t, com, worker) // closed, its re-check due
	case strings.HasPrefix(row.route, "/admin/photos/"):
		tg.report = w.app.withPhoto(t, w.app.seedReport(t, com, row.state, worker))
	case row.state != "":
		tg.report = w.app.seedReport(t, com, row.state, worker)
	}
	switch {
	case strings.HasPrefix(row.route, "/admin/reports"):
		tg.mark = `href="/admin/reports/` + tg.report.ID + `"`
	case row.route == "/admin/export.csv":
		tg.mark = tg.report.ID + ","
	case row.route == "/admin/stats":
		tg.mark = ">" + com.Name + "</th>"
	case row.route == "/admin/posters":
		tg.mark = `id="c-` + com.Code + `"`
	case row.route == "/admin/patrol":
		tg.mark = `<option value="` + com.Code + `"`
	}
	return tg
}

// state is everything a request could change, as one comparable string.
func (w *accessWorld) state(t *testing.T, r report.Report) string {
	t.Helper()
	ctx := context.Background()
	var b strings.Builder
	sessions, err := w.app.db.Collection("sessions").CountDocuments(ctx, bson.M{})
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(&b, "reports=%d sessions=%d photos=%d", w.app.countReports(), sessions, len(w.app.photoFiles()))
	if r.ID != "" {
		fmt.Fprintf(&b, " target=%s", fixtureLine(r.ID, w.app.storedReport(r.ID)))
	}
	users, err := w.app.store.Users(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range users {
		fmt.Fprintf(&b, " user=%s/%s/%v", u.Username, u.Role, u.Disabled)
	}
	coms, err := w.app.store.Communities(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range coms {
		fmt.Fprintf(&b, " community=%s/%s/%s/%v/%v", c.Code, c.Name, c.Street, c.Disabled, c.Grids)
	}
	cats, err := w.app.store.Categories(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cats {
		fmt.Fprintf(&b, " category=%s/%s", c.Name, c.Deadline)
	}
	// Which API keys are revoked; a new key is no change here, as a new
	// password is not (both are shown on a 200 answer).
	keys, err := w.app.store.APIKeys(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range keys {
		if !k.Active() {
			fmt.Fprintf(&b, " revoked=%s", k.Name)
		}
	}
	b.WriteString(w.app.hookState(t))
	return b.String()
}

// request builds a row's request for a visitor.
func (w *accessWorld) request(t *testing.T, row accessRow, tg accessTarget, s staffSession) *http.Request {
	t.Helper()
	route, action, _ := strings.Cut(row.route, " ")
	path := strings.NewReplacer(":id", tg.report.ID, ":action", action, ":code", tg.com.Code,
		":community", tg.com.Code, ":name", tg.user, ":hook", accessHook, ":photo", strings.Join(tg.report.Photos, "")).Replace(route)
	if row.method == http.MethodGet {
		switch route {
		case "/admin/reports":
			path += "?q=" + tg.report.ID
		case "/admin/posters/batch", "/admin/posters/batch.pdf":
			path += "?c=" + tg.com.Code
		}
		return as(s, httptest.NewRequest(http.MethodGet, path, nil))
	}
	if route == "/admin/reports/:id/resolve" {
		req := multipartReport(t, path+"?csrf="+url.QueryEscape(s.csrf), url.Values{"public": {"路灯已更换"}})
		return as(s, req)
	}
	if route == "/admin/reports/:id/recheck" {
		req := multipartReport(t, path+"?csrf="+url.QueryEscape(s.csrf), url.Values{"finding": {"held"}}, smallJPEG(t))
		return as(s, req)
	}
	if route == "/admin/patrol" {
		req := multipartReport(t, path+"?csrf="+url.QueryEscape(s.csrf), patrolFields(randomToken(t), tg.com.Code))
		return as(s, req)
	}
	w.n++
	v := url.Values{"csrf": {s.csrf}}
	switch action + route {
	case "accept/admin/reports/:id/:action", "reject/admin/reports/:id/:action":
		v.Set("public", "已核实")
	case "dispatch/admin/reports/:id/:action":
		v.Set("worker", tg.report.Assignee)
		v.Set("due", "2099-01-01T12:00")
	case "note/admin/reports/:id/:action":
		v.Set("internal", "已电话联系")
	case "/admin/communities":
		v.Set("name", fmt.Sprintf("新社区%d", w.n))
		v.Set("street", "北山口镇")
	case "/admin/communities/:code":
		v.Set("name", tg.com.Name)
		v.Set("street", tg.com.Street)
		v.Set("grids", fmt.Sprintf("第%d网格", w.n))
	case "/admin/categories":
		v.Set("name", fmt.Sprintf("类别%d", w.n))
		v.Set("hours", "24")
	case "/admin/users":
		v.Set("username", fmt.Sprintf("new%d", w.n))
		v.Set("role", string(auth.Operator))
		v.Set("street", "北山口镇")
		v.Set("password", "correct horse battery staple")
	case "/admin/users/:name/disabled":
		v.Set("disabled", "1")
	case "/admin/apikeys":
		v.Set("name", fmt.Sprintf("key%d", w.n))
	case "/admin/photos/:photo":
		v.Set("do", "blur")
		v.Set("region", "0.1,0.1,0.5,0.5")
	case "/admin/webhooks":
		v.Set("url", fmt.Sprintf("https://hooks.example.org/%d", w.n))
		v.Set("secret", "access-matrix-secret-to-add")
	}
	return as(s, urlencoded(path, v))
}
