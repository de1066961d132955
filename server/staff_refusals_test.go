package server_test

import (
	"bytes"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"gridline/auth"
	"gridline/report"
)

// TestStaffTransitionsNotAllowed posts actions the report's state does not
// allow: 409, who handled it, and nothing changed.
func TestStaffTransitionsNotAllowed(t *testing.T) {
	app := newTestApp(t)
	com := app.community("春和社区", "北山口镇")
	app.user("op", auth.Operator, "北山口镇")
	app.user("wang", auth.Worker, "", com.Code)
	start, due := time.Now().Add(-48*time.Hour), time.Now().Add(24*time.Hour)
	resolvedSteps := append(toDispatched(start, due, "wang"), stepTake(start.Add(time.Hour), "wang"), stepResolve(start.Add(2*time.Hour), "wang"))

	closed := app.reportThrough(t, com, start, append(resolvedSteps, stepRate(start.Add(3*time.Hour), report.Satisfied))...)
	accepted := app.reportThrough(t, com, start, stepAccept(start.Add(time.Minute), "zhang"))
	unitTaken := app.reportThrough(t, com, start, stepAccept(start, "op"),
		stepDispatchUnit(start.Add(time.Minute), due, "镇城建办"), stepTake(start.Add(time.Hour), "zhang"))
	unitResolved := app.reportThrough(t, com, start, stepAccept(start, "op"),
		stepDispatchUnit(start.Add(time.Minute), due, "镇城建办"), stepResolve(start.Add(time.Hour), "zhang"))
	reopened := app.reportThrough(t, com, start, append(resolvedSteps, stepRate(start.Add(3*time.Hour), report.Unsatisfied))...)
	taken := app.reportThrough(t, com, start, append(toDispatched(start, due, "wang"), stepTake(start.Add(time.Hour), "wang"))...)
	submitted := app.reportThrough(t, com, start)

	op, opCSRF := app.login("op")
	worker, wCSRF := app.login("wang")
	handledBy := func(name string) string { return staffText(t, "staff.already_handled", "By", name) }

	tests := []struct {
		name   string
		b      *browser
		v      url.Values
		r      report.Report
		action string
		msg    string
	}{
		// Closed by the resident's rating: nobody on the staff to name.
		{"accept a closed report", op, url.Values{"csrf": {opCSRF}}, closed, "accept", "这条上报现在的状态不能做这个操作"},
		{"reject an accepted report", op, url.Values{"csrf": {opCSRF}, "public": {"重复"}}, accepted, "reject", handledBy("zhang")},
		{"accept an accepted report", op, url.Values{"csrf": {opCSRF}}, accepted, "accept", handledBy("zhang")},
		{"take for a unit already taken", op, url.Values{"csrf": {opCSRF}}, unitTaken, "take", handledBy("zhang")},
		{"take a report taken already", worker, url.Values{"csrf": {wCSRF}}, taken, "take", handledBy("wang")},
		{"publish an accepted report", op, url.Values{"csrf": {opCSRF}}, accepted, "publish", handledBy("zhang")},
		{"dispatch before accepting", op, url.Values{"csrf": {opCSRF}, "worker": {"wang"}, "due": {dueField(due)}}, submitted, "dispatch",
			"您的操作没有保存"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := tt.b.post("/admin/reports/"+tt.r.ID+"/"+tt.action, tt.v)
			app.expectRefused(t, res, http.StatusConflict, tt.msg, tt.r)
		})
	}
	t.Run("take a reopened report: no longer the former worker's", func(t *testing.T) {
		res := worker.post("/admin/reports/"+reopened.ID+"/take", url.Values{"csrf": {wCSRF}})
		app.expectRefused(t, res, http.StatusNotFound, staffText(t, "error.not_found.title"), reopened)
	})
	t.Run("resolve for a unit resolved already", func(t *testing.T) {
		res := resolveAs(t, op, unitResolved.ID, opCSRF, "又处理了一次", smallJPEG(t))
		app.expectRefused(t, res, http.StatusConflict, handledBy("zhang"), unitResolved)
		app.expectNoOrphanPhotos(t)
	})
	t.Run("take a submitted report nobody dispatched", func(t *testing.T) {
		res := op.post("/admin/reports/"+submitted.ID+"/take", url.Values{"csrf": {opCSRF}})
		app.expectRefused(t, res, http.StatusForbidden, staffText(t, "error.not_yours.message"), submitted)
	})
}

