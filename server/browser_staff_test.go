package server_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"gridline/auth"
)

// TestStaffPagesFitAPhone opens every kind of staff page, as an admin and as
// a grid worker, on phones 360 and 390 px wide: no page scrolls sideways, no
// visible table cell is narrower than its words, every button and link of
// the console's own controls is at least 44 px tall, and axe-core finds
// nothing serious.
func TestStaffPagesFitAPhone(t *testing.T) {
	app := newTestApp(t)
	com := app.community("春和社区", "北山口镇")
	app.user("admin", auth.Admin, "")
	app.user("wangli", auth.Worker, "", com.Code)
	now := time.Now()
	mine := app.reportThrough(t, com, now.Add(-3*time.Hour), toDispatched(now.Add(-2*time.Hour), now.Add(-time.Hour), "wangli")...)
	// Residents who pressed 我也遇到 on it, one with a long note and a photo.
	token, refs := app.joinForm(t, com.Code)
	joined := app.do(multipartReport(t, "/c/"+com.Code+"/join", url.Values{"token": {token}, "report": {refs[0]},
		"note": {strings.Repeat("我家门口那盏路灯也不亮，晚上回家看不见台阶。", 6)}}, smallJPEG(t)))
	if other, _ := app.joinForm(t, com.Code); joined.Code != http.StatusSeeOther || app.pressJoin(com.Code, other, refs[0], nil).Code != http.StatusSeeOther {
		t.Fatalf("我也遇到 on the worker's report: %d", joined.Code)
	}
	app.reportThrough(t, com, now.Add(-30*time.Minute))
	// A row on the API key page.
	app.apiKey(t, "city-platform-12345")
	// A report with a photo: its page and the photo's blur page.
	photographed := app.submitWithPhoto(t, com.Code)
	app.seedFailedHook(t) // the webhook page with an endpoint and a failed delivery
	for i := range 30 {
		e := auth.AuditEntry{Actor: "admin", Action: "report.dispatch", Target: mine.ID, IP: "2001:db8::1", Detail: fmt.Sprint("wangli ", i)}
		if err := app.store.Audit(t.Context(), e); err != nil {
			t.Fatal(err)
		}
	}
	pages := map[string][]string{
		"admin": {"/admin", "/admin/reports", "/admin/reports?status=dispatched", "/admin/reports/" + mine.ID,
			"/admin/reports/" + photographed.ID, "/admin/photos/" + photographed.Photos[0],
			"/admin/stats", "/admin/posters", "/admin/communities", "/admin/communities/" + com.Code,
			"/admin/categories", "/admin/users", "/admin/users/wangli/password", "/admin/audit", "/admin/apikeys", "/admin/password", "/admin/patrol",
			"/admin/webhooks"},
		"wangli": {"/admin", "/admin/reports", "/admin/reports/" + mine.ID, "/admin/stats", "/admin/posters", "/admin/password", "/admin/patrol"},
	}
	for _, name := range []string{"admin", "wangli"} {
		b, _ := app.login(name)
		p := newPhone(t, app)
		signIn(t, p, b)
		for _, width := range []int64{360, 390} {
			p.run(chromedp.EmulateViewport(width, 800, chromedp.EmulateScale(3), chromedp.EmulateMobile, chromedp.EmulateTouch))
			for _, page := range pages[name] {
				p.open(page)
				p.expectFits(fmt.Sprintf("%s at %d px as %s", page, width, name))
				if width == 360 {
					p.expectAccessible(page)
				}
			}
		}
		p.expectDesktopNav()
	}
}

// expectDesktopNav checks that on a desktop the folded menu is unfolded into
// the bar: every link shows, and there is no 更多 to open.
func (p *phone) expectDesktopNav() {
	p.t.Helper()
	p.run(chromedp.EmulateViewport(1280, 800))
	p.open("/admin")
	hidden := eval[[]string](p, `[...document.querySelectorAll('.staff-nav a')].filter((a) => !a.offsetParent).map((a) => a.textContent)`)
	if len(hidden) > 0 {
		p.t.Errorf("desktop navigation hides %q", hidden)
	}
	if eval[bool](p, `!!document.querySelector('.staff-nav summary').offsetParent`) {
		p.t.Error("desktop navigation still shows the 更多 menu")
	}
}

// expectFits checks the open page fits the phone's width.
func (p *phone) expectFits(page string) {
	p.t.Helper()
	if eval[bool](p, `document.documentElement.scrollWidth > window.innerWidth`) {
		p.t.Errorf("%s scrolls sideways", page)
	}
	// A word (a run without spaces) laid out on more than one line means its
	// cell is narrower than the word: the one-character-per-line look.
	squeezed := eval[[]string](p, `[...document.querySelectorAll('td, th')].filter((cell) => {
		if (getComputedStyle(cell).display !== 'table-cell' || !cell.offsetParent) return false;
		const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
		for (let node; (node = walker.nextNode());) {
			for (const m of node.data.matchAll(/\S+/g)) {
				const r = document.createRange();
				r.setStart(node, m.index);
				r.setEnd(node, m.index + m[0].length);
				const lines = new Set([...r.getClientRects()].map((rect) => Math.round(rect.top)));
				if (lines.size > 1) return true;
			}
		}
		return false;
	}).map((cell) => cell.textContent.trim().slice(0, 30))`)
	if len(squeezed) > 0 {
		p.t.Errorf("%s: table cells narrower than their words: %q", page, squeezed)
	}
	small := eval[[]string](p, `[...document.querySelectorAll('main button, main .button, main a.code, main select, main input:not([type=hidden]):not([type=checkbox]):not([type=radio]), nav a, nav button, nav summary')]
		.filter((el) => el.offsetParent && el.getBoundingClientRect().height < 44)
		.map((el) => el.tagName.toLowerCase() + ' ' + el.textContent.trim().slice(0, 20))`)
	if len(small) > 0 {
		p.t.Errorf("%s: tap targets under 44 px tall: %q", page, small)
	}
	p.screenshot(strings.NewReplacer("/", "-", "?", "-", "=", "-", " ", "-").Replace(page))
}
