package server_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"gridline/auth"
	"gridline/report"
)

// TestPatrolRefusals: a patrol find for a community the worker does not
// serve (another of the street, one that does not exist, a disabled one),
// with fields to fix, an expired token or no CSRF token is refused with a
// clear message and the worker's text kept, and stores nothing: no report,
// no photo file.
func TestPatrolRefusals(t *testing.T) {
	app := newTestApp(t)
	mine := app.community("春和社区", "北山口镇")
	other := app.community("桃花峪村", "北山口镇")
	closed := app.community("旧村", "北山口镇")
	closed.Disabled = true
	if err := app.store.UpdateCommunity(t.Context(), closed); err != nil {
		t.Fatal(err)
	}
	app.user("wangli", auth.Worker, "", mine.Code, closed.Code)
	b, csrf := app.login("wangli")
	notServed := staffText(t, "patrol.not_served")
	kept := "5号楼楼道堆放杂物，堵住了消防通道"
	for _, tc := range []struct {
		name   string
		change func(url.Values)
		csrf   string
		status int
		wants  []string
	}{
		{"another community", func(v url.Values) { v.Set("community", other.Code) }, csrf, http.StatusForbidden, []string{notServed, kept}},
		{"no such community", func(v url.Values) { v.Set("community", "ZZZZZZ") }, csrf, http.StatusForbidden, []string{notServed, kept}},
		{"a disabled community", func(v url.Values) { v.Set("community", closed.Code) }, csrf, http.StatusForbidden, []string{notServed, kept}},
		{"no community", func(v url.Values) { v.Del("community") }, csrf, http.StatusUnprocessableEntity,
			[]string{staffText(t, "field.community.required"), kept}},
		{"fields to fix", func(v url.Values) { v.Set("description", "太短"); v.Set("category", "没有这类") }, csrf, http.StatusUnprocessableEntity,
			[]string{staffText(t, "field.description.min"), staffText(t, "field.category.oneof"), "5号楼2单元", staffText(t, "form.photos_again")}},
		{"an expired token", func(v url.Values) { v.Set("token", "old") }, csrf, http.StatusUnprocessableEntity,
			[]string{staffText(t, "field.token.invalid"), kept}},
		{"no CSRF token", func(url.Values) {}, "", http.StatusForbidden, []string{staffText(t, "error.csrf.message")}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v := patrolFields(patrolToken(t, b), mine.Code)
			tc.change(v)
			res := postPatrol(t, b, tc.csrf, v, smallJPEG(t))
			if res.status != tc.status {
				t.Errorf("status %d, want %d; notice %q", res.status, tc.status, noticeOf(res.body))
			}
			for _, want := range tc.wants {
				if !strings.Contains(res.body, want) {
					t.Errorf("the page lacks %q", want)
				}
			}
			app.expectNothingStored(t)
		})
	}
}

// TestPatrolSentTwice: the same form sent again (a retry) and twice at once
// (a double tap) makes one find with one set of photos, audited once; the
// repeats are sent where the first was.
func TestPatrolSentTwice(t *testing.T) {
	app := newTestApp(t)
	com := app.community("春和社区", "北山口镇")
	app.user("wangli", auth.Worker, "", com.Code)
	b, csrf := app.login("wangli")

	fields := patrolFields(patrolToken(t, b), com.Code)
	first := postPatrol(t, b, csrf, fields, smallJPEG(t))
	r := app.filedReport(t, first)
	if again := postPatrol(t, b, csrf, fields, smallJPEG(t)); again.status != http.StatusSeeOther || again.location != first.location {
		t.Errorf("the retry: %d to %q, want 303 to %q", again.status, again.location, first.location)
	}

	fields = patrolFields(patrolToken(t, b), com.Code)
	res := sendAtOnce(t, b, patrolRequest(t, b, csrf, fields, smallJPEG(t)), patrolRequest(t, b, csrf, fields, smallJPEG(t)))
	tapped := app.filedReport(t, res[0])
	if res[1].location != res[0].location || tapped.ID == r.ID {
		t.Errorf("a double tap went to %q and %q", res[0].location, res[1].location)
	}
	if n := app.countReports(); n != 2 {
		t.Errorf("%d finds stored, want 2", n)
	}
	if files := app.photoFiles(); len(files) != 4 {
		t.Errorf("photo files %v, want each find's photo and thumbnail", files)
	}
	if n := app.audited(t, "report.patrol"); n != 2 {
		t.Errorf("%d report.patrol audit entries, want 2", n)
	}
}

// patrolRequest is postPatrol's request, to send later.
func patrolRequest(t *testing.T, b *browser, csrf string, fields url.Values, photos ...[]byte) *http.Request {
	t.Helper()
	req := multipartReport(t, b.base+"/admin/patrol?csrf="+url.QueryEscape(csrf), fields, photos...)
	req.RequestURI = "" // made for a server; sent by a client here
	return req
}

// sendAtOnce sends the requests as b, all at the same time, and returns
// their answers in order.
func sendAtOnce(t *testing.T, b *browser, reqs ...*http.Request) []page {
	t.Helper()
	out := make([]page, len(reqs))
	var wg sync.WaitGroup
	for i, req := range reqs {
		wg.Go(func() {
			resp, err := b.client.Do(req)
			if err != nil {
				t.Error(err)
				return
			}
			defer resp.Body.Close()
			body, err := io.ReadAll(resp.Body)
			if err != nil {
				t.Error(err)
			}
			out[i] = page{status: resp.StatusCode, body: string(body), location: resp.Header.Get("Location"), header: resp.Header}
		})
	}
	wg.Wait()
	return out
}

// TestPatrolAnswersTheScript: the form's script (static/js/report.js) asks
// for JSON and gets the refusal in words, field by field, with the token
// to send next; once stored, the find's address and tracking code.
func TestPatrolAnswersTheScript(t *testing.T) {
	app := newTestApp(t)
	mine := app.community("春和社区", "北山口镇")
	other := app.community("桃花峪村", "北山口镇")
	app.user("wangli", auth.Worker, "", mine.Code)
	b, csrf := app.login("wangli")
	fields := patrolFields(patrolToken(t, b), other.Code)
	send := func() (page, map[string]any) {
		req := patrolRequest(t, b, csrf, fields, smallJPEG(t))
		req.Header.Set("Accept", "application/json")
		res := b.do(req)
		var answer map[string]any
		if err := json.Unmarshal([]byte(res.body), &answer); err != nil {
			t.Fatalf("answer %q: %v", res.body, err)
		}
		return res, answer
	}
	res, answer := send()
	errs, _ := answer["errors"].(map[string]any)
	if res.status != http.StatusForbidden || errs["community"] != catalogMessage(t, "zh-CN", "patrol.not_served") || answer["token"] != fields.Get("token") {
		t.Errorf("refused: %d %v", res.status, answer)
	}
	app.expectNothingStored(t)

	fields.Set("community", mine.Code)
	res, answer = send()
	r := app.reread(t, strings.ReplaceAll(fmt.Sprint(answer["tracking"]), "-", ""))
	if res.status != http.StatusOK || answer["url"] != "/admin/patrol?filed="+r.ID || r.Source != report.FromPatrol {
		t.Errorf("stored: %d %v", res.status, answer)
	}
}
