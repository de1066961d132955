package server_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"gridline/auth"
	"gridline/report"
	"gridline/server"
)

// TestJoinRefused: 我也遇到 with a forged token, a token of another
// community's form, a report of another community, a report finished since
// the form was shown, a made-up reference, a note too long or from another
// site is refused with a clear message, the note kept, and nothing changed.
func TestJoinRefused(t *testing.T) {
	a := newTestApp(t)
	home := a.community("北山口村", "北山口镇")
	away := a.community("南河村", "北山口镇")
	r := a.dispatchedReport(t, home)
	elsewhere := a.dispatchedReport(t, away)
	token, refs := a.joinForm(t, home.Code)
	awayToken, awayRefs := a.joinForm(t, away.Code)
	if len(refs) != 1 || len(awayRefs) != 1 {
		t.Fatalf("forms list %d and %d reports, want one each", len(refs), len(awayRefs))
	}
	forged := token[:16] + strings.Repeat("0", 16)
	long := strings.Repeat("灯", 501)
	tests := []struct {
		name         string
		token, ref   string
		note, origin string
		status       int
		msg          string
	}{
		{"forged token", forged, refs[0], "我家门口也是", "", http.StatusForbidden, "join.token"},
		{"random token", randomToken(t), refs[0], "", "", http.StatusForbidden, "join.token"},
		{"another community's token", awayToken, refs[0], "", "", http.StatusForbidden, "join.token"},
		{"another community's report", token, awayRefs[0], "南河村也这样", "", http.StatusConflict, "join.gone"},
		{"made-up reference", token, "0123456789abcdef", "", "", http.StatusConflict, "join.gone"},
		{"malformed reference", token, "<script>", "", "", http.StatusConflict, "join.gone"},
		{"note too long", token, refs[0], long, "", http.StatusUnprocessableEntity, "field.note.max"},
		{"another site", token, refs[0], "", "https://evil.example", http.StatusForbidden, "error.csrf.message"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := urlencoded("/c/"+home.Code+"/join", url.Values{"token": {tt.token}, "report": {tt.ref}, "note": {tt.note}})
			if tt.origin != "" {
				req.Header.Set("Origin", tt.origin)
			}
			want := []string{message(t, "zh-CN", tt.msg)}
			if tt.note != "" {
				want = append(want, escapedText(t, tt.note))
			}
			expectPage(t, a.do(req), tt.status, want...)
			for _, before := range []report.Report{r, elsewhere} {
				if got := a.reread(t, before.ID); got.Joined != 0 || got.Version != before.Version {
					t.Errorf("%s changed: Joined %d, version %d (was %d)", before.ID, got.Joined, got.Version, before.Version)
				}
			}
		})
	}
}

// TestJoinFinishedReportRefused: a report resolved after the form listed it
// (awaiting the resident's rating), and then closed, takes no more
// residents: 409, the note kept, nothing changed.
func TestJoinFinishedReportRefused(t *testing.T) {
	a := newTestApp(t)
	home := a.community("北山口村", "北山口镇")
	now := time.Now()
	resolved := a.reportThrough(t, home, now.Add(-time.Hour), stepAccept(now.Add(-50*time.Minute), "op"))
	token, refs := a.joinForm(t, home.Code)
	if len(refs) != 1 {
		t.Fatalf("the form lists %d reports, want 1", len(refs))
	}
	steps := map[report.Status]report.Step{
		report.Resolved: stepResolve(now.Add(-30*time.Minute), "w1"),
		report.Closed:   stepRate(now.Add(-20*time.Minute), report.Satisfied),
	}
	resolved = a.advance(t, resolved, stepDispatch(now.Add(-40*time.Minute), now.Add(time.Hour), "w1"))
	for _, state := range []report.Status{report.Resolved, report.Closed} {
		resolved = a.advance(t, resolved, steps[state])
		expectPage(t, a.pressJoin(home.Code, token, refs[0], url.Values{"note": {"还是坏的"}}), http.StatusConflict,
			message(t, "zh-CN", "join.gone"), escapedText(t, "还是坏的"))
		if got := a.reread(t, resolved.ID); got.Joined != 0 || got.Version != resolved.Version {
			t.Errorf("the %s report changed: Joined %d", state, got.Joined)
		}
	}
}

// TestJoinPhotoIsForStaffOnly: a joiner's photo is stored and shown to
// staff on the report page, and never served to the public, at any URL.
func TestJoinPhotoIsForStaffOnly(t *testing.T) {
	a := newTestApp(t)
	com := a.community("北山口村", "北山口镇")
	r := a.dispatchedReport(t, com)
	token, refs := a.joinForm(t, com.Code)
	rec := a.do(multipartReport(t, "/c/"+com.Code+"/join", url.Values{"token": {token}, "report": {refs[0]}, "note": {"拍了一张"}}, smallJPEG(t)))
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("press with a photo: %d\n%.1500s", rec.Code, rec.Body)
	}
	after := a.reread(t, r.ID)
	if after.Joined != 1 || len(after.Joiners[0].Photos) != 1 {
		t.Fatalf("Joined %d, joiner %+v; want one joiner with one photo", after.Joined, after.Joiners)
	}
	id := after.Joiners[0].Photos[0]
	for _, path := range []string{"/p/" + id, "/p/" + id + "/thumb"} {
		if got := a.get(path); got.Code != http.StatusNotFound {
			t.Errorf("GET %s: %d, want 404: a joiner's photo is for staff", path, got.Code)
		}
	}
	if strings.Contains(a.get("/t/"+r.ID).Body.String(), id) {
		t.Error("the tracking page names the joiner's photo")
	}
	a.user("boss", auth.Admin, "")
	b, _ := a.login("boss")
	page := b.get("/admin/reports/" + r.ID)
	if !strings.Contains(page.body, "/admin/photos/"+id+"/original/thumb") || !strings.Contains(page.body, "拍了一张") {
		t.Error("the staff report page lacks the joiner's photo or note")
	}
	if got := b.get("/admin/photos/" + id + "/original"); got.status != http.StatusOK {
		t.Errorf("staff original of a joiner's photo: %d", got.status)
	}
}

// TestJoinWhileDatabaseDown: with the database away, 我也遇到 answers 503
// with Retry-After and the resident's note on the page; pressed again once
// it is back, it counts once.
func TestJoinWhileDatabaseDown(t *testing.T) {
	a := newTestApp(t)
	com := a.community("北山口村", "北山口镇")
	r := a.dispatchedReport(t, com)
	token, refs := a.joinForm(t, com.Code)
	srv := a.handler.(*server.Server)
	srv.SwapStore(databaseDown{a.store, unreachable(t)})
	rec := a.pressJoin(com.Code, token, refs[0], url.Values{"note": {"3号楼门口也不亮"}})
	expectPage(t, rec, http.StatusServiceUnavailable, message(t, "zh-CN", "join.save_failed"), escapedText(t, "3号楼门口也不亮"))
	if rec.Header().Get("Retry-After") == "" {
		t.Error("503 without Retry-After")
	}
	srv.SwapStore(a.store)
	for range 2 {
		if rec := a.pressJoin(com.Code, token, refs[0], nil); rec.Code != http.StatusSeeOther {
			t.Fatalf("press once the database is back: %d", rec.Code)
		}
	}
	if got := a.reread(t, r.ID); got.Joined != 1 {
		t.Errorf("Joined %d, want 1", got.Joined)
	}
}
