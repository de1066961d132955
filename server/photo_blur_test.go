package server_test

import (
	"bytes"
	"errors"
	"image"
	"image/color"
	"image/jpeg"
	"math/rand/v2"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"gridline/auth"
	"gridline/photostore"
	"gridline/report"
)

// noisyJPEG is a 640×480 photo of random pixels: every part of it varies a
// lot, as a face or a plate does, so a blur shows as lost variance.
func noisyJPEG(t *testing.T) []byte {
	t.Helper()
	rng := rand.New(rand.NewPCG(14, 2))
	m := image.NewRGBA(image.Rect(0, 0, 640, 480))
	for i := range m.Pix {
		m.Pix[i] = uint8(rng.IntN(256))
	}
	for i := 3; i < len(m.Pix); i += 4 {
		m.Pix[i] = 255 // opaque
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, m, &jpeg.Options{Quality: 95}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// variance is the variance of the grey level of the JPEG b inside the part
// of it that the fractions x0, y0, x1, y1 name, inset by a tenth on each
// side so that no JPEG block or filter reaches in from outside.
func variance(t *testing.T, b []byte, x0, y0, x1, y1 float64) float64 {
	t.Helper()
	m, err := jpeg.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("not a JPEG: %v", err)
	}
	w, h := float64(m.Bounds().Dx()), float64(m.Bounds().Dy())
	dx, dy := (x1-x0)*w/10, (y1-y0)*h/10
	var sum, sq, n float64
	for y := int(y0*h + dy); y < int(y1*h-dy); y++ {
		for x := int(x0*w + dx); x < int(x1*w-dx); x++ {
			v := float64(color.GrayModel.Convert(m.At(x, y)).(color.Gray).Y)
			sum, sq, n = sum+v, sq+v*v, n+1
		}
	}
	return sq/n - (sum/n)*(sum/n)
}

// withPhoto gives r one real photo, as a resident's upload would: its
// files, the report's Photos and the photo's reference to the report.
func (a *testApp) withPhoto(t *testing.T, r report.Report) report.Report {
	t.Helper()
	id, err := photostore.NewID()
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{photostore.FullName(id), photostore.ThumbName(id)} {
		if err := a.photos.Put(t.Context(), name, smallJPEG(t)); err != nil {
			t.Fatal(err)
		}
	}
	next := r
	next.Photos, next.Version = append(slices.Clone(r.Photos), id), r.Version+1
	if err := a.store.UpdateReport(t.Context(), r.Version, next); err != nil {
		t.Fatal(err)
	}
	return next
}

// photoCase is a report with one noisy photo and an operator of its street
// signed in.
type photoCase struct {
	app    *testApp
	report report.Report
	photo  string
	staff  *browser
	csrf   string
}

func newPhotoCase(t *testing.T, app *testApp) photoCase {
	t.Helper()
	com := app.community("春和社区", "北山口镇")
	rec := app.do(multipartReport(t, "/c/"+com.Code, validFields(newHexToken(t)), noisyJPEG(t)))
	r := app.submitted(t, rec)
	app.user("op", auth.Operator, "北山口镇")
	b, csrf := app.login("op")
	return photoCase{app: app, report: r, photo: r.Photos[0], staff: b, csrf: csrf}
}

// blur posts the blur form with the regions ("x,y,w,h").
func (pc photoCase) blur(do string, regions ...string) page {
	return pc.staff.post("/admin/photos/"+pc.photo, url.Values{"csrf": {pc.csrf}, "do": {do}, "region": regions})
}

// publicThumb is the thumbnail URL the tracking page links for the photo.
func (pc photoCase) publicThumb(t *testing.T) string {
	t.Helper()
	rec := pc.app.get("/t/" + pc.report.ID)
	m := regexp.MustCompile(`src="(/p/` + pc.photo + `/thumb[^"]*)"`).FindStringSubmatch(rec.Body.String())
	if rec.Code != http.StatusOK || m == nil {
		t.Fatalf("tracking page %d links no thumbnail of the photo", rec.Code)
	}
	return strings.ReplaceAll(m[1], "&amp;", "&")
}

// TestBlurPhoto: an operator blurs a region of a resident's photo. The
// public photo and thumbnail lose the region's detail, at a new URL the
// tracking page links, and the old URL answers the blurred photo too; staff
// still get the original bytes; the audit log names the photo. A second
// blur makes another URL and removes the first rendition.
func TestBlurPhoto(t *testing.T) {
	pc := newPhotoCase(t, newTestApp(t))
	app, id := pc.app, pc.photo
	staffPage := pc.staff.get("/admin/reports/" + pc.report.ID)
	for _, want := range []string{`href="/admin/photos/` + id + `"`, `src="/admin/photos/` + id + `/original/thumb"`} {
		if !strings.Contains(staffPage.body, want) {
			t.Errorf("staff report page lacks %s", want)
		}
	}
	before := pc.publicThumb(t)
	if before != "/p/"+id+"/thumb" {
		t.Errorf("before any blur the page links %s", before)
	}
	if res := pc.blur("blur", "0.25,0.25,0.5,0.5"); res.status != http.StatusSeeOther || res.location != "/admin/photos/"+id+"?done=blur" {
		t.Fatalf("blur: %d to %q", res.status, res.location)
	}
	after := pc.publicThumb(t)
	if after == before || !strings.HasPrefix(after, "/p/"+id+"/thumb?v=") {
		t.Fatalf("after the blur the page links %s (was %s)", after, before)
	}
	original, err := app.photos.Get(t.Context(), photostore.FullName(id))
	if err != nil {
		t.Fatal(err)
	}
	staffFull := pc.staff.get("/admin/photos/" + id + "/original")
	if staffFull.status != http.StatusOK || staffFull.body != string(original) {
		t.Fatalf("staff original: %d, %d bytes, want the %d stored", staffFull.status, len(staffFull.body), len(original))
	}
	full := app.get(strings.Replace(after, "/thumb", "", 1))
	thumb := app.get(after)
	staffThumb := pc.staff.get("/admin/photos/" + id + "/original/thumb")
	for _, tt := range []struct{ name, was, now string }{
		{"photo", staffFull.body, full.Body.String()},
		{"thumbnail", staffThumb.body, thumb.Body.String()},
	} {
		v0 := variance(t, []byte(tt.was), 0.25, 0.25, 0.75, 0.75)
		v1 := variance(t, []byte(tt.now), 0.25, 0.25, 0.75, 0.75)
		t.Logf("%s: variance in the blurred region %.1f, original %.1f", tt.name, v1, v0)
		if v1 > v0/20 {
			t.Errorf("%s: the region's variance %.1f is not far below the original's %.1f", tt.name, v1, v0)
		}
		if out0, out1 := variance(t, []byte(tt.was), 0, 0, 0.2, 0.2), variance(t, []byte(tt.now), 0, 0, 0.2, 0.2); out1 < out0/2 {
			t.Errorf("%s: outside the region the variance fell from %.1f to %.1f", tt.name, out0, out1)
		}
	}
	expectPublicCaching(t, app, id, after, full.Body.String())
	expectPhotoAudited(t, app, "photo.blur", id)

	if res := pc.blur("blur", "0,0,0.1,0.1"); res.status != http.StatusSeeOther {
		t.Fatalf("second blur: %d", res.status)
	}
	if again := pc.publicThumb(t); again == after {
		t.Errorf("a second blur kept the URL %s", again)
	}
	oldTag := after[strings.Index(after, "?v=")+3:]
	if _, err := app.photos.Get(t.Context(), photostore.PublicName(id, oldTag)); !errors.Is(err, photostore.ErrNotFound) {
		t.Errorf("the first rendition is still stored: %v", err)
	}
}

// expectPublicCaching: the URL the page links is cached for good; the old
// plain URL answers the same blurred bytes but is revalidated each time,
// and so is a guessed ?v=.
func expectPublicCaching(t *testing.T, app *testApp, id, linked, blurred string) {
	t.Helper()
	full := strings.Replace(linked, "/thumb", "", 1)
	for _, tt := range []struct {
		path, cache string
	}{
		{full, "public, max-age=31536000, immutable"},
		{"/p/" + id, "public, no-cache"},
		{"/p/" + id + "?v=00000000", "public, no-cache"},
	} {
		rec := app.get(tt.path)
		if rec.Code != http.StatusOK || rec.Body.String() != blurred {
			t.Errorf("%s: %d, %d bytes; want the blurred photo", tt.path, rec.Code, rec.Body.Len())
		}
		if got := rec.Header().Get("Cache-Control"); got != tt.cache {
			t.Errorf("%s: Cache-Control %q, want %q", tt.path, got, tt.cache)
		}
		if etag := rec.Header().Get("ETag"); etag == `"`+id+`"` {
			t.Errorf("%s: the blurred photo has the original's ETag", tt.path)
		}
	}
}

// expectPhotoAudited checks the newest audit entry is action on target.
func expectPhotoAudited(t *testing.T, app *testApp, action, target string) {
	t.Helper()
	entries, err := app.store.AuditEntries(t.Context(), 0, 10)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.Action == action && e.Target == target && e.Actor == "op" {
			return
		}
	}
	t.Errorf("no %s of %s by op in the audit log: %+v", action, target, entries)
}