// TestStaffBadInput sends each form with content it must refuse: 422, the
// reason, and nothing changed.
func TestStaffBadInput(t *testing.T) {
	app := newTestApp(t)
	com := app.community("春和社区", "北山口镇")
	other := app.community("桃花峪村", "北山口镇")
	app.user("op", auth.Operator, "北山口镇")
	app.user("op2", auth.Operator, "北山口镇")
	app.user("wang", auth.Worker, "", com.Code)
	app.user("zhao", auth.Worker, "", other.Code)
	app.user("gone", auth.Worker, "", com.Code)
	if err := app.store.SetUserDisabled(t.Context(), "gone", true); err != nil {
		t.Fatal(err)
	}
	start, due := time.Now().Add(-time.Hour), time.Now().Add(24*time.Hour)
	submitted := app.reportThrough(t, com, start)
	accepted := app.reportThrough(t, com, start, stepAccept(start, "op"))
	dispatched := app.reportThrough(t, com, start, toDispatched(start, due, "wang")...)
	op, csrf := app.login("op")
	worker, wCSRF := app.login("wang")

	form := func(kv ...string) url.Values { return staffForm(csrf, kv...) }
	for _, tt := range badInputCases(form, submitted, accepted, due) {
		t.Run(tt.name, func(t *testing.T) {
			res := op.post("/admin/reports/"+tt.r.ID+"/"+tt.action, tt.v)
			app.expectRefused(t, res, http.StatusUnprocessableEntity, staffText(t, tt.msg), tt.r)
		})
	}
	refuseBadResolves(t, app, worker, wCSRF, dispatched)
	t.Run("notes at the limits are kept", func(t *testing.T) {
		act(t, op, submitted.ID, "accept", form("public", longNote(500), "internal", longNote(1000)))
		got := app.reread(t, submitted.ID)
		ev := got.Timeline[len(got.Timeline)-1]
		if got.Status != report.Accepted || ev.PublicNote != longNote(500) || ev.InternalNote != longNote(1000) {
			t.Errorf("status %s, notes of %d and %d bytes", got.Status, len(ev.PublicNote), len(ev.InternalNote))
		}
	})
	t.Run("dispatch to a worker of the community with the form's due", func(t *testing.T) {
		act(t, op, accepted.ID, "dispatch", form("worker", "wang", "due", dueField(due)))
		got := app.reread(t, accepted.ID)
		if got.Status != report.Dispatched || got.Assignee != "wang" || !got.DueAt.Equal(due.Truncate(time.Minute)) {
			t.Errorf("status %s assignee %q due %v, want %v", got.Status, got.Assignee, got.DueAt, due.Truncate(time.Minute))
		}
	})
}

// badInput is an action on report r with a form it must refuse with msg.
type badInput struct {
	name   string
	r      report.Report
	action string
	v      url.Values
	msg    string
}

