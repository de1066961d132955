package server_test

import (
	"context"
	"image/jpeg"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"gridline/locale"
	"gridline/report"
)

// maxUpload is what a 12-megapixel photo may weigh when it leaves the phone.
const maxUpload = 600 << 10

// fillReport types a report the way a resident does: a category, a
// description and a place.
func (p *phone) fillReport(description string) {
	p.t.Helper()
	eval[chromedp.Void](p, `(() => { const s = document.getElementById('category');
		s.selectedIndex = 1; s.dispatchEvent(new Event('change', {bubbles: true})); })()`)
	p.run(chromedp.SendKeys(chromedp.ID("description"), description),
		chromedp.SendKeys(chromedp.ID("location"), "3号楼"))
}

// attach chooses a photo from the album and waits until it is shrunk and shown.
func (p *phone) attach(path string, want int) {
	p.t.Helper()
	p.run(chromedp.SetUploadFiles(chromedp.ID("photos"), []string{path}))
	p.waitFor("the photo preview", `document.querySelectorAll('#previews img').length === `+strconv.Itoa(want)+
		` && [...document.querySelectorAll('#previews img')].every((i) => i.complete && i.naturalWidth > 0)`, time.Minute)
}

// trackedReport is the report a tracking path names.
func (a *testApp) trackedReport(t *testing.T, path string) report.Report {
	t.Helper()
	code, _, _ := strings.Cut(strings.TrimPrefix(path, "/t/"), "?")
	tr, err := report.ParseTracking(code)
	if err != nil {
		t.Fatalf("tracking path %q: %v", path, err)
	}
	r, err := a.store.Report(context.Background(), tr)
	if err != nil {
		t.Fatalf("report %s: %v", tr, err)
	}
	return r
}

// TestPhoneReportsWithBigPhoto is the resident's whole path: scan, fill, add
// a 12 MP camera photo and the location, send; the photo leaves the phone
// small, and the tracking page shows it upright.
func TestPhoneReportsWithBigPhoto(t *testing.T) {
	photoPath := phonePhoto(t, "wood") // stored sideways, EXIF orientation 6
	app := newTestApp(t)
	c := app.community("春和社区", "北山口镇")
	p := newPhone(t, app)
	p.placeAt(34.7466, 113.0259, 25)

	p.open("/c/" + c.Code)
	p.waitFor("the form's script", `document.querySelector('form.report.js')`, 10*time.Second)
	p.fillReport("3号楼东侧路灯不亮已经一周了")
	p.run(chromedp.Tap(chromedp.ID("geo-use")))
	p.waitFor("the location", `!document.getElementById('geo-remove').hidden`, 20*time.Second)
	p.attach(photoPath, 1)
	if !eval[bool](p, `(() => { const i = document.querySelector('#previews img'); return i.naturalHeight > i.naturalWidth; })()`) {
		t.Error("the preview of a portrait photo is not upright")
	}
	p.expectAccessible("the form")
	p.screenshot("form")

	p.sent.reset()
	p.run(chromedp.Tap(chromedp.ID("send")))
	eval[chromedp.Void](p, `document.querySelector('form.report')?.requestSubmit()`) // a second tap while sending
	path := p.waitForPath("/t/")
	p.run(chromedp.WaitVisible(chromedp.ID("tracking-code")))
	p.screenshot("confirmation")
	p.expectAccessible("the confirmation")

	sent := p.sent.bytes.Load()
	t.Logf("12 MP photo (%s): %d bytes reached the server with JavaScript, in %d request(s)", "wood.jpg", sent, p.sent.posts.Load())
	if sent == 0 || sent > maxUpload {
		t.Errorf("%d bytes reached the server, want at most %d", sent, maxUpload)
	}
	if n := p.sent.posts.Load(); n != 1 {
		t.Errorf("%d sends for one tap and a double tap, want 1", n)
	}
	if n := app.countReports(); n != 1 {
		t.Fatalf("%d reports stored, want 1", n)
	}
	r := app.trackedReport(t, path)
	if r.Geo == nil || r.Geo.Lat != 34.7466 || r.Geo.Lng != 113.0259 || r.Geo.Accuracy != 25 {
		t.Errorf("stored location %+v, want the phone's", r.Geo)
	}
	if len(r.Photos) != 1 || r.Category == "" || r.Location != "3号楼" {
		t.Fatalf("stored report %+v", r)
	}
	if eval[bool](p, `(async () => { const d = await new Promise((ok) => { const q = indexedDB.open('gridline');
		q.onsuccess = () => { const g = q.result.transaction('drafts').objectStore('drafts').get('/c/`+c.Code+`'); g.onsuccess = () => ok(g.result); }; });
		return d !== undefined; })()`) {
		t.Error("the draft is still on the phone after the report was sent")
	}

	p.expectTrackingWithoutPlace(r)
}

