package server_test

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"gridline/auth"
	"gridline/report"
)

// attempt is one staff member's browser, ready to post one action.
type attempt struct {
	b    *browser
	csrf string
}

// raceActions posts the same action from every attempt at once, after a
// common start, and returns the responses.
func raceActions(t *testing.T, attempts []attempt, path string, v url.Values) []page {
	t.Helper()
	var (
		start sync.WaitGroup
		done  sync.WaitGroup
	)
	out := make([]page, len(attempts))
	start.Add(1)
	for i, at := range attempts {
		done.Add(1)
		go func() {
			defer done.Done()
			form := url.Values{"csrf": {at.csrf}}
			for k, val := range v {
				form[k] = val
			}
			req, err := http.NewRequest(http.MethodPost, at.b.base+path, strings.NewReader(form.Encode()))
			if err != nil {
				t.Error(err)
				return
			}
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			start.Wait()
			resp, err := at.b.client.Do(req)
			if err != nil {
				t.Error(err)
				return
			}
			defer resp.Body.Close()
			body, err := io.ReadAll(resp.Body)
			if err != nil {
				t.Error(err)
				return
			}
			out[i] = page{status: resp.StatusCode, body: string(body), location: resp.Header.Get("Location")}
		}()
	}
	start.Done()
	done.Wait()
	return out
}

// countActions counts the events of one action on a timeline.
func countActions(r report.Report, a report.Action) int {
	n := 0
	for _, e := range r.Timeline {
		if e.Action == a {
			n++
		}
	}
	return n
}

// expectOneWinner checks that exactly one response is the redirect of
// success and every other is 409 naming the winner, who is the report's
// latest actor, with exactly one event of the action on the timeline.
func (a *testApp) expectOneWinner(t *testing.T, res []page, id string, action report.Action, before report.Report) {
	t.Helper()
	got := a.reread(t, id)
	winner := got.LastActor()
	wins := 0
	for i, r := range res {
		switch r.status {
		case http.StatusSeeOther:
			wins++
		case http.StatusConflict:
			if want := staffText(t, "staff.already_handled", "By", winner); !strings.Contains(r.body, want) {
				t.Errorf("response %d: notice %q, want %q", i, noticeOf(r.body), want)
			}
		default:
			t.Errorf("response %d: status %d (%s)", i, r.status, noticeOf(r.body))
		}
	}
	if wins != 1 {
		t.Errorf("%d of %d requests succeeded, want exactly 1", wins, len(res))
	}
	if n := countActions(got, action); n != countActions(before, action)+1 {
		t.Errorf("%d %s events on the timeline, want %d", n, action, countActions(before, action)+1)
	}
	if got.Version != before.Version+1 || len(got.Timeline) != len(before.Timeline)+1 {
		t.Errorf("v%d with %d events, want v%d with %d", got.Version, len(got.Timeline), before.Version+1, len(before.Timeline)+1)
	}
}

// TestConcurrentAccept: eight operators' browsers accept the same report at
// once; exactly one succeeds and the others are told who did.
func TestConcurrentAccept(t *testing.T) {
	app := newTestApp(t)
	com := app.community("春和社区", "北山口镇")
	var attempts []attempt
	for i := range 4 {
		name := fmt.Sprintf("op%d", i+1)
		app.user(name, auth.Operator, "北山口镇")
		for range 2 { // the same operator in two tabs, too
			b, csrf := app.login(name)
			attempts = append(attempts, attempt{b, csrf})
		}
	}
	r := app.reportThrough(t, com, time.Now().Add(-time.Hour))
	res := raceActions(t, attempts, "/admin/reports/"+r.ID+"/accept", url.Values{"public": {"已收到"}})
	app.expectOneWinner(t, res, r.ID, report.Accept, r)
	if got := app.reread(t, r.ID); got.Status != report.Accepted {
		t.Errorf("status %s", got.Status)
	}
}

// TestConcurrentTake: the assignee presses 接单 in two browsers, four times
// each; one take is recorded.
func TestConcurrentTake(t *testing.T) {
	app := newTestApp(t)
	com := app.community("春和社区", "北山口镇")
	app.user("wang", auth.Worker, "", com.Code)
	start := time.Now().Add(-time.Hour)
	r := app.reportThrough(t, com, start, toDispatched(start, time.Now().Add(time.Hour), "wang")...)
	var attempts []attempt
	for range 2 {
		b, csrf := app.login("wang")
		for range 4 {
			attempts = append(attempts, attempt{b, csrf})
		}
	}
	res := raceActions(t, attempts, "/admin/reports/"+r.ID+"/take", nil)
	app.expectOneWinner(t, res, r.ID, report.Take, r)
	if got := app.reread(t, r.ID); got.Status != report.InProgress || got.LastActor() != "wang" {
		t.Errorf("status %s by %q", got.Status, got.LastActor())
	}
}

// TestConcurrentAcceptAndReject: one operator accepts while another rejects
// the same report; one of them wins and the state is that one's.
func TestConcurrentAcceptAndReject(t *testing.T) {
	app := newTestApp(t)
	com := app.community("春和社区", "北山口镇")
	app.user("op1", auth.Operator, "北山口镇")
	app.user("op2", auth.Operator, "北山口镇")
	r := app.reportThrough(t, com, time.Now().Add(-time.Hour))
	b1, c1 := app.login("op1")
	b2, c2 := app.login("op2")

	var wg sync.WaitGroup
	var accept, reject page
	wg.Add(2)
	go func() {
		defer wg.Done()
		accept = b1.post("/admin/reports/"+r.ID+"/accept", url.Values{"csrf": {c1}})
	}()
	go func() {
		defer wg.Done()
		reject = b2.post("/admin/reports/"+r.ID+"/reject", url.Values{"csrf": {c2}, "public": {"不属于受理范围"}})
	}()
	wg.Wait()

	got := app.reread(t, r.ID)
	if (accept.status == http.StatusSeeOther) == (reject.status == http.StatusSeeOther) {
		t.Fatalf("accept %d, reject %d: want exactly one 303", accept.status, reject.status)
	}
	want, loser := report.Accepted, reject
	if reject.status == http.StatusSeeOther {
		want, loser = report.Rejected, accept
	}
	if got.Status != want || len(got.Timeline) != 2 {
		t.Errorf("stored %s with %d events, want %s with 2", got.Status, len(got.Timeline), want)
	}
	if loser.status != http.StatusConflict || !strings.Contains(loser.body, staffText(t, "staff.already_handled", "By", got.LastActor())) {
		t.Errorf("the loser got %d: %q", loser.status, noticeOf(loser.body))
	}
}
