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
	"gridline/report"
)

// inboxFixture is a street with reports in every interesting state, and one
// report of another street that must never show.
type inboxFixture struct {
	app                                 *testApp
	north, village, south               community.Community
	submitted, accepted, dueSoon, late  report.Report
	inProgress, closed, reopened, other report.Report
}

func newInboxFixture(t *testing.T) *inboxFixture {
	t.Helper()
	app := newTestApp(t)
	f := &inboxFixture{app: app}
	f.north = app.community("春和社区", "北山口镇")
	f.village = app.community("桃花峪村", "北山口镇")
	f.south = app.community("柳荫社区", "南河街道")
	app.user("op", auth.Operator, "北山口镇")
	app.user("wang", auth.Worker, "", f.north.Code)
	app.user("li", auth.Worker, "", f.north.Code, f.village.Code)

	now := time.Now()
	ago := func(h float64) time.Time { return now.Add(-time.Duration(h * float64(time.Hour))) }
	f.late = app.reportThrough(t, f.north, ago(72), toDispatched(ago(72), ago(1), "wang")...)
	f.submitted = app.reportThrough(t, f.north, ago(10))
	f.accepted = app.reportIn(t, f.village, "安全隐患", ago(9), stepAccept(ago(8.9), "op"))
	f.dueSoon = app.reportThrough(t, f.north, ago(8), toDispatched(ago(8), now.Add(2*time.Hour), "wang")...)
	f.inProgress = app.reportThrough(t, f.village, ago(7), append(toDispatched(ago(7), now.Add(30*time.Hour), "li"), stepTake(ago(6.5), "li"))...)
	f.closed = app.reportThrough(t, f.north, ago(6), append(toDispatched(ago(6), now.Add(48*time.Hour), "li"),
		stepResolve(ago(5.5), "li"), stepRate(ago(5.4), report.Satisfied))...)
	f.reopened = app.reportThrough(t, f.north, ago(5), append(toDispatched(ago(5), now.Add(72*time.Hour), "li"),
		stepResolve(ago(4.5), "li"), stepRate(ago(4.4), report.Unsatisfied))...)
	f.other = app.reportThrough(t, f.south, ago(1))
	return f
}

func ids(rs ...report.Report) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.ID
	}
	return out
}

// mistype changes a code's check character, which ParseTracking catches.
func mistype(code string) string {
	last := "Z"
	if strings.HasSuffix(code, last) {
		last = "Y"
	}
	return code[:len(code)-1] + last
}

// rowOf returns the class and the text of a report's row in a staff list.
func rowOf(t *testing.T, body, id string) (string, string) {
	t.Helper()
	m := regexp.MustCompile(`(?s)<tr class="([^"]*)">\s*<td[^>]*><a href="/admin/reports/` + id + `".*?</tr>`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no row for %s", id)
	}
	return m[1], m[0]
}

func TestInboxFilters(t *testing.T) {
	f := newInboxFixture(t)
	op, _ := f.app.login("op")
	display := f.dueSoon.Tracking().Display()
	tests := []struct {
		name  string
		query string
		want  []string // in page order
	}{
		{"everything of the street, newest first", "", ids(f.reopened, f.closed, f.inProgress, f.dueSoon, f.accepted, f.submitted, f.late)},
		{"newest first, asked for", "sort=new", ids(f.reopened, f.closed, f.inProgress, f.dueSoon, f.accepted, f.submitted, f.late)},
		{"status", "status=dispatched", ids(f.dueSoon, f.late)},
		{"status reopened", "status=reopened", ids(f.reopened)},
		{"status that does not exist", "status=deleted", nil},
		{"community", "community=" + f.village.Code, ids(f.inProgress, f.accepted)},
		{"another street's community", "community=" + f.south.Code, nil},
		{"category", "category=" + url.QueryEscape("安全隐患"), ids(f.accepted)},
		{"assignee", "assignee=wang", ids(f.dueSoon, f.late)},
		{"assignee and status", "assignee=li&status=in_progress", ids(f.inProgress)},
		{"overdue", "overdue=1", ids(f.late)},
		{"overdue and community", "overdue=1&community=" + f.village.Code, nil},
		{"tracking code as shown", "q=" + url.QueryEscape(display), ids(f.dueSoon)},
		{"tracking code in lower case", "q=" + url.QueryEscape(strings.ToLower(display)), ids(f.dueSoon)},
		{"tracking code with spaces", "q=" + url.QueryEscape(" "+strings.ReplaceAll(display, "-", " ")+" "), ids(f.dueSoon)},
		{"tracking code mistyped", "q=" + url.QueryEscape(mistype(display)), nil},
		{"garbage search", "q=" + url.QueryEscape(`{"$ne":""}`), nil},
		{"another street's tracking code", "q=" + f.other.ID, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := op.get("/admin/reports?" + tt.query)
			if res.status != http.StatusOK {
				t.Fatalf("status %d", res.status)
			}
			if got := listedIDs(res.body); !slices.Equal(got, tt.want) {
				t.Errorf("listed %v, want %v", got, tt.want)
			}
			if !strings.Contains(res.body, staffText(t, "staff.total", "Count", len(tt.want))) {
				t.Errorf("the total is not %d", len(tt.want))
			}
		})
	}
}

