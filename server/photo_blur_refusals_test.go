package server_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"gridline/auth"
	"gridline/locale"
	"gridline/photo"
)

// blurRefusal is a blur form the server must refuse, and how.
type blurRefusal struct {
	name   string
	values url.Values // csrf added unless the case sets it
	status int
	msg    string // message ID on the page
}

func blurRefusals() []blurRefusal {
	many := make([]string, photo.MaxRegions+1)
	for i := range many {
		many[i] = "0.1,0.1,0.1,0.1"
	}
	return []blurRefusal{
		{"outside the photo", url.Values{"do": {"blur"}, "region": {"0.8,0.1,0.3,0.3"}}, 422, "blur.outside"},
		{"negative size", url.Values{"do": {"blur"}, "region": {"0.5,0.5,-0.1,0.2"}}, 422, "blur.outside"},
		{"zero size", url.Values{"do": {"blur"}, "region": {"0.1,0.1,0,0.2"}}, 422, "blur.outside"},
		{"one bad of two", url.Values{"do": {"blur"}, "region": {"0.1,0.1,0.2,0.2", "0.1,0.1,1.2,0.2"}}, 422, "blur.outside"},
		{"unreadable", url.Values{"do": {"blur"}, "region": {"a,b,c,d"}}, 422, "blur.bad_region"},
		{"too many", url.Values{"do": {"blur"}, "region": many}, 422, "blur.too_many"},
		{"typed past the edge", url.Values{"do": {"blur"}, "left": {"90"}, "top": {"0"}, "width": {"20"}, "height": {"20"}}, 422, "blur.outside"},
		{"typed in part", url.Values{"do": {"blur"}, "left": {"10"}, "top": {"10"}}, 422, "blur.bad_typed"},
		{"nothing to blur", url.Values{"do": {"blur"}}, 422, "blur.none"},
		{"no action", url.Values{"region": {"0.1,0.1,0.2,0.2"}}, 422, "blur.bad_action"},
		{"forged CSRF token", url.Values{"csrf": {"forged"}, "do": {"blur"}, "region": {"0.1,0.1,0.2,0.2"}}, 403, "error.csrf.message"},
		{"no CSRF token", url.Values{"csrf": {""}, "do": {"review"}}, 403, "error.csrf.message"},
	}
}

// TestBlurRefusals: every bad form is refused with its own message, and
// nothing changes: no state, no rendition, no audit entry, the page links
// the photo as before.
func TestBlurRefusals(t *testing.T) {
	pc := newPhotoCase(t, newTestApp(t))
	for _, tt := range blurRefusals() {
		t.Run(tt.name, func(t *testing.T) {
			v := url.Values{"csrf": {pc.csrf}}
			for k, vs := range tt.values {
				v[k] = vs
			}
			res := pc.staff.post("/admin/photos/"+pc.photo, v)
			want := escapedText(t, catalogMessage(t, locale.Chinese, tt.msg, "Max", photo.MaxRegions, "Left", photo.MaxRegions))
			if res.status != tt.status || !strings.Contains(res.body, want) {
				t.Errorf("status %d, want %d with %q", res.status, tt.status, want)
			}
			if tt.status == 422 && !strings.Contains(res.body, `id="blur-form"`) {
				t.Error("a refused form does not show the blur page again")
			}
			pc.expectUnchanged(t)
		})
	}
}

// expectUnchanged checks no blur or review of the photo was recorded.
func (pc photoCase) expectUnchanged(t *testing.T) {
	t.Helper()
	st, err := pc.app.store.PhotoState(t.Context(), pc.photo)
	if err != nil || st.Rev != 0 {
		t.Errorf("photo state changed: %+v, %v", st, err)
	}
	for _, f := range pc.app.photoFiles() {
		if strings.Contains(f, ".pub-") {
			t.Errorf("a rendition was stored: %s", f)
		}
	}
	entries, err := pc.app.store.AuditEntries(t.Context(), 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if strings.HasPrefix(e.Action, "photo.") {
			t.Errorf("audited: %+v", e)
		}
	}
	if got := pc.publicThumb(t); got != "/p/"+pc.photo+"/thumb" {
		t.Errorf("the tracking page links %s", got)
	}
}

