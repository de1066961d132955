package server_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"gridline/auth"
	"gridline/report"
)

// patrolShot is the README's screenshot of the filled patrol form, written
// by TestPatrolOnAPhone when GRIDLINE_WRITE_DOCS=1 (see writeDocShot).
const patrolShot = "../docs/img/patrol-phone.png"

// TestPatrolOnAPhone: a grid worker on patrol files what they found from a
// 390×844 phone: the community is already chosen, the 12 MP camera photo is
// shrunk on the phone and kept in the draft with the text, the location is
// shared by a tap, and one tap on send lands on the find's page (its
// category sends finds to their finder) with its tracking code.
func TestPatrolOnAPhone(t *testing.T) {
	photoPath := phonePhoto(t, "wood")
	app := newTestApp(t)
	com := app.community("春和社区", "北山口镇")
	app.user("wangli", auth.Worker, "", com.Code)
	cats, err := app.store.Categories(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	cats[0].PatrolAssign = true // 市容环境, the first offered
	if err := app.store.SaveCategory(t.Context(), cats[0]); err != nil {
		t.Fatal(err)
	}
	b, _ := app.login("wangli")
	p := newPhone(t, app)
	signIn(t, p, b)
	p.placeAt(34.7466, 113.0259, 25)

	p.open("/admin/patrol")
	p.waitFor("the form's script", `document.querySelector('form.patrol.js')`, 10*time.Second)
	if got := eval[string](p, `document.getElementById('community').value`); got != com.Code {
		t.Errorf("community %q chosen, want the worker's one, %s", got, com.Code)
	}
	p.fillReport("5号楼楼道堆放杂物，堵住了消防通道")
	p.run(chromedp.Tap(chromedp.ID("geo-use")))
	p.waitFor("the location", `!document.getElementById('geo-remove').hidden`, 20*time.Second)
	p.attach(photoPath, 1)
	draft := eval[map[string]any](p, `new Promise((ok) => { const q = indexedDB.open('gridline'); q.onsuccess = () => {
		const g = q.result.transaction('drafts').objectStore('drafts').get('/admin/patrol');
		g.onsuccess = () => ok({community: g.result.community, description: g.result.description, size: g.result.photos[0].blob.size}); }; })`)
	if draft["community"] != com.Code || draft["description"] != "5号楼楼道堆放杂物，堵住了消防通道" {
		t.Errorf("draft on the phone %v, want the community and the text", draft)
	}
	if size, _ := draft["size"].(float64); size == 0 || size > maxUpload {
		t.Errorf("the 12 MP photo is %.0f bytes on the phone, want it shrunk under %d", size, maxUpload)
	}
	p.expectFits("the filled patrol form")
	p.expectAccessible("the filled patrol form")
	p.writeDocShot(patrolShot)

	p.run(chromedp.Tap(chromedp.ID("send")))
	p.waitFor("the find's page", `location.pathname.startsWith('/admin/reports/') && location.search === '?done=patrol'`, time.Minute)
	if n := app.countReports(); n != 1 {
		t.Fatalf("%d reports stored, want 1", n)
	}
	path := eval[string](p, `location.pathname`)
	r := app.reread(t, path[len("/admin/reports/"):])
	if r.Source != report.FromPatrol || r.Status != report.Dispatched || r.Assignee != "wangli" || len(r.Photos) != 1 ||
		r.Geo == nil || r.Geo.Lat != 34.7466 || r.Location != "3号楼" {
		t.Errorf("stored %+v", r)
	}
	if got := eval[string](p, `document.querySelector('.ok').textContent.trim()`); got != catalogMessage(t, "zh-CN", "patrol.filed", "Code", r.Tracking().Display()) {
		t.Errorf("the find's page says %q", got)
	}
	p.screenshot("filed")
}

// writeDocShot saves the page as a documentation image at path, when
// GRIDLINE_WRITE_DOCS=1: the whole page at 1× (the README shows it 260 px
// wide), as the other phone screenshots in docs/img are.
func (p *phone) writeDocShot(path string) {
	p.t.Helper()
	if os.Getenv("GRIDLINE_WRITE_DOCS") != "1" {
		return
	}
	p.run(chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(1), chromedp.EmulateMobile, chromedp.EmulateTouch))
	ctx, cancel := context.WithTimeout(p.ctx, 30*time.Second)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		p.t.Fatalf("screenshot for %s: %v", path, err)
	}
	if err := os.WriteFile(filepath.Clean(path), png, 0o644); err != nil {
		p.t.Fatal(err)
	}
	p.t.Logf("wrote %s (%d bytes)", path, len(png))
	p.run(chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(3), chromedp.EmulateMobile, chromedp.EmulateTouch))
}
