package server_test

import (
	"net/http"
	"strings"
	"testing"

	"gridline/auth"
	"gridline/locale"
	"gridline/report"
)

// TestRecheckPhotoReview: a re-check's photo (回头看) on the public timeline
// follows the same rules as the resident's: with 先审后公开 on it is held
// back and the timeline says so; the staff report page links its blur page;
// passed with a region blurred, the timeline links the blurred rendition.
func TestRecheckPhotoReview(t *testing.T) {
	app := reviewApp(t)
	com := app.community("春和社区", "北山口镇")
	app.user("wangli", auth.Worker, "", com.Code)
	app.user("op", auth.Operator, com.Street)
	owed := app.owingRecheck(t, com, "wangli")
	b, csrf := app.login("op")
	if res := recheckAs(t, b, owed.ID, csrf, recheckFields(report.Held, "已到现场查看"), noisyJPEG(t)); res.status != http.StatusSeeOther {
		t.Fatalf("re-check: %d", res.status)
	}
	r := app.storedReport(owed.ID)
	photo := r.Timeline[len(r.Timeline)-1].Photos[0]
	pc := photoCase{app: app, report: r, photo: photo, staff: b, csrf: csrf}

	track := app.get("/t/" + r.ID)
	expectPage(t, track, http.StatusOK, message(t, locale.Chinese, "photo.held"))
	if strings.Contains(track.Body.String(), "/p/"+photo) {
		t.Error("the timeline links the unreviewed re-check photo")
	}
	staffPage := b.get("/admin/reports/" + r.ID)
	if !strings.Contains(staffPage.body, `href="/admin/photos/`+photo+`"`) ||
		!strings.Contains(staffPage.body, `src="/admin/photos/`+photo+`/original/thumb"`) {
		t.Error("the staff report page does not link the re-check photo's blur page")
	}
	if res := pc.blur("review", "0.2,0.2,0.6,0.6"); res.status != http.StatusSeeOther {
		t.Fatalf("review: %d", res.status)
	}
	thumb := pc.publicThumb(t)
	if !strings.HasPrefix(thumb, "/p/"+photo+"/thumb?v=") {
		t.Fatalf("after review the timeline links %s", thumb)
	}
	if strings.Contains(app.get("/t/"+r.ID).Body.String(), message(t, locale.Chinese, "photo.held")) {
		t.Error("the timeline still holds the photo back")
	}
	if rec := app.get(thumb); rec.Code != http.StatusOK {
		t.Errorf("the timeline's thumbnail: %d", rec.Code)
	}
}
