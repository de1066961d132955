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
	"gridline/community"
)

// adminApp is a test app with an administrator signed in.
func adminApp(t *testing.T) (*testApp, *browser, string) {
	t.Helper()
	app := newTestApp(t)
	app.user("root", auth.Admin, "")
	b, csrf := app.login("root")
	return app, b, csrf
}

// adminPages is an administrator signed in to a test app with one
// community: the subtests of the administration pages are its methods.
type adminPages struct {
	app  *testApp
	root *browser
	csrf string
	com  community.Community
}

func (a *testApp) communities(t *testing.T) []community.Community {
	t.Helper()
	coms, err := a.store.Communities(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	return coms
}

func TestAdminCommunities(t *testing.T) {
	app, root, csrf := adminApp(t)

	res := root.post("/admin/communities", url.Values{"csrf": {csrf}, "name": {" 春和社区 "}, "street": {"北山口镇"}})
	coms := app.communities(t)
	if res.status != http.StatusSeeOther || len(coms) != 1 || res.location != "/admin/communities/"+coms[0].Code {
		t.Fatalf("create: %d to %q, communities %+v", res.status, res.location, coms)
	}
	com := coms[0]
	if com.Name != "春和社区" || com.Street != "北山口镇" || com.Disabled {
		t.Errorf("stored %+v", com)
	}
	if res := app.get("/c/" + com.Code); res.Code != http.StatusOK {
		t.Errorf("the new community's form: %d", res.Code)
	}

	a := adminPages{app: app, root: root, csrf: csrf, com: com}
	t.Run("refused names", a.refusedCommunityNames)
	t.Run("rename with grids", a.renameWithGrids)
	t.Run("refused grids change nothing", a.refusedGrids)
	t.Run("disable and enable", a.disableCommunity)
	t.Run("unknown code", a.unknownCommunity)
}

// refusedCommunityNames: an empty or over-long name or street is refused.
func (a adminPages) refusedCommunityNames(t *testing.T) {
	for _, v := range []url.Values{
		{"name": {""}, "street": {"北山口镇"}},
		{"name": {"春和社区"}, "street": {"  "}},
		{"name": {strings.Repeat("社", 41)}, "street": {"北山口镇"}},
		{"name": {"春和社区"}, "street": {strings.Repeat("镇", 41)}},
	} {
		v.Set("csrf", a.csrf)
		res := a.root.post("/admin/communities", v)
		if res.status != http.StatusUnprocessableEntity || !strings.Contains(res.body, staffText(t, "admin.place_invalid")) {
			t.Errorf("%v: %d %q", v, res.status, noticeOf(res.body))
		}
		if n := len(a.app.communities(t)); n != 1 {
			t.Errorf("%d communities after a refused form", n)
		}
	}
}

// renameWithGrids: grids are stored from the form's lines and shown back.
func (a adminPages) renameWithGrids(t *testing.T) {
	res := a.root.post("/admin/communities/"+a.com.Code, url.Values{"csrf": {a.csrf},
		"name": {"春和新社区"}, "street": {"北山口镇"}, "grids": {"第一网格|wang\r\n\n  第二网格 | li \n第三网格\n"}})
	if res.status != http.StatusSeeOther || res.location != "/admin/communities/"+a.com.Code+"?done=1" {
		t.Fatalf("%d to %q: %q", res.status, res.location, noticeOf(res.body))
	}
	got, err := a.app.store.Community(t.Context(), a.com.Code)
	if err != nil {
		t.Fatal(err)
	}
	want := []community.Grid{{Name: "第一网格", Worker: "wang"}, {Name: "第二网格", Worker: "li"}, {Name: "第三网格"}}
	if got.Name != "春和新社区" || !slices.Equal(got.Grids, want) {
		t.Errorf("stored %q with grids %+v", got.Name, got.Grids)
	}
	page := a.root.get("/admin/communities/" + a.com.Code)
	if !strings.Contains(page.body, ">第一网格|wang\n第二网格|li\n第三网格\n</textarea>") {
		t.Error("the grids are not shown back in the form's format")
	}
}

// refusedGrids: a bad grid refuses the whole form.
func (a adminPages) refusedGrids(t *testing.T) {
	before, _ := a.app.store.Community(t.Context(), a.com.Code)
	for _, grids := range []string{
		"|wang",
		"第一网格|wang\n | li",
		strings.Repeat("格", 41) + "|wang",
		"第一网格|" + strings.Repeat("w", 65),
		strings.Repeat("网格\n", 101),
	} {
		res := a.root.post("/admin/communities/"+a.com.Code, url.Values{"csrf": {a.csrf},
			"name": {"别的名字"}, "street": {"北山口镇"}, "grids": {grids}})
		if res.status != http.StatusUnprocessableEntity || !strings.Contains(res.body, staffText(t, "admin.grids_invalid")) {
			t.Errorf("grids %.20q: %d %q", grids, res.status, noticeOf(res.body))
		}
		after, _ := a.app.store.Community(t.Context(), a.com.Code)
		if after.Name != before.Name || !slices.Equal(after.Grids, before.Grids) {
			t.Errorf("grids %.20q changed the community to %+v", grids, after)
		}
	}
}

// disableCommunity: a disabled community takes no reports until enabled.
func (a adminPages) disableCommunity(t *testing.T) {
	res := a.root.post("/admin/communities/"+a.com.Code, url.Values{"csrf": {a.csrf},
		"name": {"春和新社区"}, "street": {"北山口镇"}, "disabled": {"1"}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("disable: %d", res.status)
	}
	form := a.app.get("/c/" + a.com.Code)
	if form.Code != http.StatusNotFound || !strings.Contains(form.Body.String(), staffText(t, "error.community.message")) {
		t.Errorf("a disabled community's form: %d", form.Code)
	}
	submit := a.app.do(urlencoded("/c/"+a.com.Code, validFields("0123456789abcdef0123456789abcdef")))
	if submit.Code != http.StatusNotFound || a.app.countReports() != 0 {
		t.Errorf("a report into a disabled community: %d, %d stored", submit.Code, a.app.countReports())
	}
	if list := a.root.get("/admin/communities"); !strings.Contains(list.body, staffText(t, "admin.disabled")) {
		t.Error("the list does not show the community as disabled")
	}
	res = a.root.post("/admin/communities/"+a.com.Code, url.Values{"csrf": {a.csrf}, "name": {"春和新社区"}, "street": {"北山口镇"}})
	if res.status != http.StatusSeeOther || a.app.get("/c/"+a.com.Code).Code != http.StatusOK {
		t.Errorf("enable: %d", res.status)
	}
}

// unknownCommunity: an unknown or malformed code is 404, GET or POST.
func (a adminPages) unknownCommunity(t *testing.T) {
	for _, code := range []string{"AAAAAA", "nope", "..%2f"} {
		if res := a.root.get("/admin/communities/" + code); res.status != http.StatusNotFound {
			t.Errorf("GET %s: %d", code, res.status)
		}
		res := a.root.post("/admin/communities/"+code, url.Values{"csrf": {a.csrf}, "name": {"甲"}, "street": {"乙"}})
		if res.status != http.StatusNotFound {
			t.Errorf("POST %s: %d", code, res.status)
		}
	}
	if n := len(a.app.communities(t)); n != 1 {
		t.Errorf("%d communities", n)
	}
}

// dueOnForm reads the default due time the dispatch form offers.
func dueOnForm(t *testing.T, body string) time.Time {
	t.Helper()
	m := regexp.MustCompile(`name="due" type="datetime-local" value="([^"]+)"`).FindStringSubmatch(body)
	if m == nil {
		t.Fatal("no due field on the dispatch form")
	}
	due, err := time.ParseInLocation("2006-01-02T15:04", m[1], shanghai)
	if err != nil {
		t.Fatal(err)
	}
	return due
}

func TestAdminCategories(t *testing.T) {
	app, root, csrf := adminApp(t)
	com := app.community("春和社区", "北山口镇")
	app.user("op", auth.Operator, "北山口镇")

	res := root.post("/admin/categories", url.Values{"csrf": {csrf}, "name": {"井盖缺失"}, "hours": {"6"}, "position": {"9"}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("add: %d %q", res.status, noticeOf(res.body))
	}
	res = root.post("/admin/categories", url.Values{"csrf": {csrf}, "name": {"安全隐患"}, "hours": {"12"}, "position": {"2"}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("change: %d", res.status)
	}
	cats, err := app.store.Categories(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	deadlines := map[string]time.Duration{}
	for _, c := range cats {
		deadlines[c.Name] = c.Deadline
	}
	if deadlines["井盖缺失"] != 6*time.Hour || deadlines["安全隐患"] != 12*time.Hour || deadlines["市容环境"] != 72*time.Hour || len(cats) != 7 {
		t.Errorf("deadlines %v", deadlines)
	}
	if form := app.get("/c/" + com.Code); !strings.Contains(form.Body.String(), "井盖缺失") {
		t.Error("the residents' form does not offer the new category")
	}

	a := adminPages{app: app, root: root, csrf: csrf, com: com}
	t.Run("refused", a.refusedCategories)
	t.Run("the deadline is the dispatch form's default due", a.deadlineIsDefaultDue)
}

// refusedCategories: a bad name, deadline or position adds no category.
func (a adminPages) refusedCategories(t *testing.T) {
	for _, v := range []url.Values{
		{"name": {""}, "hours": {"6"}},
		{"name": {strings.Repeat("类", 21)}, "hours": {"6"}},
		{"name": {"甲"}, "hours": {"0"}},
		{"name": {"甲"}, "hours": {"2161"}},
		{"name": {"甲"}, "hours": {"6.5"}},
		{"name": {"甲"}, "hours": {""}},
		{"name": {"甲"}, "hours": {"6"}, "position": {"x"}},
	} {
		v.Set("csrf", a.csrf)
		res := a.root.post("/admin/categories", v)
		if res.status != http.StatusUnprocessableEntity || !strings.Contains(res.body, staffText(t, "admin.category_invalid")) {
			t.Errorf("%v: %d", v, res.status)
		}
	}
	if cats, _ := a.app.store.Categories(t.Context()); len(cats) != 7 {
		t.Errorf("%d categories after refused forms", len(cats))
	}
}

// deadlineIsDefaultDue: the dispatch form offers now plus the category's
// deadline.
func (a adminPages) deadlineIsDefaultDue(t *testing.T) {
	op, _ := a.app.login("op")
	for name, d := range map[string]time.Duration{"井盖缺失": 6 * time.Hour, "安全隐患": 12 * time.Hour, "市容环境": 72 * time.Hour} {
		r := a.app.reportIn(t, a.com, name, time.Now().Add(-time.Hour), stepAccept(time.Now().Add(-time.Minute), "op"))
		before := time.Now()
		due := dueOnForm(t, op.get("/admin/reports/"+r.ID).body)
		if lo, hi := before.Add(d).Add(-time.Minute), time.Now().Add(d); due.Before(lo) || due.After(hi) {
			t.Errorf("%s: default due %v, want about now + %v", name, due, d)
		}
	}
}