// TestBlurCap: a photo takes at most photo.MaxRegions regions in all; the
// typed form (no JavaScript) adds one like a drawn one.
func TestBlurCap(t *testing.T) {
	pc := newPhotoCase(t, newTestApp(t))
	res := pc.staff.post("/admin/photos/"+pc.photo, url.Values{"csrf": {pc.csrf}, "do": {"blur"},
		"left": {"10"}, "top": {"20"}, "width": {"30"}, "height": {"15"}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("typed region: %d", res.status)
	}
	regions := make([]string, photo.MaxRegions-1)
	for i := range regions {
		regions[i] = "0.5,0.5,0.01,0.01"
	}
	if res := pc.blur("blur", regions...); res.status != http.StatusSeeOther {
		t.Fatalf("up to the cap: %d", res.status)
	}
	res = pc.blur("blur", "0.9,0.9,0.05,0.05")
	want := escapedText(t, catalogMessage(t, locale.Chinese, "blur.too_many", "Max", photo.MaxRegions, "Left", 0))
	if res.status != http.StatusUnprocessableEntity || !strings.Contains(res.body, want) {
		t.Errorf("past the cap: %d, want 422 with %q", res.status, want)
	}
	st, err := pc.app.store.PhotoState(t.Context(), pc.photo)
	if err != nil || st.Rev != 2 || len(st.Regions) != photo.MaxRegions {
		t.Errorf("state %d regions, rev %d, %v; want %d, 2", len(st.Regions), st.Rev, err, photo.MaxRegions)
	}
	if r := st.Regions[0]; r.X != 0.1 || r.Y != 0.2 || r.W != 0.3 || r.H != 0.15 {
		t.Errorf("typed region stored as %+v", r)
	}
}

// TestBlurPhotoAccess: a photo that does not exist, and a photo of a report
// the account does not see, get the same 404 at the blur page, its POST and
// the original; without a session there is nothing to see or post.
func TestBlurPhotoAccess(t *testing.T) {
	pc := newPhotoCase(t, newTestApp(t))
	app := pc.app
	other := app.community("东门社区", "东华门街道")
	app.user("op2", auth.Operator, "东华门街道")
	app.user("wangli", auth.Worker, "", pc.report.Community, other.Code) // nothing dispatched to them
	notFound := message(t, locale.Chinese, "error.not_found.message")
	visitors := map[string]string{"another street's operator": "op2", "a worker it was not dispatched to": "wangli"}
	for name, user := range visitors {
		b, csrf := app.login(user)
		for _, path := range []string{"", "/original", "/original/thumb"} {
			if res := b.get("/admin/photos/" + pc.photo + path); res.status != http.StatusNotFound || !strings.Contains(res.body, notFound) {
				t.Errorf("%s GET %s: %d, want 404", name, path, res.status)
			}
		}
		res := b.post("/admin/photos/"+pc.photo, url.Values{"csrf": {csrf}, "do": {"review"}, "region": {"0.1,0.1,0.5,0.5"}})
		if res.status != http.StatusNotFound {
			t.Errorf("%s POST: %d, want 404", name, res.status)
		}
	}
	for _, id := range []string{"00000000000000000000000000000000", strings.ToUpper(pc.photo), pc.photo[:31], "..%2f" + pc.photo} {
		for _, path := range []string{"", "/original", "/original/thumb"} {
			if res := pc.staff.get("/admin/photos/" + id + path); res.status != http.StatusNotFound {
				t.Errorf("GET photo %s%s: %d, want 404", id, path, res.status)
			}
		}
		if res := pc.staff.post("/admin/photos/"+id, url.Values{"csrf": {pc.csrf}, "do": {"review"}}); res.status != http.StatusNotFound {
			t.Errorf("POST photo %s: %d, want 404", id, res.status)
		}
	}
	anon := app.browser()
	if res := anon.get("/admin/photos/" + pc.photo + "/original"); res.status != http.StatusSeeOther || !strings.HasPrefix(res.location, "/admin/login") {
		t.Errorf("signed out, the original: %d to %q", res.status, res.location)
	}
	if res := anon.post("/admin/photos/"+pc.photo, url.Values{"do": {"review"}}); res.status != http.StatusForbidden {
		t.Errorf("signed out, a blur: %d, want 403", res.status)
	}
	pc.expectUnchanged(t)
}
