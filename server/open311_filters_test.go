package server_test

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"gridline/report"
)

// TestOpen311RequestFilters: GET requests' arguments as the spec has them:
// the last 90 days by default; start_date and end_date (alone they span 90
// days); service_code and status, comma lists; service_request_id, which
// overrides the rest; each in both formats.
func TestOpen311RequestFilters(t *testing.T) {
	w := newOpenWorld(t)
	now := time.Now()
	day := func(n int) time.Time { return now.AddDate(0, 0, -n) }
	open := w.openReport(t, w.com, "市容环境", day(2), nil)
	rejected := w.openReport(t, w.com, "道路交通", day(3), nil,
		report.Step{Action: report.Reject, Actor: "op", At: day(3).Add(time.Hour), PublicNote: "重复上报"})
	rated := w.reportThrough(t, w.com, day(10), append(toDispatched(day(10), day(8), "wangli"),
		stepResolve(day(9), "wangli"), stepRate(day(9).Add(time.Hour), report.Satisfied))...)
	old := w.openReport(t, w.com, "市容环境", day(100), nil)
	elsewhere := w.openReport(t, w.other, "安全隐患", day(1), nil)
	codes := w.serviceCodes(t)
	nobody, err := report.NewTracking() // a code of no report
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		query string
		want  []report.Report
	}{
		{"", []report.Report{elsewhere, open, rejected, rated}},
		{"status=open", []report.Report{elsewhere, open}},
		{"status=closed", []report.Report{rejected, rated}},
		{"status=open,closed", []report.Report{elsewhere, open, rejected, rated}},
		{"service_code=" + codes["道路交通"], []report.Report{rejected}},
		{"service_code=" + codes["道路交通"] + "," + codes["安全隐患"], []report.Report{elsewhere, rejected}},
		{"service_code=" + codes["市容环境"] + "&status=closed", []report.Report{rated}},
		{"start_date=" + w3cQuery(day(11)) + "&end_date=" + w3cQuery(day(5)), []report.Report{rated}},
		{"start_date=" + w3cQuery(day(101)), []report.Report{old}},
		{"end_date=" + w3cQuery(day(95)), []report.Report{old}},
		{"start_date=" + day(3).Format(time.DateOnly) + "&end_date=" + w3cQuery(now), []report.Report{elsewhere, open, rejected}},
		{"service_request_id=" + rated.ID + "," + old.ID + "," + nobody.String() + "&status=open", []report.Report{rated, old}},
		{"service_request_id=" + strings.ToLower(open.ID), []report.Report{open}},
	}
	for _, f := range openFormats {
		for _, tc := range cases {
			list := openList(t, w.get("/open311/v2/requests."+f+"?"+tc.query), f, http.StatusOK, "service_requests", "request")
			if got, want := requestIDs(list), reportIDs(tc.want); !slices.Equal(got, want) {
				t.Errorf("%s ?%s: %v, want %v", f, tc.query, got, want)
			}
		}
	}
	expectFilterErrors(t, w, now)
}

// expectFilterErrors: arguments that cannot be met are a 400 saying why.
func expectFilterErrors(t *testing.T, w *openWorld, now time.Time) {
	t.Helper()
	many := make([]string, 101)
	for i := range many {
		tr, err := report.NewTracking()
		if err != nil {
			t.Fatal(err)
		}
		many[i] = tr.String()
	}
	cases := []struct {
		query, id string
		args      []any
	}{
		{"status=pending", "open311.bad_status", nil},
		{"start_date=yesterday", "open311.bad_date", []any{"Field", "start_date"}},
		{"end_date=2026-11-05T10:00:00", "open311.bad_date", []any{"Field", "end_date"}},
		{"start_date=" + w3cQuery(now.AddDate(0, 0, -91)) + "&end_date=" + w3cQuery(now), "open311.date_span", nil},
		{"start_date=" + w3cQuery(now) + "&end_date=" + w3cQuery(now.AddDate(0, 0, -1)), "open311.date_order", nil},
		{"service_code=00000000", "open311.service_unknown", []any{"Code", "00000000"}},
		{"service_request_id=hello", "open311.bad_id", []any{"ID", "hello"}},
		{"service_request_id=" + strings.Join(many, ","), "open311.too_many_ids", []any{"Max", 100}},
	}
	for _, f := range openFormats {
		for _, tc := range cases {
			t.Run(f+" "+tc.id, func(t *testing.T) {
				expectOpenError(t, w.get("/open311/v2/requests."+f+"?"+tc.query), f, http.StatusBadRequest, tc.id, tc.args...)
			})
		}
		expectOpenError(t, w.get("/open311/v2/requests/"+many[0]+"."+f), f, http.StatusNotFound, "open311.request_not_found")
		expectOpenError(t, w.get("/open311/v2/requests/hello."+f), f, http.StatusNotFound, "open311.request_not_found")
	}
}

// w3cQuery is t as a query argument: W3C with its offset, escaped (a "+"
// must be sent as %2B).
func w3cQuery(t time.Time) string { return url.QueryEscape(t.Format(time.RFC3339)) }

func reportIDs(rs []report.Report) []string {
	out := make([]string, 0, len(rs))
	for _, r := range rs {
		out = append(out, r.ID)
	}
	return out
}

// TestOpen311RequestLimit: a list stops at the spec's 1,000 requests, the
// newest; reports older than the default 90 days are not read for it.
func TestOpen311RequestLimit(t *testing.T) {
	w := newOpenWorld(t)
	now := time.Now().UTC().Truncate(time.Second)
	var rs []report.Report
	for i := range 1005 {
		at := now.Add(-time.Duration(i) * 4 * time.Minute)
		id, err := report.NewTracking()
		if err != nil {
			t.Fatal(err)
		}
		rs = append(rs, report.Report{
			ID: id.String(), Community: w.com.Code, Street: w.com.Street, Category: "市容环境",
			Description: fmt.Sprintf("第%d条上报的描述", i), Status: report.Submitted, SubmitToken: fmt.Sprintf("limit-%d", i),
			Timeline:  []report.Event{{At: at, Action: report.Submit, Status: report.Submitted}},
			CreatedAt: at, UpdatedAt: at,
		})
	}
	if err := w.store.ImportReports(t.Context(), rs); err != nil {
		t.Fatal(err)
	}
	list := openList(t, w.get("/open311/v2/requests.json"), "json", http.StatusOK, "service_requests", "request")
	if len(list) != 1000 {
		t.Fatalf("%d requests, want 1000", len(list))
	}
	if got := requestIDs(list); got[0] != rs[0].ID || got[999] != rs[999].ID {
		t.Errorf("first %s and last %s, want the newest %s down to %s", got[0], got[999], rs[0].ID, rs[999].ID)
	}
	for i := 1; i < len(list); i++ {
		if list[i]["requested_datetime"].(string) > list[i-1]["requested_datetime"].(string) {
			t.Fatalf("request %d is newer than the one before it", i)
		}
	}
}
