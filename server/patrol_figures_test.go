package server_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"gridline/auth"
	"gridline/community"
	"gridline/report"
)

// storeFind stores a patrol find by a worker of com made at, 夜巡 or not, as
// the patrol form makes it, and takes it through steps.
func (a *testApp) storeFind(t *testing.T, com community.Community, at time.Time, night bool, steps ...report.Step) report.Report {
	t.Helper()
	at = at.UTC().Truncate(time.Millisecond)
	r, err := a.store.CreateReport(t.Context(), report.New(report.Submission{
		Community: com.Code, Street: com.Street, Category: "市容环境", Description: "5号楼楼道堆放杂物，堵住了消防通道",
		SubmitToken: randomToken(t), Source: report.FromPatrol, Actor: "wangli", Night: night,
	}, at))
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range steps {
		st.At = st.At.UTC().Truncate(time.Millisecond)
		next, err := report.Apply(r, st)
		if err != nil {
			t.Fatalf("%s: %v", st.Action, err)
		}
		if err := a.store.UpdateReport(t.Context(), r.Version, next); err != nil {
			t.Fatalf("%s: %v", st.Action, err)
		}
		r = next
	}
	return r
}

// TestPatrolFigures: on a hand-built month (a resident's report and two
// patrol finds, one of them at night, the other re-checked on time and found
// back), the statistics show 巡查发现 2, 夜巡发现 1, one re-check, on time,
// relapsed, and the sentence over the table; the community's public page
// counts the finds like any report; the tracking page says a grid worker
// found it on patrol, and never who.
func TestPatrolFigures(t *testing.T) {
	app := newTestApp(t)
	com := app.community("春和社区", "北山口镇")
	app.user("op", auth.Operator, "北山口镇")
	now := time.Now()
	start := now.Add(-3 * time.Hour)
	if start.In(shanghai).Month() != now.In(shanghai).Month() {
		start = now.Add(-time.Minute) // the month began less than three hours ago
	}
	min := func(n int) time.Time { return start.Add(time.Duration(n) * time.Minute) }

	app.reportThrough(t, com, min(0))
	night := app.storeFind(t, com, min(1), true)
	app.storeFind(t, com, min(2), false,
		stepDispatch(min(3), min(60), "wangli"), stepResolve(min(4), "wangli"),
		report.Step{Action: report.Rate, At: min(5), Rating: report.Satisfied, RecheckAfter: 2 * time.Hour},
		report.Step{Action: report.Recheck, Actor: "wangli", At: min(6), Finding: report.Relapsed, Photos: []string{"recheck1"}})

	op, _ := app.login("op")
	// 收到 受理 办结 办结率 按期 受理用时 办理用时 满意率 重办 超期 扫码 扫码→上报, then the
	// finds, then 我也遇到
	row := statsRowAt(t, op, "", "春和社区")
	if len(row) != 18 {
		t.Fatalf("a stats row of %d cells: %q", len(row), row)
	}
	if got, want := [6]string{row[0], row[12], row[13], row[14], row[15], row[16]}, [6]string{"3", "2", "1", "1", "100.0%", "100.0%"}; got != want {
		t.Errorf("收到, 巡查发现, 夜巡发现, 回头看, 按期率, 反弹率 = %q, want %q", got, want)
	}
	stats := op.get("/admin/stats")
	if want := staffText(t, "stats.night_summary", "Night", 1, "Patrol", 2, "Residents", 1); !strings.Contains(stats.body, want) {
		t.Errorf("the statistics lack %q", want)
	}

	public := app.get("/communities/" + com.Code)
	if got := numbersOf(t, public.Body.String(), "收到上报"); got[0] != "3" {
		t.Errorf("the community page counts %s reports this month, want 3 (the finds too)", got[0])
	}

	track := app.get("/t/" + night.ID)
	expectPage(t, track, http.StatusOK, staffText(t, "track.source_patrol"))
	if body := track.Body.String(); strings.Contains(body, "wangli") {
		t.Error("the tracking page names the worker who found it")
	}
	resident := app.reportThrough(t, com, min(7))
	if body := app.get("/t/" + resident.ID).Body.String(); strings.Contains(body, staffText(t, "track.source_patrol")) {
		t.Error("a resident's report is said to be found on patrol")
	}
}
