package server_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"gridline/community"
	"gridline/report"
)

// TestCategoryRecheckSettings: an admin sets, per category, the re-check
// (回头看) N days after closing and whether patrol finds go straight to
// their finder; both are stored with the category and shown on its form,
// an empty or 0 field turns the re-check off, and a bad one is refused with
// a clear message, changing nothing.
func TestCategoryRecheckSettings(t *testing.T) {
	app, root, csrf := adminApp(t)
	save := func(recheck, patrol string) page {
		v := url.Values{"csrf": {csrf}, "name": {"安全隐患"}, "hours": {"24"}, "position": {"2"}, "recheck_days": {recheck}}
		if patrol != "" {
			v.Set("patrol_assign", patrol)
		}
		return root.post("/admin/categories", v)
	}
	if res := save("14", "1"); res.status != http.StatusSeeOther {
		t.Fatalf("save: %d %q", res.status, noticeOf(res.body))
	}
	want := community.Category{Name: "安全隐患", Deadline: 24 * time.Hour, Position: 2, Recheck: 14 * 24 * time.Hour, PatrolAssign: true}
	if got := app.category(t, "安全隐患"); got != want {
		t.Fatalf("stored %+v, want %+v", got, want)
	}
	form := root.get("/admin/categories").body
	if !strings.Contains(form, `name="recheck_days" type="number" min="0" max="365" value="14"`) ||
		!strings.Contains(form, `name="patrol_assign" type="checkbox" value="1" checked>`) {
		t.Error("the categories page does not show the settings stored")
	}
	for _, bad := range []string{"-1", "366", "两周", "1.5"} {
		res := save(bad, "")
		if res.status != http.StatusUnprocessableEntity || !strings.Contains(res.body, staffText(t, "admin.recheck_invalid")) {
			t.Errorf("re-check after %q days: %d %q", bad, res.status, noticeOf(res.body))
		}
	}
	if got := app.category(t, "安全隐患"); got != want {
		t.Errorf("refused forms changed the category to %+v", got)
	}
	for _, off := range []string{"", "0"} {
		if res := save(off, ""); res.status != http.StatusSeeOther {
			t.Fatalf("save with %q: %d", off, res.status)
		}
		if got := app.category(t, "安全隐患"); got.Recheck != 0 || got.PatrolAssign || got.Deadline != 24*time.Hour {
			t.Errorf("saved with %q: %+v, want no re-check and patrol finds left for dispatch", off, got)
		}
	}
}

// category reads one stored category.
func (a *testApp) category(t *testing.T, name string) community.Category {
	t.Helper()
	c, err := a.store.Category(t.Context(), name)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestRatingSetsRecheckDue: a resident's satisfied verdict closes the report
// owing the re-check its category asks for, due that long after; a category
// without one, or an unsatisfied verdict, leaves nothing owed.
func TestRatingSetsRecheckDue(t *testing.T) {
	app, root, csrf := adminApp(t)
	com := app.community("春和社区", "北山口镇")
	v := url.Values{"csrf": {csrf}, "name": {"安全隐患"}, "hours": {"24"}, "recheck_days": {"14"}}
	if res := root.post("/admin/categories", v); res.status != http.StatusSeeOther {
		t.Fatalf("save category: %d", res.status)
	}
	start := time.Now().Add(-2 * time.Hour)
	steps := append(toDispatched(start, start.Add(24*time.Hour), "wang"), stepResolve(start.Add(time.Hour), "wang"))
	for _, tc := range []struct {
		category string
		rating   report.Rating
		due      time.Duration
	}{
		{"安全隐患", report.Satisfied, 14 * 24 * time.Hour},
		{"安全隐患", report.BasicSatisfied, 14 * 24 * time.Hour},
		{"安全隐患", report.Unsatisfied, 0},
		{"市容环境", report.Satisfied, 0},
	} {
		r := app.reportIn(t, com, tc.category, start, steps...)
		rec := app.do(urlencoded("/t/"+r.ID+"/rate", url.Values{"rating": {string(tc.rating)}}))
		if rec.Code != http.StatusSeeOther {
			t.Fatalf("%s %s: rate %d", tc.category, tc.rating, rec.Code)
		}
		got := app.reread(t, r.ID)
		if tc.due == 0 && !got.RecheckDue.IsZero() || tc.due > 0 && !got.RecheckDue.Equal(got.ClosedAt.Add(tc.due)) {
			t.Errorf("%s %s: re-check due %v, closed %v; want %v after", tc.category, tc.rating, got.RecheckDue, got.ClosedAt, tc.due)
		}
	}
}
