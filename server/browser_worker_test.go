package server_test

import (
	"image/jpeg"
	"net/http"
	"net/url"
	"slices"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"gridline/auth"
	"gridline/community"
	"gridline/locale"
	"gridline/report"
)

// A grid worker's day on a phone (issue 12, part 2), end to end in Chromium.

// TestWorkerDayOnAPhone: a grid worker signs in on a 390×844 phone; the task
// list leads with the report due soonest; 接单 is one tap; 办结 goes with a
// 12 MP camera photo and a reply, shrunk on the phone to under 600 KB on the
// wire, kept as a draft until it is stored; the public tracking page then
// shows the after-photo.
func TestWorkerDayOnAPhone(t *testing.T) {
	photoPath := phonePhoto(t, "wood") // stored sideways, EXIF orientation 6
	app := newTestApp(t)
	com := app.community("春和社区", "北山口镇")
	app.user("wangli", auth.Worker, "", com.Code)
	now := time.Now()
	later := app.reportThrough(t, com, now.Add(-3*time.Hour), toDispatched(now.Add(-3*time.Hour), now.Add(72*time.Hour), "wangli")...)
	mine := app.dispatchedWithLocation(t, com, "wangli", now.Add(2*time.Hour))

	p := newPhone(t, app)
	p.logInAs("wangli")
	p.expectFirstTask(mine.ID, later.ID) // and saves the screenshot "tasks"
	p.expectAccessible("the task list")

	p.run(chromedp.Tap(chromedp.CSS(`table.report-cards a.code`))) // the first card
	p.waitFor("the report page and its script", `location.pathname === '/admin/reports/`+mine.ID+`' && document.querySelector('form.resolve.js')`, 20*time.Second)
	p.expectCallAndMapLinks(mine)
	p.expectOneTapTake()
	p.run(chromedp.Tap(chromedp.CSS(`form[action$="/take"] button`)))
	p.waitFor("the take to be stored", `location.search.includes('done=take') && document.querySelector('form.resolve.js')`, 20*time.Second)
	if r := app.reread(t, mine.ID); r.Status != report.InProgress {
		t.Fatalf("after one tap on 接单 the report is %s, want in_progress", r.Status)
	}
	if !eval[bool](p, `document.querySelector('form.resolve .send button').classList.contains('primary')`) {
		t.Error("after 接单, 办结 is not the primary action")
	}

	const reply = "路灯已更换，恢复照明"
	p.fillResolve(mine.ID, reply, photoPath)
	if !eval[bool](p, `(() => { const i = document.querySelector('form.resolve .previews img'); return i.naturalHeight > i.naturalWidth; })()`) {
		t.Error("the preview of a portrait photo is not upright")
	}
	p.expectAccessible("the resolve form with a photo")
	p.screenshot("resolve")
	p.sent.reset()
	p.run(chromedp.Tap(chromedp.CSS(`form.resolve .send button`)))
	eval[chromedp.Void](p, `document.querySelector('form.resolve')?.requestSubmit()`) // a second tap while sending
	p.waitFor("the resolved report", `location.search.includes('done=resolve')`, time.Minute)
	sent := p.sent.bytes.Load()
	t.Logf("12 MP photo (wood.jpg) with the 办结 reply: %d bytes reached the server, in %d request(s)", sent, p.sent.posts.Load())
	if sent == 0 || sent > maxUpload || p.sent.posts.Load() != 1 {
		t.Errorf("%d bytes in %d requests reached the server, want one of at most %d", sent, p.sent.posts.Load(), maxUpload)
	}
	if p.resolveDraft(mine.ID) != nil {
		t.Error("the 办结 draft is still on the phone after it was stored")
	}
	r := app.reread(t, mine.ID)
	if r.Status != report.Resolved || len(r.AfterPhotos) != 1 || r.Timeline[len(r.Timeline)-1].PublicNote != reply {
		t.Fatalf("stored %s with %d after-photos, want resolved with the reply and 1", r.Status, len(r.AfterPhotos))
	}
	p.expectAfterPhoto(r)
}