// expectTrackingWithoutPlace opens r's tracking page: it does not show
// where the phone was, and the photo's thumbnail is upright.
func (p *phone) expectTrackingWithoutPlace(r report.Report) {
	p.t.Helper()
	p.open("/t/" + r.ID)
	p.waitFor("the photo thumbnail", `[...document.querySelectorAll('.photos img')].every((i) => i.complete && i.naturalWidth > 0)`, 20*time.Second)
	body := eval[string](p, `document.documentElement.outerHTML`)
	for _, secret := range []string{"34.7466", "113.0259"} {
		if strings.Contains(body, secret) {
			p.t.Errorf("tracking page shows the location %q", secret)
		}
	}
	p.screenshot("tracking")
	p.expectAccessible("the tracking page")

	resp, err := http.Get(p.base + "/p/" + r.Photos[0] + "/thumb")
	if err != nil {
		p.t.Fatal(err)
	}
	defer resp.Body.Close()
	cfg, err := jpeg.DecodeConfig(resp.Body)
	if err != nil || cfg.Height <= cfg.Width {
		p.t.Errorf("thumbnail is %dx%d (%v), want an upright portrait", cfg.Width, cfg.Height, err)
	}
}

// TestPhoneWithoutJavaScript: the plain form still works, sending the photo
// as it is (the server shrinks it).
func TestPhoneWithoutJavaScript(t *testing.T) {
	photoPath := phonePhoto(t, "wood")
	app := newTestApp(t)
	c := app.community("春和社区", "北山口镇")
	p := newPhone(t, app)
	p.disableScripts()

	p.open("/c/" + c.Code)
	classes, err := chromedp.Run(p.ctx, chromedp.AttributeValue(chromedp.CSS("form.report"), "class"))
	if err != nil || classes.Value != "report" {
		t.Errorf("form classes %q (%v): the script ran", classes.Value, err)
	}
	p.run(chromedp.SetValue(chromedp.ID("category"), "市容环境"),
		chromedp.SendKeys(chromedp.ID("description"), "井盖松动，走上去会响"),
		chromedp.SetUploadFiles(chromedp.ID("photos"), []string{photoPath}))
	p.screenshot("form")
	p.sent.reset()
	p.run(chromedp.Tap(chromedp.ID("send")))
	path := p.waitForPath("/t/")
	p.screenshot("confirmation")

	t.Logf("12 MP photo (%s): %d bytes reached the server without JavaScript", "wood.jpg", p.sent.bytes.Load())
	if n := app.countReports(); n != 1 {
		t.Fatalf("%d reports stored, want 1", n)
	}
	if r := app.trackedReport(t, path); len(r.Photos) != 1 || r.Description != "井盖松动，走上去会响" || r.Geo != nil {
		t.Errorf("stored report %+v", r)
	}
}