// badInputCases are TestStaffBadInput's forms: notes too long or empty,
// rejections without a reason, dispatches without a valid assignee or due.
func badInputCases(form func(kv ...string) url.Values, submitted, accepted report.Report, due time.Time) []badInput {
	return []badInput{
		{"public note of 501 characters", submitted, "accept", form("public", longNote(501)), "staff.note_too_long"},
		{"internal note of 1001 characters", submitted, "note", form("internal", longNote(1001)), "staff.note_too_long"},
		{"internal note with an accept of 1001", submitted, "accept", form("internal", longNote(1001)), "staff.note_too_long"},
		{"empty note", submitted, "note", form("internal", " \n\t "), "staff.note_required"},
		{"reject without reason", submitted, "reject", form(), "staff.reason_required"},
		{"reject with a blank reason", submitted, "reject", form("public", " \u200b\n "), "staff.reason_required"},
		{"reject with a reason of 501", submitted, "reject", form("public", longNote(501)), "staff.note_too_long"},
		{"dispatch to nobody", accepted, "dispatch", form("due", dueField(due)), "staff.assignee_required"},
		{"dispatch to a worker and a unit", accepted, "dispatch", form("worker", "wang", "unit", "镇城建办", "due", dueField(due)), "staff.assignee_required"},
		{"dispatch due in the past", accepted, "dispatch", form("worker", "wang", "due", dueField(time.Now().Add(-time.Hour))), "staff.due_invalid"},
		{"dispatch without due", accepted, "dispatch", form("worker", "wang"), "staff.due_invalid"},
		{"dispatch due not a time", accepted, "dispatch", form("worker", "wang", "due", "tomorrow"), "staff.due_invalid"},
		{"dispatch to an unknown worker", accepted, "dispatch", form("worker", "nobody", "due", dueField(due)), "staff.worker_unknown"},
		{"dispatch to a disabled worker", accepted, "dispatch", form("worker", "gone", "due", dueField(due)), "staff.worker_unknown"},
		{"dispatch to another community's worker", accepted, "dispatch", form("worker", "zhao", "due", dueField(due)), "staff.worker_unknown"},
		{"dispatch to an operator", accepted, "dispatch", form("worker", "op2", "due", dueField(due)), "staff.worker_unknown"},
	}
}

// refuseBadResolves runs TestStaffBadInput's resolve forms as the worker:
// each is refused, dispatched is unchanged and no photo is left behind.
func refuseBadResolves(t *testing.T, app *testApp, worker *browser, wCSRF string, dispatched report.Report) {
	t.Helper()
	t.Run("resolve without a reply", func(t *testing.T) {
		res := resolveAs(t, worker, dispatched.ID, wCSRF, " ", smallJPEG(t))
		app.expectRefused(t, res, http.StatusUnprocessableEntity, staffText(t, "staff.reply_required"), dispatched)
		app.expectNoOrphanPhotos(t)
	})
	t.Run("resolve with a reply of 501", func(t *testing.T) {
		res := resolveAs(t, worker, dispatched.ID, wCSRF, longNote(501), smallJPEG(t))
		app.expectRefused(t, res, http.StatusUnprocessableEntity, staffText(t, "staff.note_too_long"), dispatched)
		app.expectNoOrphanPhotos(t)
	})
	t.Run("resolve with five after-photos", func(t *testing.T) {
		photo := smallJPEG(t)
		res := resolveWith(t, worker, dispatched.ID, wCSRF, "已处理", photo, photo, photo, photo, photo)
		app.expectRefused(t, res, http.StatusUnprocessableEntity, staffText(t, "field.photos.too_many"), dispatched)
		app.expectNoOrphanPhotos(t)
	})
	t.Run("resolve with a file that is not a photo", func(t *testing.T) {
		res := resolveWith(t, worker, dispatched.ID, wCSRF, "已处理", smallJPEG(t), []byte("%PDF-1.4 not a photo"))
		app.expectRefused(t, res, http.StatusUnprocessableEntity, staffText(t, "field.photos.unsupported"), dispatched)
		app.expectNoOrphanPhotos(t)
	})
}

// longNote is a note of n characters.
func longNote(n int) string { return strings.Repeat("路", n) }

// staffForm is a console form with its token and the given keys and values.
func staffForm(csrf string, kv ...string) url.Values {
	v := url.Values{"csrf": {csrf}}
	for i := 0; i < len(kv); i += 2 {
		v.Set(kv[i], kv[i+1])
	}
	return v
}

// resolveWith posts the resolve form with a public reply and any number of
// after-photos.
func resolveWith(t *testing.T, b *browser, id, csrf, reply string, photos ...[]byte) page {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	if err := w.WriteField("public", reply); err != nil {
		t.Fatal(err)
	}
	for i, p := range photos {
		fw, err := w.CreateFormFile("photos", fmt.Sprintf("after-%d.jpg", i))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := fw.Write(p); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	req, err := http.NewRequest(http.MethodPost, b.base+"/admin/reports/"+id+"/resolve?csrf="+url.QueryEscape(csrf), &buf)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", w.FormDataContentType())
	return b.do(req)
}
