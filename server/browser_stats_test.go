package server_test

import (
	"context"
	"net/url"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"gridline/auth"
	"gridline/community"
)

// TestStatsPageOnAPhone opens the statistics, with this month's reports,
// on a 390 px phone: the three charts draw, the page does not scroll
// sideways (the wide table scrolls inside its own box), and axe-core finds
// nothing serious.
func TestStatsPageOnAPhone(t *testing.T) {
	app := newTestApp(t)
	north := app.community("春和社区", "北山口镇")
	village := app.community("桃花峪村", "北山口镇")
	app.user("admin", auth.Admin, "")
	now := time.Now().In(shanghai)
	start := time.Date(now.Year(), now.Month(), 1, 0, 30, 0, 0, shanghai)
	for i, com := range []community.Community{north, north, village} {
		created := start.Add(time.Duration(i) * time.Minute)
		steps := append(toDispatched(created, created.Add(72*time.Hour), "wang"), stepResolve(created.Add(10*time.Minute), "wang"))
		if i == 2 {
			steps = nil // still waiting
		}
		app.reportThrough(t, com, created, steps...)
	}
	admin, _ := app.login("admin")
	p := newPhone(t, app)
	signIn(t, p, admin)

	p.open("/admin/stats")
	charts := eval[[]float64](p, `[...document.querySelectorAll('figure.chart svg')].map((s) => s.getBoundingClientRect().width)`)
	if len(charts) != 3 {
		t.Fatalf("%d charts, want the trend, the categories and the communities", len(charts))
	}
	for i, w := range charts {
		if w < 300 || w > 390 {
			t.Errorf("chart %d is %.0f px wide on a 390 px phone", i, w)
		}
	}
	if n := eval[int](p, `document.querySelectorAll('figure.chart svg polyline').length`); n != 2 {
		t.Errorf("the trend has %d lines, want received and resolved", n)
	}
	if sideways := eval[bool](p, `document.documentElement.scrollWidth > window.innerWidth`); sideways {
		t.Error("the statistics page scrolls sideways on a 390 px phone")
	}
	if got := eval[string](p, `document.querySelector('tr.total td').textContent`); got != "3" {
		t.Errorf("total received %q, want 3", got)
	}
	p.screenshot("stats")
	p.expectAccessible("/admin/stats")
}

// signIn gives the phone the signed-in browser's session cookie.
func signIn(t *testing.T, p *phone, b *browser) {
	t.Helper()
	u, err := url.Parse(b.base)
	if err != nil {
		t.Fatal(err)
	}
	httpOnly := true
	ctx, cancel := context.WithTimeout(p.ctx, 30*time.Second)
	defer cancel()
	for _, ck := range b.client.Jar.Cookies(u) {
		_, err := chromedp.Call(ctx, network.SetCookie, network.SetCookieParams{
			Name: ck.Name, Value: ck.Value, URL: p.base, HTTPOnly: &httpOnly,
		})
		if err != nil {
			t.Fatalf("set cookie %s: %v", ck.Name, err)
		}
	}
}
