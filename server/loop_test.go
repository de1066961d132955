package server_test

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"gridline/auth"
)

// submitAs posts a resident's report from b and returns its tracking path.
func submitAs(t *testing.T, b *browser, code string, photo []byte) string {
	t.Helper()
	form := b.get("/c/" + code)
	req := multipartReport(t, "/c/"+code, validFields(formToken(t, form.body)), photo)
	req.URL, _ = url.Parse(b.base + "/c/" + code)
	req.RequestURI = ""
	res := b.do(req)
	if res.status != http.StatusSeeOther {
		t.Fatalf("submit: %d", res.status)
	}
	return strings.TrimSuffix(res.location, "?new=1")
}

// resolveAs posts the resolve form with a public reply and one after-photo.
func resolveAs(t *testing.T, b *browser, id, csrf, reply string, photo []byte) page {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	w.WriteField("public", reply)
	fw, _ := w.CreateFormFile("photos", "after.jpg")
	fw.Write(photo)
	w.Close()
	req, err := http.NewRequest(http.MethodPost, b.base+"/admin/reports/"+id+"/resolve?csrf="+url.QueryEscape(csrf), &buf)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", w.FormDataContentType())
	return b.do(req)
}

// act posts one staff action and expects the redirect back to the report.
func act(t *testing.T, b *browser, id, action string, v url.Values) {
	t.Helper()
	res := b.post("/admin/reports/"+id+"/"+action, v)
	if res.status != http.StatusSeeOther {
		t.Fatalf("%s: want 303, got %d: %s", action, res.status, noticeOf(res.body))
	}
}

func noticeOf(body string) string {
	m := regexp.MustCompile(`(?s)class="notice"[^>]*>(.*?)</div>`).FindStringSubmatch(body)
	if m == nil {
		return ""
	}
	return strings.TrimSpace(m[1])
}

// statsRow returns the cells of a community's row on the statistics page
// for the default period (this month).
func statsRow(t *testing.T, b *browser, name string) []string {
	t.Helper()
	return statsRowAt(t, b, "", name)
}

// TestClosedLoop walks one report round the whole loop over HTTP and checks
// the tracking page and the statistics at each step.
func TestClosedLoop(t *testing.T) {
	app := newTestApp(t)
	com := app.community("春和社区", "北山口镇")
	app.user("op", auth.Operator, "北山口镇")
	app.user("wang", auth.Worker, "", com.Code)
	resident := app.browser()
	op, opCSRF := app.login("op")
	worker, wCSRF := app.login("wang")

	track := submitAs(t, resident, com.Code, smallJPEG(t))
	id := strings.TrimPrefix(track, "/t/")
	check := loopCheck{t: t, resident: resident, op: op, track: track}
	// Columns: 0 received, 1 accepted, 2 resolved, 3 办结率, 4 on time,
	// 5 accept hours, 6 resolve hours, 7 satisfaction, 8 reopens, 9 overdue.
	check.tracking("submitted", "已上报")
	check.stats(map[int]string{0: "1", 1: "0", 2: "0", 3: "0.0%", 7: "—", 8: "0"})

	act(t, op, id, "accept", url.Values{"csrf": {opCSRF}, "public": {"已收到，马上安排"}})
	check.tracking("accepted", "已受理", "已收到，马上安排")
	check.stats(map[int]string{0: "1", 1: "1", 2: "0"})

	due := time.Now().Add(48 * time.Hour).In(time.FixedZone("CST", 8*3600)).Format("2006-01-02T15:04")
	act(t, op, id, "dispatch", url.Values{"csrf": {opCSRF}, "worker": {"wang"}, "due": {due}})
	act(t, op, id, "note", url.Values{"csrf": {opCSRF}, "internal": {"内部：车辆已安排"}})
	check.tracking("dispatched", "已派遣")

	act(t, worker, id, "take", url.Values{"csrf": {wCSRF}})
	check.tracking("in_progress", "处理中")
	if res := resolveAs(t, worker, id, wCSRF, "路灯已更换", smallJPEG(t)); res.status != http.StatusSeeOther {
		t.Fatalf("resolve: %d %s", res.status, noticeOf(res.body))
	}
	check.tracking("resolved", "已办结", "路灯已更换", "办理后照片", `name="rating"`)
	check.stats(map[int]string{0: "1", 1: "1", 2: "1", 3: "100.0%", 4: "100.0%", 7: "—"})

	res := resident.post(track+"/rate", url.Values{"rating": {"unsatisfied"}, "comment": {"晚上还是不亮"}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("rate: %d", res.status)
	}
	check.tracking("reopened", "已重办", "晚上还是不亮")
	check.stats(map[int]string{7: "0.0%", 8: "1"})
	check.reopenedInInbox(id)

	act(t, op, id, "dispatch", url.Values{"csrf": {opCSRF}, "worker": {"wang"}, "due": {due}})
	act(t, worker, id, "take", url.Values{"csrf": {wCSRF}})
	if res := resolveAs(t, worker, id, wCSRF, "线路已检修，晚上亮了", smallJPEG(t)); res.status != http.StatusSeeOther {
		t.Fatalf("second resolve: %d", res.status)
	}
	check.tracking("resolved", "线路已检修，晚上亮了")

	if res := resident.post(track+"/rate", url.Values{"rating": {"satisfied"}}); res.status != http.StatusSeeOther {
		t.Fatalf("second rating: %d", res.status)
	}
	check.tracking("closed", "已评价")
	check.stats(map[int]string{0: "1", 1: "1", 2: "1", 3: "100.0%", 7: "50.0%", 8: "1"})

	if res := resident.post(track+"/rate", url.Values{"rating": {"unsatisfied"}}); res.status != http.StatusConflict {
		t.Errorf("rating a closed report again: want 409, got %d", res.status)
	}
}

// loopCheck checks, at each step of TestClosedLoop, the resident's tracking
// page and the operator's statistics.
type loopCheck struct {
	t            *testing.T
	resident, op *browser
	track        string
}

// tracking expects the tracking page in wantStatus, showing want and none of
// the report's private details.
func (c loopCheck) tracking(wantStatus string, want ...string) {
	c.t.Helper()
	res := c.resident.get(c.track)
	if res.status != http.StatusOK || !strings.Contains(res.body, `badge-`+wantStatus) {
		c.t.Fatalf("tracking page: %d, want state %s", res.status, wantStatus)
	}
	for _, w := range want {
		if !strings.Contains(res.body, w) {
			c.t.Errorf("tracking page in state %s lacks %q", wantStatus, w)
		}
	}
	for _, secret := range []string{"13812345678", "魏先生", "内部：车辆已安排", "wang"} {
		if strings.Contains(res.body, secret) {
			c.t.Errorf("tracking page shows %q", secret)
		}
	}
}

// reopenedInInbox expects report id in the operators' inbox of reopened
// reports, flagged as reopened once.
func (c loopCheck) reopenedInInbox(id string) {
	c.t.Helper()
	inbox := c.op.get("/admin/reports?status=reopened")
	if !strings.Contains(inbox.body, id[:4]) || !strings.Contains(inbox.body, "重办1次") {
		c.t.Error("the reopened report is not flagged in the operators' inbox")
	}
}

// stats expects the community's statistics row to hold want, by column.
func (c loopCheck) stats(want map[int]string) {
	c.t.Helper()
	row := statsRow(c.t, c.op, "春和社区")
	for i, w := range want {
		if row[i] != w {
			c.t.Errorf("stats column %d = %q, want %q (row %v)", i, row[i], w, row)
		}
	}
}
