package server_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"testing"
	"time"

	"gridline/auth"
	"gridline/locale"
	"gridline/report"
)

// resolveAsScript posts the 办结 form as static/js/report.js does: the
// multipart form, asking for JSON, with b's session.
func (a *testApp) resolveAsScript(t *testing.T, b *browser, id, csrf, reply string, photos ...[]byte) (*httptest.ResponseRecorder, formAnswer) {
	t.Helper()
	req := multipartReport(t, "/admin/reports/"+id+"/resolve?csrf="+url.QueryEscape(csrf), url.Values{"public": {reply}}, photos...)
	req.AddCookie(&http.Cookie{Name: "gridline_session", Value: sessionToken(b)})
	return sendAsScript(t, a, req, locale.Chinese)
}

// TestResolveAnswersTheScript: the 办结 form's script learns in words why a
// resolve was refused (nothing stored), where to go once it is stored, and
// that a retry of a send whose answer was lost is done already, with
// nothing stored twice.
func TestResolveAnswersTheScript(t *testing.T) {
	app := newTestApp(t)
	com := app.community("春和社区", "北山口镇")
	app.user("wang", auth.Worker, "", com.Code)
	app.user("li", auth.Worker, "", com.Code)
	start := time.Now().Add(-time.Hour)
	r := app.reportThrough(t, com, start, toDispatched(start, start.Add(24*time.Hour), "wang")...)
	wang, csrf := app.login("wang")
	li, liCSRF := app.login("li")

	app.expectScriptRefusals(t, r, wang, csrf, li, liCSRF)

	rec, done := app.resolveAsScript(t, wang, r.ID, csrf, "路灯已修好", smallJPEG(t))
	if want := "/admin/reports/" + r.ID + "?done=resolve"; rec.Code != http.StatusOK || done.URL != want {
		t.Fatalf("answer %d %+v, want 200 with %s", rec.Code, done, want)
	}
	resolved := app.reread(t, r.ID)
	if resolved.Status != report.Resolved || len(resolved.AfterPhotos) != 1 {
		t.Fatalf("stored %s with %d after-photos, want resolved with 1", resolved.Status, len(resolved.AfterPhotos))
	}
	files := app.photoFiles()

	t.Run("a retry whose first answer was lost", func(t *testing.T) {
		rec, again := app.resolveAsScript(t, wang, r.ID, csrf, "路灯已修好", smallJPEG(t))
		if rec.Code != http.StatusOK || again.URL != done.URL {
			t.Errorf("answer %d %+v, want 200 with %s", rec.Code, again, done.URL)
		}
		if after := app.reread(t, r.ID); after.Version != resolved.Version || !slices.Equal(app.photoFiles(), files) {
			t.Errorf("stored again: v%d (was v%d), photo files %v (were %v)", after.Version, resolved.Version, app.photoFiles(), files)
		}
	})
	t.Run("another resolve after it", func(t *testing.T) {
		rec, a := app.resolveAsScript(t, wang, r.ID, csrf, "又修了一次", smallJPEG(t))
		if want := catalogMessage(t, locale.Chinese, "staff.already_handled", "By", "wang"); rec.Code != http.StatusConflict || a.Notice != want {
			t.Errorf("answer %d %+v, want 409 with %q", rec.Code, a, want)
		}
		if after := app.reread(t, r.ID); after.Version != resolved.Version || !slices.Equal(app.photoFiles(), files) {
			t.Errorf("stored again: v%d (was v%d)", after.Version, resolved.Version)
		}
	})
}

// expectScriptRefusals sends the 办结 form as the script does in ways it
// must refuse: each answer names the reason, and nothing is stored.
func (a *testApp) expectScriptRefusals(t *testing.T, r report.Report, wang *browser, csrf string, li *browser, liCSRF string) {
	t.Helper()
	refusals := []struct {
		name   string
		b      *browser
		csrf   string
		reply  string
		status int
		notice string
	}{
		{"no reply", wang, csrf, " ", http.StatusUnprocessableEntity, "staff.reply_required"},
		{"another worker's task", li, liCSRF, "已处理", http.StatusNotFound, "error.not_found.message"},
		{"a forged form", wang, liCSRF, "已处理", http.StatusForbidden, "error.csrf.message"},
	}
	for _, tt := range refusals {
		t.Run(tt.name, func(t *testing.T) {
			rec, ans := a.resolveAsScript(t, tt.b, r.ID, tt.csrf, tt.reply, smallJPEG(t))
			if rec.Code != tt.status || ans.Notice != catalogMessage(t, locale.Chinese, tt.notice) || ans.URL != "" {
				t.Errorf("answer %d %+v, want %d with %q", rec.Code, ans, tt.status, tt.notice)
			}
			if after := a.reread(t, r.ID); after.Version != r.Version {
				t.Errorf("the report changed: %s v%d", after.Status, after.Version)
			}
		})
	}
	a.expectNoOrphanPhotos(t)
}