// TestWorkerResolveSurvivesLostSignal: the signal drops while the 办结 photo
// is going up. The worker is told, the reply and the photo stay on the phone,
// and when the signal is back the form sends itself: the report is resolved
// once.
func TestWorkerResolveSurvivesLostSignal(t *testing.T) {
	photoPath := phonePhoto(t, "leaf")
	app := newTestApp(t)
	com := app.community("春和社区", "北山口镇")
	app.user("wangli", auth.Worker, "", com.Code)
	start := time.Now().Add(-time.Hour)
	r := app.reportThrough(t, com, start, toDispatched(start, start.Add(24*time.Hour), "wangli")...)
	p := newPhone(t, app)
	p.logInAs("wangli")
	p.open("/admin/reports/" + r.ID)
	p.waitFor("the resolve form's script", `document.querySelector('form.resolve.js')`, 10*time.Second)
	const reply = "井盖已固定"
	p.fillResolve(r.ID, reply, photoPath)

	p.slowUpload(16 << 10)           // a basement,
	p.sent.dropAfter.Store(64 << 10) // where the signal goes after 64 KB
	p.run(chromedp.Tap(chromedp.CSS(`form.resolve .send button`)))
	p.waitFor("the upload to be under way", `document.querySelector('form.resolve progress').value > 5`, 20*time.Second)
	p.offline(true)
	p.waitFor("the failure to be shown", `!document.querySelector('form.resolve .send .notice').hidden`, 30*time.Second)
	shown := eval[[]string](p, `['.send .notice', '.send button'].map((s) => document.querySelector('form.resolve ' + s).textContent.trim())`)
	if want := []string{catalogMessage(t, locale.Chinese, "js.resolve_offline"), catalogMessage(t, locale.Chinese, "js.retry")}; !slices.Equal(shown, want) {
		t.Errorf("the form shows %q, want %q", shown, want)
	}
	if d := p.resolveDraft(r.ID); d == nil || d["public"] != reply {
		t.Errorf("draft kept on the phone: %v, want the reply", d)
	}
	p.screenshot("offline")
	if got := app.reread(t, r.ID); got.Version != r.Version {
		t.Fatalf("a cut upload changed the report: %s", got.Status)
	}

	p.sent.dropAfter.Store(0)
	p.offline(false) // the form sends again by itself when the signal is back
	p.waitFor("the resolved report", `location.search.includes('done=resolve')`, time.Minute)
	got := app.reread(t, r.ID)
	resolves := slices.DeleteFunc(slices.Clone(got.Timeline), func(e report.Event) bool { return e.Action != report.Resolve })
	if got.Status != report.Resolved || len(resolves) != 1 || len(got.AfterPhotos) != 1 {
		t.Errorf("stored %s with %d resolve steps and %d after-photos, want resolved once with 1", got.Status, len(resolves), len(got.AfterPhotos))
	}
}

// dispatchedWithLocation is a resident's report sent through the form with
// the phone's location, accepted and dispatched to worker by an operator
// ("op", made here) in the console.
func (a *testApp) dispatchedWithLocation(t *testing.T, com community.Community, worker string, due time.Time) report.Report {
	t.Helper()
	fields := validFields(a.formToken(com.Code))
	fields.Set("lat", "34.746600")
	fields.Set("lng", "113.025900")
	fields.Set("accuracy", "25")
	r := a.submitted(t, a.do(multipartReport(t, "/c/"+com.Code, fields)))
	a.user("op", auth.Operator, com.Street)
	op, csrf := a.login("op")
	act(t, op, r.ID, "accept", url.Values{"csrf": {csrf}})
	act(t, op, r.ID, "dispatch", url.Values{"csrf": {csrf}, "worker": {worker}, "due": {dueField(due)}})
	return a.reread(t, r.ID)
}

// logInAs signs in on the phone's own login page.
func (p *phone) logInAs(name string) {
	p.t.Helper()
	p.open("/admin/login")
	p.run(chromedp.SendKeys(chromedp.ID("username"), name), chromedp.SendKeys(chromedp.ID("password"), name+"-password"),
		chromedp.Tap(chromedp.CSS(`main form button[type=submit]`)))
	p.waitFor("the console home", `location.pathname === '/admin' && document.querySelector('footer')`, 20*time.Second)
}

// expectFirstTask checks the task list shows first, then after, as cards
// that fit the phone.
func (p *phone) expectFirstTask(first, after string) {
	p.t.Helper()
	links := eval[[]string](p, `[...document.querySelectorAll('table.report-cards a.code')].map((a) => a.getAttribute('href'))`)
	if len(links) != 2 || links[0] != "/admin/reports/"+first || links[1] != "/admin/reports/"+after {
		p.t.Errorf("task list %q, want %s first, then %s", links, first, after)
	}
	if cards := eval[bool](p, `[...document.querySelectorAll('table.report-cards tbody tr')].every((tr) => getComputedStyle(tr).display === 'grid')`); !cards {
		p.t.Error("the tasks are not cards on a 390 px phone")
	}
	p.expectFits("tasks")
	p.writeDocShot("../docs/img/tasks-phone.png")
}

