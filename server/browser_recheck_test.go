package server_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"gridline/auth"
	"gridline/locale"
	"gridline/report"
)

// TestPhoneRecordsRelapse is a grid worker's re-check (回头看) on a 390 px
// phone: the re-check due is in the task list, the report's page offers
// the form, the worker taps 反弹, takes a photo (shrunk on the phone) and
// sends; the task list says what was recorded, the report is reopened and
// back in the operators' inbox, and its public page shows 回头看：反弹 with
// the photo.
func TestPhoneRecordsRelapse(t *testing.T) {
	app := newTestApp(t)
	com := app.community("春和社区", "北山口镇")
	app.user("wangli", auth.Worker, "", com.Code)
	app.user("op", auth.Operator, com.Street)
	r := app.owingRecheck(t, com, "wangli")
	photo := filepath.Join(t.TempDir(), "place.jpg")
	if err := os.WriteFile(photo, smallJPEG(t), 0o644); err != nil {
		t.Fatal(err)
	}
	worker, _ := app.login("wangli")
	p := newPhone(t, app)
	signIn(t, p, worker)

	p.open("/admin")
	due := eval[[]string](p, `[...document.querySelectorAll('section.tasks-recheck a.code')].map((a) => a.getAttribute('href'))`)
	if !slices.Contains(due, "/admin/reports/"+r.ID) {
		t.Fatalf("the task list's re-checks due are %v, want %s", due, r.ID)
	}
	p.expectFits("the task list with a re-check due")
	p.expectAccessible("/admin")

	p.run(chromedp.Click(chromedp.CSS(`section.tasks-recheck a.code`)))
	p.waitForPath("/admin/reports/" + r.ID)
	p.waitFor("the re-check form's script", `document.querySelector('form.recheck.js')`, 10*time.Second)
	p.recordRelapse(photo)
	p.waitForPath("/admin?done=recheck-relapsed")
	if got := eval[string](p, `document.querySelector('main .ok').textContent`); !strings.Contains(got, catalogMessage(t, locale.Chinese, "tasks.rechecked_relapsed")) {
		t.Errorf("the task list says %q after the re-check", got)
	}

	got := app.reread(t, r.ID)
	if got.Status != report.Reopened || got.Relapses != 1 || got.Assignee != "" || !got.RecheckDue.IsZero() {
		t.Fatalf("stored %s, %d relapses, assignee %q, due %v: want reopened for the operators", got.Status, got.Relapses, got.Assignee, got.RecheckDue)
	}
	op, _ := app.login("op")
	if inbox := op.get("/admin/reports?status=reopened"); !slices.Contains(listedIDs(inbox.body), r.ID) {
		t.Errorf("the operators' reopened reports %v lack %s", listedIDs(inbox.body), r.ID)
	}
	p.expectPublicRelapse(r.ID)
}

// recordRelapse fills in the open re-check form as a worker on site does:
// 反弹, a photo from the camera, a note, and sends it.
func (p *phone) recordRelapse(photo string) {
	p.t.Helper()
	p.run(chromedp.Click(chromedp.CSS(`label[for=finding-relapsed]`)))
	if !eval[bool](p, `document.getElementById('finding-relapsed').checked`) {
		p.t.Fatal("tapping 反弹 did not choose it")
	}
	p.run(chromedp.SetUploadFiles(chromedp.ID("recheck-camera"), []string{photo}))
	p.waitFor("the photo preview", `document.querySelectorAll('form.recheck .previews img').length === 1 &&
		[...document.querySelectorAll('form.recheck .previews img')].every((i) => i.complete && i.naturalWidth > 0)`, time.Minute)
	p.run(chromedp.SendKeys(chromedp.ID("recheck-public"), "楼道又堆满了杂物"))
	p.expectFits("the report page with the re-check form")
	p.expectAccessible("the re-check form")
	p.run(chromedp.Click(chromedp.CSS(`form.recheck .send [type=submit]`)))
}

// expectPublicRelapse opens the report's public page: its timeline ends
// with 回头看：反弹 and the re-check's photo, shown.
func (p *phone) expectPublicRelapse(id string) {
	p.t.Helper()
	p.open("/t/" + id)
	last := eval[string](p, `[...document.querySelectorAll('.timeline li .status')].pop().textContent`)
	if last != "回头看：反弹" {
		p.t.Errorf("the public timeline ends with %q, want 回头看：反弹", last)
	}
	p.waitFor("the re-check's photo on the public page", `[...document.querySelectorAll('.timeline li:last-child img')].some((i) => i.complete && i.naturalWidth > 0)`, 30*time.Second)
	if eval[bool](p, `document.body.textContent.includes('wangli')`) {
		p.t.Error("the public page names the worker")
	}
	p.screenshot("public-relapse")
}
