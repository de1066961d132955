package server_test

import (
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"gridline/report"
)

// TestPhoneJoins: in Chromium at a phone's size, a second resident presses
// 我也遇到 on a report the form lists and lands on its tracking page, which
// says 共2位居民反映 and lets them add a note; with JavaScript and without. Six open reports are
// listed and five shown; with the script, choosing a category brings its
// report (the oldest, sixth) to the top.
func TestPhoneJoins(t *testing.T) {
	for _, scripts := range []bool{true, false} {
		name := "with JavaScript"
		if !scripts {
			name = "without JavaScript"
		}
		t.Run(name, func(t *testing.T) {
			app := newTestApp(t)
			com := app.community("北山口村", "北山口镇")
			now := time.Now()
			road := app.reportIn(t, com, "道路交通", now.Add(-72*time.Hour))
			var newest report.Report
			for i := range 5 {
				newest = app.reportIn(t, com, "市容环境", now.Add(time.Duration(i-48)*time.Hour))
			}
			p := newPhone(t, app)
			if !scripts {
				p.disableScripts()
			}
			p.open("/c/" + com.Code)
			shown := `[...document.querySelectorAll('#similar-list > li')].filter(li => li.offsetParent !== null)`
			if n := eval[int](p, shown+`.length`); n != 5 {
				t.Errorf("%d reports shown, want 5 of the 6 listed", n)
			}
			target := newest
			if scripts {
				eval[bool](p, `(() => { const s = document.getElementById('category'); s.value = '道路交通';
					s.dispatchEvent(new Event('change')); return true })()`)
				if got := eval[string](p, shown+`[0].dataset.category`); got != "道路交通" {
					t.Fatalf("after choosing 道路交通 the first report shown is %q", got)
				}
				target = road
			}
			p.screenshot("form")
			if scripts {
				p.expectAccessible("the form with its open reports")
			}
			p.run(chromedp.Click(chromedp.CSS(`#similar-list > li:first-child .join-button`)))
			path := p.waitForPath("/t/")
			if want := "/t/" + target.ID + "?joined=1"; path != want {
				t.Fatalf("landed on %s, want %s", path, want)
			}
			p.screenshot("tracking")
			if got := eval[string](p, `document.querySelector('.residents').textContent`); got != "共2位居民反映" {
				t.Errorf("the tracking page says %q, want 共2位居民反映", got)
			}
			if scripts {
				p.expectAccessible("the tracking page after 我也遇到")
			}
			// The page offers the resident to add a note; it counts nothing more.
			p.run(chromedp.SendKeys(chromedp.ID("join-note"), "门口这盏也不亮"), chromedp.Click(chromedp.ID("join-more")))
			p.waitForPath("/t/" + target.ID + "?added=1")
			if r := app.reread(t, target.ID); r.Joined != 1 || r.Joiners[0].Note != "门口这盏也不亮" {
				t.Errorf("Joined %d, joiners %+v; want 1, with the note", r.Joined, r.Joiners)
			}
			if n := app.countReports(); n != 6 {
				t.Errorf("%d reports, want the 6: joining makes none", n)
			}
		})
	}
}
