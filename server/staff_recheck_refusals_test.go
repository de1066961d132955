package server_test

import (
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

// TestRecheckRefusals: each re-check that must not be recorded is refused
// with words that say why, before any photo is stored, and leaves the
// report as it was.
func TestRecheckRefusals(t *testing.T) {
	app := newTestApp(t)
	com := app.community("春和社区", "北山口镇")
	other := app.community("河西社区", "北山口镇")
	app.user("wangli", auth.Worker, "", com.Code)
	app.user("li", auth.Worker, "", other.Code)
	app.user("moved", auth.Worker, "", other.Code) // had a report of com; serves another community now
	owed := app.owingRecheck(t, com, "wangli")
	formerly := app.owingRecheck(t, com, "moved")
	start := time.Now().Add(-10 * 24 * time.Hour)
	notOwed := app.reportThrough(t, com, start, append(toDispatched(start, start.Add(72*time.Hour), "wangli"),
		stepResolve(start.Add(time.Hour), "wangli"), stepRate(start.Add(2*time.Hour), report.Satisfied))...)
	worker, csrf := app.login("wangli")
	photo := smallJPEG(t)

	for _, tc := range []struct {
		name   string
		r      report.Report
		fields url.Values
		photos [][]byte
		status int
		msg    string
	}{
		{"none due", notOwed, recheckFields(report.Held, ""), [][]byte{photo}, http.StatusConflict, "staff.recheck_not_due"},
		{"without a photo", owed, recheckFields(report.Held, ""), nil, http.StatusUnprocessableEntity, "staff.recheck_photo_required"},
		{"without a finding", owed, url.Values{"public": {"看过了"}}, [][]byte{photo}, http.StatusUnprocessableEntity, "staff.recheck_finding_required"},
		{"with a finding not offered", owed, recheckFields("maybe", ""), [][]byte{photo}, http.StatusUnprocessableEntity, "staff.recheck_finding_required"},
		{"with a file that is not a photo", owed, recheckFields(report.Held, ""), [][]byte{[]byte("%PDF-1.4 not a photo")}, http.StatusUnprocessableEntity, "field.photos.unsupported"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := recheckAs(t, worker, tc.r.ID, csrf, tc.fields, tc.photos...)
			app.expectRefused(t, res, tc.status, staffText(t, tc.msg), tc.r)
			if files := app.photoFiles(); len(files) != 0 {
				t.Errorf("photo files kept: %v", files)
			}
		})
	}
	t.Run("the typed note and the finding chosen are kept", func(t *testing.T) {
		res := recheckAs(t, worker, owed.ID, csrf, recheckFields(report.Relapsed, "楼道又堵了"))
		if want := textareaHolding(t, "楼道又堵了"); res.status != http.StatusUnprocessableEntity || !strings.Contains(res.body, want) {
			t.Errorf("%d: the page lost the note", res.status)
		}
		if !strings.Contains(res.body, `value="relapsed" required checked>`) || strings.Contains(res.body, `value="held" required checked>`) {
			t.Error("the page lost the finding chosen")
		}
	})
	app.refuseRecheckers(t, worker, csrf, owed, formerly)
	if files := app.photoFiles(); len(files) != 0 {
		t.Errorf("photo files kept: %v", files)
	}
}

// refuseRecheckers runs TestRecheckRefusals' re-checks by those who may not
// make them: a worker of another community (li), who does not see the
// report; its former worker (moved), who sees it but serves the community
// no more; a form without its CSRF token.
func (a *testApp) refuseRecheckers(t *testing.T, worker *browser, csrf string, owed, formerly report.Report) {
	t.Helper()
	t.Run("by a worker of another community", func(t *testing.T) {
		li, liCSRF := a.login("li")
		res := recheckAs(t, li, owed.ID, liCSRF, recheckFields(report.Held, ""), smallJPEG(t))
		a.expectRefused(t, res, http.StatusNotFound, staffText(t, "error.not_found.title"), owed)
	})
	t.Run("by its former worker, who serves the community no more", func(t *testing.T) {
		moved, movedCSRF := a.login("moved")
		res := recheckAs(t, moved, formerly.ID, movedCSRF, recheckFields(report.Held, ""), smallJPEG(t))
		a.expectRefused(t, res, http.StatusForbidden, staffText(t, "staff.recheck_not_serving"), formerly)
	})
	t.Run("without the CSRF token", func(t *testing.T) {
		res := recheckAs(t, worker, owed.ID, "", recheckFields(report.Held, ""), smallJPEG(t))
		a.expectRefused(t, res, http.StatusForbidden, staffText(t, "error.csrf.message"), owed)
	})
}

// TestRecheckRecordedOnce: the same form sent twice (a double tap, or a
// retry after the answer was lost), one after the other and both at once,
// stores one re-check and one photo; the second send is told the re-check
// is done.
func TestRecheckRecordedOnce(t *testing.T) {
	for _, atOnce := range []bool{false, true} {
		name := map[bool]string{false: "one after the other", true: "at once"}[atOnce]
		t.Run(name, func(t *testing.T) {
			app := newTestApp(t)
			com := app.community("春和社区", "北山口镇")
			app.user("wangli", auth.Worker, "", com.Code)
			r := app.owingRecheck(t, com, "wangli")
			worker, csrf := app.login("wangli")
			fields := recheckFields(report.Relapsed, "垃圾又堆起来了")
			var answers []page
			if atOnce {
				answers = sendTogether(worker, recheckRequest(t, worker, r.ID, csrf, fields, smallJPEG(t)),
					recheckRequest(t, worker, r.ID, csrf, fields, smallJPEG(t)))
			} else {
				answers = []page{recheckAs(t, worker, r.ID, csrf, fields, smallJPEG(t)), recheckAs(t, worker, r.ID, csrf, fields, smallJPEG(t))}
			}
			stored := 0
			for _, res := range answers {
				switch res.status {
				case http.StatusSeeOther:
					stored++
				case http.StatusConflict:
					if msg := staffText(t, "staff.recheck_recorded"); !strings.Contains(res.body, msg) {
						t.Errorf("the second send is told %q, want %q", noticeOf(res.body), msg)
					}
				default:
					t.Errorf("answer %d %q", res.status, noticeOf(res.body))
				}
			}
			got := app.reread(t, r.ID)
			rechecks := 0
			for _, e := range got.Timeline {
				if e.Action == report.Recheck {
					rechecks++
				}
			}
			if stored != 1 || rechecks != 1 || got.Relapses != 1 || got.Reopens != 1 {
				t.Errorf("%d stored answers, %d re-check events, %d relapses, %d reopens: want one each", stored, rechecks, got.Relapses, got.Reopens)
			}
			if files := app.photoFiles(); len(files) != 2 { // one photo: full size and thumbnail
				t.Errorf("photo files %v, want one photo's two", files)
			}
		})
	}
}

// sendTogether sends the requests as b at the same time and returns their
// answers in order (the status alone when one fails on the way).
func sendTogether(b *browser, reqs ...*http.Request) []page {
	out := make([]page, len(reqs))
	var wg sync.WaitGroup
	for i, req := range reqs {
		wg.Go(func() {
			resp, err := b.client.Do(req)
			if err != nil {
				return // status 0: reported by the caller
			}
			defer resp.Body.Close()
			body, _ := io.ReadAll(resp.Body)
			out[i] = page{status: resp.StatusCode, body: string(body), location: resp.Header.Get("Location")}
		})
	}
	wg.Wait()
	return out
}
