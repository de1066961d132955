package server_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"

	"gridline/auth"
	"gridline/locale"
	"gridline/report"
)

// recheckAsScript posts the re-check form as static/js/report.js does: the
// multipart form, asking for JSON, with b's session.
func (a *testApp) recheckAsScript(t *testing.T, b *browser, id, csrf string, fields url.Values, photos ...[]byte) (*httptest.ResponseRecorder, formAnswer) {
	t.Helper()
	req := multipartReport(t, "/admin/reports/"+id+"/recheck?csrf="+url.QueryEscape(csrf), fields, photos...)
	req.AddCookie(&http.Cookie{Name: "gridline_session", Value: sessionToken(b)})
	return sendAsScript(t, a, req, locale.Chinese)
}

// TestRecheckAnswersTheScript: the re-check form's script learns in words
// why a re-check was refused (nothing stored), where to go once it is
// stored (the worker's task list, saying what was recorded), and that a
// retry of a send whose answer was lost is done already, stored once.
func TestRecheckAnswersTheScript(t *testing.T) {
	app := newTestApp(t)
	com := app.community("春和社区", "北山口镇")
	other := app.community("河西社区", "北山口镇")
	app.user("wang", auth.Worker, "", com.Code)
	app.user("li", auth.Worker, "", other.Code)
	r := app.owingRecheck(t, com, "wang")
	wang, csrf := app.login("wang")
	li, liCSRF := app.login("li")
	fields := recheckFields(report.Relapsed, "又有人在楼道堆放杂物")

	for _, tc := range []struct {
		name   string
		b      *browser
		csrf   string
		fields url.Values
		photos [][]byte
		status int
		msg    string
	}{
		{"without a photo", wang, csrf, fields, nil, http.StatusUnprocessableEntity, "staff.recheck_photo_required"},
		{"without a finding", wang, csrf, url.Values{"public": {"看过了"}}, [][]byte{smallJPEG(t)}, http.StatusUnprocessableEntity, "staff.recheck_finding_required"},
		{"by a worker of another community", li, liCSRF, fields, [][]byte{smallJPEG(t)}, http.StatusNotFound, "error.not_found.message"},
		{"with a forged form", wang, "forged", fields, [][]byte{smallJPEG(t)}, http.StatusForbidden, "error.csrf.message"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec, a := app.recheckAsScript(t, tc.b, r.ID, tc.csrf, tc.fields, tc.photos...)
			if want := catalogMessage(t, locale.Chinese, tc.msg); rec.Code != tc.status || a.Notice != want {
				t.Errorf("answer %d %+v, want %d with %q", rec.Code, a, tc.status, want)
			}
			if after := app.reread(t, r.ID); after.Version != r.Version || len(app.photoFiles()) != 0 {
				t.Errorf("stored: v%d (was v%d), photo files %v", after.Version, r.Version, app.photoFiles())
			}
		})
	}

	rec, done := app.recheckAsScript(t, wang, r.ID, csrf, fields, smallJPEG(t))
	if want := "/admin?done=recheck-relapsed"; rec.Code != http.StatusOK || done.URL != want {
		t.Fatalf("answer %d %+v, want 200 with %s", rec.Code, done, want)
	}
	stored, files := app.reread(t, r.ID), app.photoFiles()
	if stored.Status != report.Reopened || len(files) != 2 {
		t.Fatalf("stored %s with photo files %v, want reopened with one photo", stored.Status, files)
	}
	rec, again := app.recheckAsScript(t, wang, r.ID, csrf, fields, smallJPEG(t))
	if rec.Code != http.StatusOK || again.URL != done.URL {
		t.Errorf("retry answered %d %+v, want 200 with %s", rec.Code, again, done.URL)
	}
	if after := app.reread(t, r.ID); after.Version != stored.Version || !slices.Equal(app.photoFiles(), files) {
		t.Errorf("stored again: v%d (was v%d), photo files %v (were %v)", after.Version, stored.Version, app.photoFiles(), files)
	}
	if body := wang.get(done.URL).body; !strings.Contains(body, staffText(t, "tasks.rechecked_relapsed")) {
		t.Errorf("the task list does not say what was recorded")
	}
}
