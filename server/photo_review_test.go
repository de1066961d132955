package server_test

import (
	"net/http"
	"strings"
	"testing"

	"gridline/locale"
	"gridline/photostore"
)

// reviewApp is a test app with 先审后公开 on.
func reviewApp(t *testing.T) *testApp {
	t.Helper()
	return newTestAppWith(t, map[string]string{
		"GRIDLINE_RATE_SUBMIT": "0", "GRIDLINE_RATE_LOOKUP": "0", "GRIDLINE_RATE_LOGIN": "0",
		"GRIDLINE_PHOTO_REVIEW": "1",
	})
}

// TestPhotoReview: with 先审后公开 on, a new photo is not served publicly
// at any of its URLs and the tracking page says 照片审核后公开 in its place,
// while staff see it; once a staff member passes it (审核通过，公开, with no
// rectangle), the page links it and its URL serves it as uploaded.
func TestPhotoReview(t *testing.T) {
	pc := newPhotoCase(t, reviewApp(t))
	app, id := pc.app, pc.photo
	held := message(t, locale.Chinese, "photo.held")
	track := app.get("/t/" + pc.report.ID)
	expectPage(t, track, http.StatusOK, held)
	if strings.Contains(track.Body.String(), "/p/"+id) {
		t.Error("the tracking page links the unreviewed photo")
	}
	for _, path := range []string{"/p/" + id, "/p/" + id + "/thumb", "/p/" + id + "?v=00000000"} {
		rec := app.get(path)
		if rec.Code != http.StatusNotFound || strings.HasPrefix(rec.Header().Get("Content-Type"), "image/") {
			t.Errorf("%s before review: %d %s, want the 404 page", path, rec.Code, rec.Header().Get("Content-Type"))
		}
		if cc := rec.Header().Get("Cache-Control"); cc != "no-store" {
			t.Errorf("%s before review: Cache-Control %q, want no-store", path, cc)
		}
	}
	if res := pc.staff.get("/admin/photos/" + id + "/original/thumb"); res.status != http.StatusOK {
		t.Errorf("staff thumbnail before review: %d", res.status)
	}
	blurPage := pc.staff.get("/admin/photos/" + id)
	review := `name="do" value="review"`
	if blurPage.status != http.StatusOK || !strings.Contains(blurPage.body, review) ||
		!strings.Contains(blurPage.body, message(t, locale.Chinese, "blur.review_waiting")) {
		t.Fatalf("blur page before review: %d, no review button or state", blurPage.status)
	}

	if res := pc.blur("review"); res.status != http.StatusSeeOther || res.location != "/admin/photos/"+id+"?done=review" {
		t.Fatalf("review: %d to %q", res.status, res.location)
	}
	expectPhotoAudited(t, app, "photo.review", id)
	track = app.get("/t/" + pc.report.ID)
	if strings.Contains(track.Body.String(), held) || pc.publicThumb(t) != "/p/"+id+"/thumb" {
		t.Error("after review the tracking page still holds the photo back")
	}
	original, err := app.photos.Get(t.Context(), photostore.FullName(id))
	if err != nil {
		t.Fatal(err)
	}
	if rec := app.get("/p/" + id); rec.Code != http.StatusOK || rec.Body.String() != string(original) {
		t.Errorf("/p/%s after review: %d, %d bytes; want the photo as uploaded", id, rec.Code, rec.Body.Len())
	}
	if res := pc.staff.get("/admin/photos/" + id); strings.Contains(res.body, review) {
		t.Error("the review button is still offered after review")
	}
}

// TestPhotoReviewWithRegions: a blur alone passes nothing for the public;
// passing a photo with rectangles drawn blurs them and makes it public in
// one step, at the blurred rendition's URL.
func TestPhotoReviewWithRegions(t *testing.T) {
	pc := newPhotoCase(t, reviewApp(t))
	if res := pc.blur("blur", "0.5,0.5,0.1,0.1"); res.status != http.StatusSeeOther {
		t.Fatalf("blur: %d", res.status)
	}
	if rec := pc.app.get("/p/" + pc.photo); rec.Code != http.StatusNotFound {
		t.Errorf("a blurred but unreviewed photo is served: %d", rec.Code)
	}
	expectPage(t, pc.app.get("/t/"+pc.report.ID), http.StatusOK, message(t, locale.Chinese, "photo.held"))
	if res := pc.blur("review", "0.1,0.1,0.8,0.8"); res.status != http.StatusSeeOther {
		t.Fatalf("review with a region: %d", res.status)
	}
	thumb := pc.publicThumb(t)
	if !strings.Contains(thumb, "?v=") {
		t.Fatalf("the page links %s, not a blurred rendition", thumb)
	}
	expectPhotoAudited(t, pc.app, "photo.blur", pc.photo)
	expectPhotoAudited(t, pc.app, "photo.review", pc.photo)
	staffThumb := pc.staff.get("/admin/photos/" + pc.photo + "/original/thumb")
	v0 := variance(t, []byte(staffThumb.body), 0.1, 0.1, 0.9, 0.9)
	if v1 := variance(t, pc.app.get(thumb).Body.Bytes(), 0.1, 0.1, 0.9, 0.9); v1 > v0/20 {
		t.Errorf("public thumbnail's variance %.1f, original's %.1f: not blurred", v1, v0)
	}
}