// TestPhoneOfflineMidUpload: the signal drops while the photo is going up.
// The resident is told, nothing is lost, and when the signal is back the
// report goes once, with the same token.
func TestPhoneOfflineMidUpload(t *testing.T) {
	photoPath := phonePhoto(t, "leaf")
	app := newTestApp(t)
	c := app.community("春和社区", "北山口镇")
	p := newPhone(t, app)

	token := p.startReport(c.Code, "小区门口的垃圾三天没人清运", photoPath)

	p.slowUpload(16 << 10)           // about 16 KB/s: a lift, a basement,
	p.sent.dropAfter.Store(64 << 10) // where the signal goes after 64 KB
	p.run(chromedp.Tap(chromedp.ID("send")))
	p.waitFor("the upload to be under way", `document.getElementById('progress').value > 5`, 20*time.Second)
	p.offline(true)
	p.waitFor("the failure to be shown", `!document.getElementById('send-notice').hidden`, 30*time.Second)
	notice := eval[string](p, `document.getElementById('send-notice').textContent.trim()`)
	if want := catalogMessage(t, locale.Chinese, "js.offline"); notice != want {
		t.Errorf("notice %q, want %q", notice, want)
	}
	if label := eval[string](p, `document.getElementById('send').textContent`); label != catalogMessage(t, locale.Chinese, "js.retry") {
		t.Errorf("the button says %q, want a retry", label)
	}
	draft := eval[map[string]any](p, `new Promise((ok) => { const q = indexedDB.open('gridline'); q.onsuccess = () => {
		const g = q.result.transaction('drafts').objectStore('drafts').get('/c/`+c.Code+`');
		g.onsuccess = () => ok({token: g.result.token, description: g.result.description, photos: g.result.photos.length}); }; })`)
	if draft["token"] != token || draft["description"] != "小区门口的垃圾三天没人清运" || draft["photos"] != float64(1) {
		t.Errorf("draft kept on the phone: %v, want the token %s, the text and one photo", draft, token)
	}
	p.screenshot("offline")
	if n := app.countReports(); n != 0 {
		t.Fatalf("%d reports stored from a cut upload, want none", n)
	}

	p.sent.dropAfter.Store(0)
	p.offline(false) // the page sends again by itself when the signal is back
	path := p.waitForPath("/t/")
	t.Logf("%d sends reached the server (cut ones included), %d report", p.sent.posts.Load(), app.countReports())
	if n := app.countReports(); n != 1 {
		t.Fatalf("%d reports stored, want 1", n)
	}
	if r := app.trackedReport(t, path); r.SubmitToken != token || len(r.Photos) != 1 {
		t.Errorf("stored report: token %s with %d photos, want token %s with 1", r.SubmitToken, len(r.Photos), token)
	}
}

// TestPhoneDraftOfferedLater: the resident leaves with the report unsent (the
// answer to a send that did arrive was lost on the way back); coming back
// offers the draft, and sending it finds the same report instead of making a
// second one.
func TestPhoneDraftOfferedLater(t *testing.T) {
	photoPath := phonePhoto(t, "cups")
	app := newTestApp(t)
	c := app.community("春和社区", "北山口镇")
	p := newPhone(t, app)

	token := p.startReport(c.Code, "楼道里的灯坏了，晚上看不见台阶", photoPath)
	p.waitFor("the draft to be saved", `new Promise((ok) => { const q = indexedDB.open('gridline'); q.onsuccess = () => {
		const g = q.result.transaction('drafts').objectStore('drafts').get('/c/`+c.Code+`');
		g.onsuccess = () => ok(g.result && g.result.description.length > 5 && g.result.photos.length === 1); }; })`, 10*time.Second)
	p.open("/track")

	// The send that reached the server; its answer never came back.
	fields := validFields(token)
	fields.Set("description", "楼道里的灯坏了，晚上看不见台阶")
	first := app.submitted(t, app.do(multipartReport(t, "/c/"+c.Code, fields, smallJPEG(t))))

	p.open("/c/" + c.Code)
	p.waitFor("the saved draft to be offered", `!document.getElementById('draft').hidden`, 10*time.Second)
	p.screenshot("draft-offered")
	if got := eval[string](p, `document.querySelector('form.report [name=token]').value`); got == token {
		t.Fatal("a new form has the old token before the draft is restored")
	}
	p.run(chromedp.Tap(chromedp.ID("draft-restore")))
	p.waitFor("the restored photo", `document.querySelectorAll('#previews img').length === 1`, 10*time.Second)
	restored := eval[[]string](p, `[document.querySelector('form.report [name=token]').value, document.getElementById('description').value]`)
	if restored[0] != token || restored[1] != "楼道里的灯坏了，晚上看不见台阶" {
		t.Errorf("restored %q, want the old token and text", restored)
	}
	p.run(chromedp.Tap(chromedp.ID("send")))
	path := p.waitForPath("/t/")
	if r := app.trackedReport(t, path); r.ID != first.ID {
		t.Errorf("the draft went to %s, want the report it already made, %s", r.ID, first.ID)
	}
	if n := app.countReports(); n != 1 {
		t.Errorf("%d reports stored, want 1", n)
	}
}
