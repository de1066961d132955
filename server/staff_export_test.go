package server_test

import (
	"encoding/csv"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"gridline/auth"
)

// exportOf downloads the CSV export and returns its header and rows by
// tracking code.
func exportOf(t *testing.T, b *browser, query string) (page, []string, map[string][]string) {
	t.Helper()
	res := b.get("/admin/export.csv" + query)
	if res.status != http.StatusOK {
		t.Fatalf("export: %d", res.status)
	}
	if !strings.HasPrefix(res.body, "\uFEFF") {
		t.Fatalf("no byte-order mark: %q", res.body[:min(len(res.body), 10)])
	}
	records, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(res.body, "\uFEFF"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(records) == 0 {
		t.Fatal("no header")
	}
	rows := map[string][]string{}
	for _, rec := range records[1:] {
		if _, dup := rows[rec[0]]; dup {
			t.Errorf("report %s has two rows", rec[0])
		}
		rows[rec[0]] = rec
	}
	return res, records[0], rows
}

func TestExport(t *testing.T) {
	app := newTestApp(t)
	north := app.community("春和社区", "北山口镇")
	village := app.community("桃花峪村", "北山口镇")
	south := app.community("柳荫社区", "南河街道")
	app.user("root", auth.Admin, "")
	app.user("op", auth.Operator, "北山口镇")
	app.user("wang", auth.Worker, "", north.Code)

	today := time.Now().In(shanghai)
	from := today.AddDate(0, 0, -2).Format(time.DateOnly)
	to := today.Format(time.DateOnly)
	start := time.Now().Add(-3 * time.Hour)
	resolved := app.reportThrough(t, north, start, append(toDispatched(start, time.Now().Add(24*time.Hour), "wang"),
		stepTake(start.Add(time.Hour), "wang"), stepResolve(start.Add(2*time.Hour), "wang"))...)
	submitted := app.reportThrough(t, village, start)
	southern := app.reportThrough(t, south, start)
	oldStart := time.Now().AddDate(0, 0, -5)
	old := app.reportThrough(t, north, oldStart, toDispatched(oldStart, time.Now().Add(time.Hour), "wang")...)
	query := "?from=" + from + "&to=" + to

	t.Run("file", func(t *testing.T) {
		op, _ := app.login("op")
		expectExportFile(t, op, from, to, resolved.ID, submitted.ID)
	})

	tests := []struct {
		user, query string
		want        []string
	}{
		{"op", "?community=" + village.Code + "&from=" + from + "&to=" + to, sorted(submitted.ID)},
		{"op", "?community=" + south.Code + "&from=" + from + "&to=" + to, nil},
		{"op", "?from=" + today.AddDate(0, 0, -10).Format(time.DateOnly) + "&to=" + to, sorted(resolved.ID, submitted.ID, old.ID)},
		{"root", query, sorted(resolved.ID, submitted.ID, southern.ID)},
		{"wang", query, sorted(resolved.ID)},
		{"wang", "?community=" + village.Code + "&from=" + from + "&to=" + to, nil},
	}
	for _, tt := range tests {
		t.Run(tt.user+tt.query, func(t *testing.T) {
			b, _ := app.login(tt.user)
			_, _, rows := exportOf(t, b, tt.query)
			if got := keys(rows); !slices.Equal(got, tt.want) {
				t.Errorf("rows %v, want %v", got, tt.want)
			}
		})
	}

	t.Run("audited", func(t *testing.T) {
		if n := app.audited(t, "export"); n != len(tests)+1 {
			t.Errorf("%d exports audited, want %d", n, len(tests)+1)
		}
	})
}

// expectExportFile checks the operator's export of the period from–to: a
// CSV download whose rows are the street's reports resolved and submitted,
// with the resolved one's times and fields.
func expectExportFile(t *testing.T, op *browser, from, to, resolved, submitted string) {
	t.Helper()
	res, header, rows := exportOf(t, op, "?from="+from+"&to="+to)
	if ct := res.header.Get("Content-Type"); ct != "text/csv; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	if cd := res.header.Get("Content-Disposition"); cd != `attachment; filename="gridline-`+from+`-`+to+`.csv"` {
		t.Errorf("Content-Disposition %q", cd)
	}
	if len(header) < 16 || header[0] != "跟踪码" || header[2] != "社区" || !slices.Contains(header, "办结时间") {
		t.Errorf("header %v", header)
	}
	if !strings.Contains(res.body, "\r\n") {
		t.Error("lines do not end in CRLF")
	}
	if got := keys(rows); !slices.Equal(got, sorted(resolved, submitted)) {
		t.Errorf("rows %v, want the street's reports of the period", got)
	}
	row := rows[resolved]
	col := func(name string) string { return row[slices.Index(header, name)] }
	for _, name := range []string{"上报时间", "受理时间", "派遣时间", "接单时间", "办结时间"} {
		if _, err := time.ParseInLocation("2006-01-02 15:04", col(name), shanghai); err != nil {
			t.Errorf("%s = %q", name, col(name))
		}
	}
	if col("社区") != "春和社区" || col("状态") != "已办结" || col("处理人") != "wang" || col("联系电话") != "13812345678" {
		t.Errorf("row %v", row)
	}
}

// audited counts the audit log's entries of action.
func (a *testApp) audited(t *testing.T, action string) int {
	t.Helper()
	entries, err := a.store.AuditEntries(t.Context(), 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range entries {
		if e.Action == action {
			n++
		}
	}
	return n
}

// TestStatsOfAWorker: a worker's statistics are the figures of the
// communities they serve (the tallies are per community, not per person),
// and no other community's.
func TestStatsOfAWorker(t *testing.T) {
	app := newTestApp(t)
	north := app.community("春和社区", "北山口镇")
	village := app.community("桃花峪村", "北山口镇")
	app.user("wang", auth.Worker, "", north.Code)
	app.user("li", auth.Worker, "", north.Code, village.Code)
	// In the statistics' default period, the current month in China.
	now := time.Now().In(shanghai)
	start := now.Add(-3 * time.Hour)
	if first := time.Date(now.Year(), now.Month(), 1, 0, 0, 1, 0, shanghai); start.Before(first) {
		start = first
	}
	app.reportThrough(t, north, start, toDispatched(start, time.Now().Add(time.Hour), "wang")...)
	app.reportThrough(t, north, start, toDispatched(start, time.Now().Add(time.Hour), "li")...)
	app.reportThrough(t, north, start)
	app.reportThrough(t, village, start, toDispatched(start, time.Now().Add(time.Hour), "li")...)

	wang, _ := app.login("wang")
	if row := statsRow(t, wang, "春和社区"); row[0] != "3" {
		t.Errorf("wang's received count %q, want the community's 3 (row %v)", row[0], row)
	}
	if strings.Contains(wang.get("/admin/stats").body, "桃花峪村") {
		t.Error("wang sees another community's statistics")
	}
	li, _ := app.login("li")
	if row := statsRow(t, li, "桃花峪村"); row[0] != "1" {
		t.Errorf("li's received count in 桃花峪村 %q, want 1", row[0])
	}
	if row := statsRow(t, li, "春和社区"); row[0] != "3" {
		t.Errorf("li's received count in 春和社区 %q, want 3", row[0])
	}
	if body := li.get("/admin/stats").body; !strings.Contains(body, "网格员看到的是所服务社区的整体数字") {
		t.Error("the page does not say a worker sees their communities' figures")
	}
}

func keys(m map[string][]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func sorted(ids ...string) []string {
	slices.Sort(ids)
	return ids
}