// expectCallAndMapLinks checks the shared location is a geo: link and the
// resident's phone a tel: link, each a tap target at least 44 px tall.
func (p *phone) expectCallAndMapLinks(r report.Report) {
	p.t.Helper()
	links := eval[[][]any](p, `[...document.querySelectorAll('.facts a[href^="tel:"], .facts a[href^="geo:"]')]
		.map((a) => [a.getAttribute('href'), a.getBoundingClientRect().height])`)
	want := []string{"geo:34.746600,113.025900", "tel:" + r.Contact.Phone} // in the page's order
	if len(links) != len(want) {
		p.t.Fatalf("call and map links %v, want %q", links, want)
	}
	for i, l := range links {
		if href, h := l[0].(string), l[1].(float64); href != want[i] || h < 44 {
			p.t.Errorf("link %s is %.0f px tall, want %s at least 44 px", href, h, want[i])
		}
	}
}

// expectOneTapTake checks 接单 leads the actions as one primary button, the
// form's only control.
func (p *phone) expectOneTapTake() {
	p.t.Helper()
	got := eval[map[string]any](p, `(() => { const f = document.querySelector('.actions form');
		const b = f.querySelector('button'); const r = b.getBoundingClientRect();
		return {action: f.getAttribute('action'), controls: f.querySelectorAll('button, textarea, select, input:not([type=hidden])').length,
			primary: b.classList.contains('primary'), height: r.height, wide: r.width >= f.clientWidth * 0.8}; })()`)
	if a, _ := got["action"].(string); len(a) < 5 || a[len(a)-5:] != "/take" || got["controls"] != float64(1) ||
		got["primary"] != true || got["height"].(float64) < 44 || got["wide"] != true {
		p.t.Errorf("first action form %v, want 接单 alone: one primary, full-width button at least 44 px tall", got)
	}
}

// fillResolve types the reply and takes a photo with the resolve form's
// camera picker, then waits for the shrunk preview and the draft.
func (p *phone) fillResolve(id, reply, photoPath string) {
	p.t.Helper()
	if got := eval[string](p, `document.getElementById('resolve-camera').getAttribute('capture')`); got != "environment" {
		p.t.Errorf("the camera picker captures %q, want the rear camera", got)
	}
	p.run(chromedp.SendKeys(chromedp.ID("resolve-public"), reply),
		chromedp.SetUploadFiles(chromedp.ID("resolve-camera"), []string{photoPath}))
	p.waitFor("the after-photo preview", `(() => { const i = document.querySelectorAll('form.resolve .previews img');
		return i.length === 1 && i[0].complete && i[0].naturalWidth > 0; })()`, time.Minute)
	p.waitFor("the 办结 draft", `(async () => { const d = await `+draftJS(id)+`; return d && d.public === '`+reply+`' && d.photos.length === 1; })()`, 10*time.Second)
}

// resolveDraft is the 办结 draft of report id kept on the phone, nil when none.
func (p *phone) resolveDraft(id string) map[string]any {
	p.t.Helper()
	return eval[map[string]any](p, `(async () => { const d = await `+draftJS(id)+`; return d ? {public: d.public} : null; })()`)
}

// draftJS is a promise of the draft of report id's resolve form: it is kept
// under the form's path, without the CSRF token of its query.
func draftJS(id string) string {
	return `new Promise((ok) => { const q = indexedDB.open('gridline'); q.onsuccess = () => {
		const g = q.result.transaction('drafts').objectStore('drafts').get('/admin/reports/` + id + `/resolve');
		g.onsuccess = () => ok(g.result); g.onerror = () => ok(null); }; q.onerror = () => ok(null); })`
}

// expectAfterPhoto opens the public tracking page of r and checks it shows
// r's after-photo, upright.
func (p *phone) expectAfterPhoto(r report.Report) {
	p.t.Helper()
	p.open("/t/" + r.ID)
	eval[chromedp.Void](p, `document.querySelector('.reply .photos img').scrollIntoView()`)
	p.waitFor("the after-photo", `(() => { const i = document.querySelector('.reply .photos img[src="/p/`+r.AfterPhotos[0]+`/thumb"]');
		return i && i.complete && i.naturalWidth > 0; })()`, 20*time.Second)
	p.screenshot("tracking")
	p.expectAccessible("the tracking page after 办结")
	resp, err := http.Get(p.base + "/p/" + r.AfterPhotos[0])
	if err != nil {
		p.t.Fatal(err)
	}
	defer resp.Body.Close()
	cfg, err := jpeg.DecodeConfig(resp.Body)
	if err != nil || cfg.Height <= cfg.Width || cfg.Height > 1600 {
		p.t.Errorf("after-photo is %dx%d (%v), want an upright portrait at most 1600 px", cfg.Width, cfg.Height, err)
	}
}
