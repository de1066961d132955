package server_test

import (
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"gridline/auth"
	"gridline/report"
)

// TestInboxUrgentPages: the urgent order holds across pages, where the open
// reports end and the finished ones begin.
func TestInboxUrgentPages(t *testing.T) {
	app := newTestApp(t)
	com := app.community("春和社区", "北山口镇")
	app.user("op", auth.Operator, "北山口镇")
	now := time.Now()
	var want []string
	for i := range 20 { // open, due one hour apart
		start := now.Add(-48 * time.Hour)
		r := app.reportThrough(t, com, start.Add(time.Duration(i)*time.Minute), toDispatched(start, now.Add(time.Duration(i+1)*time.Hour), "wang")...)
		want = append(want, r.ID)
	}
	var finished []string
	for i := range 10 { // rejected long ago, newest first after the open ones
		at := now.Add(-time.Duration(200-i) * time.Hour)
		r := app.reportThrough(t, com, at, report.Step{Action: report.Reject, Actor: "op", At: at.Add(time.Minute), PublicNote: "重复"})
		finished = append([]string{r.ID}, finished...)
	}
	want = append(want, finished...)
	op, _ := app.login("op")
	got := append(listedIDs(op.get("/admin/reports?sort=urgent").body), listedIDs(op.get("/admin/reports?sort=urgent&page=2").body)...)
	if !slices.Equal(got, want) {
		t.Errorf("two pages list %v, want %v", got, want)
	}
}

// TestInboxPages: 30 reports make two pages of 25, newest first, and the
// page links keep the filters.
func TestInboxPages(t *testing.T) {
	app := newTestApp(t)
	com := app.community("春和社区", "北山口镇")
	app.user("op", auth.Operator, "北山口镇")
	var newestFirst []string
	now := time.Now()
	for i := range 30 {
		r := app.reportThrough(t, com, now.Add(-time.Duration(30-i)*time.Minute))
		newestFirst = append([]string{r.ID}, newestFirst...)
	}
	op, _ := app.login("op")
	tests := []struct {
		query      string
		want       []string
		prev, next string
	}{
		{"", newestFirst[:25], "", "/admin/reports?page=2"},
		{"page=1", newestFirst[:25], "", "/admin/reports?page=2"},
		{"page=2", newestFirst[25:], "/admin/reports?page=1", ""},
		{"page=3", nil, "/admin/reports?page=2", ""},
		{"page=0", newestFirst[:25], "", "/admin/reports?page=2"},
		{"page=-4", newestFirst[:25], "", "/admin/reports?page=2"},
		{"page=abc", newestFirst[:25], "", "/admin/reports?page=2"},
		{"status=submitted", newestFirst[:25], "", "/admin/reports?page=2&amp;status=submitted"},
		{"status=submitted&page=2", newestFirst[25:], "/admin/reports?page=1&amp;status=submitted", ""},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			res := op.get("/admin/reports?" + tt.query)
			if got := listedIDs(res.body); !slices.Equal(got, tt.want) {
				t.Errorf("listed %d reports %v, want %d", len(got), got, len(tt.want))
			}
			if !strings.Contains(res.body, staffText(t, "staff.total", "Count", 30)) {
				t.Error("the total is not 30")
			}
			checkLink := func(rel, want string) {
				t.Helper()
				m := regexp.MustCompile(`<a href="([^"]*)" rel="` + rel + `">`).FindStringSubmatch(res.body)
				switch {
				case want == "" && m != nil:
					t.Errorf("%s link %q, want none", rel, m[1])
				case want != "" && (m == nil || m[1] != want):
					t.Errorf("%s link %v, want %q", rel, m, want)
				}
			}
			checkLink("prev", tt.prev)
			checkLink("next", tt.next)
		})
	}
}