// TestInboxUrgentOrder: reports awaiting a decision first, then the
// earliest due, then what is finished (newest first), however long ago its
// due time passed.
func TestInboxUrgentOrder(t *testing.T) {
	f := newInboxFixture(t)
	start := time.Now().Add(-100 * time.Hour)
	finishedLate := f.app.reportThrough(t, f.north, start, append(toDispatched(start, start.Add(10*time.Hour), "wang"),
		stepResolve(start.Add(20*time.Hour), "wang"), stepRate(start.Add(21*time.Hour), report.Satisfied))...)
	op, _ := f.app.login("op")
	tests := []struct {
		query string
		want  []string
	}{
		{"sort=urgent", ids(f.submitted, f.accepted, f.late, f.dueSoon, f.inProgress, f.reopened, f.closed, finishedLate)},
		{"sort=urgent&status=closed", ids(finishedLate, f.closed)},
		{"sort=urgent&assignee=wang", ids(f.late, f.dueSoon, finishedLate)},
		{"sort=urgent&community=" + f.village.Code, ids(f.accepted, f.inProgress)},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			res := op.get("/admin/reports?" + tt.query)
			if got := listedIDs(res.body); !slices.Equal(got, tt.want) {
				t.Errorf("listed %v, want %v", got, tt.want)
			}
			if !strings.Contains(res.body, staffText(t, "staff.total", "Count", len(tt.want))) {
				t.Errorf("the total is not %d", len(tt.want))
			}
		})
	}
}

func TestInboxCounts(t *testing.T) {
	f := newInboxFixture(t)
	op, _ := f.app.login("op")
	all := map[report.Status]int{
		report.Submitted: 1, report.Accepted: 1, report.Rejected: 0, report.Dispatched: 2,
		report.InProgress: 1, report.Resolved: 0, report.Closed: 1, report.Reopened: 1,
	}
	village := map[report.Status]int{report.Accepted: 1, report.InProgress: 1}
	tests := []struct {
		name  string
		query string
		want  map[report.Status]int
	}{
		{"the street", "", all},
		{"a status filter does not change the counts", "status=closed", all},
		{"a community", "community=" + f.village.Code, village},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := op.get("/admin/reports?" + tt.query).body
			for _, s := range report.Statuses() {
				if got := statusCount(t, body, s); got != tt.want[s] {
					t.Errorf("%s: %d, want %d", s, got, tt.want[s])
				}
			}
		})
	}
}

// TestInboxDeadlineMarks: overdue and due-within-4-hours rows are marked.
func TestInboxDeadlineMarks(t *testing.T) {
	f := newInboxFixture(t)
	op, _ := f.app.login("op")
	body := op.get("/admin/reports").body
	overdue, soon := staffText(t, "staff.overdue"), staffText(t, "staff.due_soon")
	tests := []struct {
		name, id, class string
		tag             string
	}{
		{"overdue", f.late.ID, "overdue", overdue},
		{"due within 4 hours", f.dueSoon.ID, "due-soon", soon},
		{"due in 30 hours", f.inProgress.ID, "", ""},
		{"closed, its due long gone by", f.closed.ID, "", ""},
		{"reopened", f.reopened.ID, " reopened", ""},
		{"no due yet", f.submitted.ID, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			class, row := rowOf(t, body, tt.id)
			if class != tt.class {
				t.Errorf("row class %q, want %q", class, tt.class)
			}
			for _, tag := range []string{overdue, soon} {
				if marked := strings.Contains(row, tag); marked != (tag == tt.tag) {
					t.Errorf("row marked %q: %v, want %v", tag, marked, !marked)
				}
			}
		})
	}
	t.Run("on the report page", func(t *testing.T) {
		if res := op.get("/admin/reports/" + f.late.ID); !strings.Contains(res.body, `class="tag tag-bad">`+overdue) {
			t.Error("the overdue report's page does not say so")
		}
		if res := op.get("/admin/reports/" + f.dueSoon.ID); !strings.Contains(res.body, `class="tag tag-warn">`+soon) {
			t.Error("the report due soon does not say so")
		}
	})
}

// TestInboxOfAWorker: a worker sees only what is dispatched to them, whatever
// the query asks for.
func TestInboxOfAWorker(t *testing.T) {
	f := newInboxFixture(t)
	tests := []struct {
		worker, query string
		want          []string
	}{
		{"wang", "", ids(f.dueSoon, f.late)},
		{"wang", "assignee=li", ids(f.dueSoon, f.late)},
		{"wang", "status=submitted", nil},
		{"wang", "q=" + f.submitted.ID, nil},
		{"wang", "community=" + f.village.Code, nil},
		// The reopened one went back to the operators: no longer li's.
		{"li", "", ids(f.closed, f.inProgress)},
		{"li", "overdue=1", nil},
	}
	for _, tt := range tests {
		t.Run(tt.worker+"?"+tt.query, func(t *testing.T) {
			b, _ := f.app.login(tt.worker)
			res := b.get("/admin/reports?" + tt.query)
			if got := listedIDs(res.body); !slices.Equal(got, tt.want) {
				t.Errorf("listed %v, want %v", got, tt.want)
			}
			if tt.query == "" && statusCount(t, res.body, report.Submitted) != 0 {
				t.Error("the counts include reports not dispatched to the worker")
			}
			if strings.Contains(res.body, `id="assignee"`) {
				t.Error("a worker is offered the assignee filter")
			}
		})
	}
}
