package server_test

import (
	"context"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"testing"
	"time"

	"gridline/poster/printtest"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"gridline/auth"
)

// Print tests: Debian's Chromium, headless, renders the poster pages as a
// printer would (print media, A4 at 96 CSS pixels per inch), and a real
// decoder reads the QR codes off the pictures.

const printChromium = "/usr/bin/chromium"

// printTab is a Chromium tab signed in with a staff browser's session.
type printTab struct {
	t    *testing.T
	ctx  context.Context
	base string
}

func newPrintTab(t *testing.T, app *testApp, signedIn *browser) *printTab {
	t.Helper()
	if testing.Short() {
		t.Skip("skipping browser test in -short mode")
	}
	if _, err := os.Stat(printChromium); err != nil {
		t.Skip("chromium not found: apt-get install chromium")
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(printChromium), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.NoFirstRun, chromedp.UserDataDir(t.TempDir()),
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelTab := chromedp.NewContext(allocCtx)
	t.Cleanup(func() {
		chromedp.Cancel(ctx)
		cancelTab()
		cancelAlloc()
	})
	// The first call starts the browser and binds it to ctx: no timeout on it.
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
		t.Fatalf("start %s: %v", printChromium, err)
	}
	p := &printTab{t: t, ctx: ctx, base: signedIn.base}
	u, _ := url.Parse(signedIn.base)
	cookies := append(signedIn.client.Jar.Cookies(u), &http.Cookie{Name: "lang", Value: "zh-CN"}) // Chinese first
	for _, ck := range cookies {
		httpOnly := true
		p.call(func(ctx context.Context) error {
			_, err := chromedp.Call(ctx, network.SetCookie, network.SetCookieParams{
				Name: ck.Name, Value: ck.Value, URL: signedIn.base, HTTPOnly: &httpOnly,
			})
			return err
		})
	}
	// Print media on an A4 page at 96 dpi, drawn at twice that (192 dpi).
	p.call(func(ctx context.Context) error {
		_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"})
		return err
	})
	p.call(func(ctx context.Context) error {
		_, err := chromedp.Call(ctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
			Width: 794, Height: 1123, DeviceScaleFactor: 2,
		})
		return err
	})
	return p
}

// call runs one step within a minute.
func (p *printTab) call(f func(context.Context) error) {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, time.Minute)
	defer cancel()
	if err := f(ctx); err != nil {
		p.t.Fatalf("browser: %v", err)
	}
}

// open loads a page and waits until every image on it has loaded.
func (p *printTab) open(path string) {
	p.t.Helper()
	p.call(func(ctx context.Context) error {
		return chromedp.Do(ctx, chromedp.Navigate(p.base+path), chromedp.WaitReady(chromedp.CSS("body")))
	})
	deadline := time.Now().Add(30 * time.Second)
	for !evalIn[bool](p, `Array.from(document.images).every(i => i.complete && i.naturalWidth > 0)`) {
		if time.Now().After(deadline) {
			p.t.Fatalf("the images of %s never loaded", path)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func evalIn[T any](p *printTab, expr string) T {
	p.t.Helper()
	var v T
	p.call(func(ctx context.Context) (err error) {
		v, err = chromedp.Run(ctx, chromedp.Evaluate[T](expr))
		return err
	})
	return v
}

// screenshot captures the A4 viewport as a PNG and keeps it as an artifact.
func (p *printTab) screenshot(name string) []byte {
	p.t.Helper()
	var b []byte
	p.call(func(ctx context.Context) (err error) {
		b, err = chromedp.Run(ctx, chromedp.CaptureScreenshot())
		return err
	})
	printtest.SaveArtifact(p.t, name, b)
	return b
}

// TestPosterInBrowser renders the A4 poster and the card sheet as Chromium
// prints them, checks their physical size, and decodes the QR codes from
// screenshots; then prints a street's batch to PDF and checks one poster
// per A4 page.
func TestPosterInBrowser(t *testing.T) {
	app := newTestApp(t)
	var codes []string
	for _, name := range []string{"春和社区", "东门社区", "西湖社区"} { // the poster page's order: pinyin
		codes = append(codes, app.community(name, "北山口镇").Code)
	}
	app.user("admin", auth.Admin, "")
	admin, _ := app.login("admin")
	tab := newPrintTab(t, app, admin)
	form := func(i int) string { return app.cfg.BaseURL + "/c/" + codes[i] }

	tab.open("/admin/posters/" + codes[1])
	if evalIn[string](tab, `getComputedStyle(document.querySelector('.staff-nav')).display`) != "none" {
		t.Error("the staff navigation prints")
	}
	// 210 × 297 mm at 96 px per inch; the QR image 110 mm, its symbol over 8 cm.
	size := evalIn[[]float64](tab, `(() => { const r = document.querySelector('.sheet').getBoundingClientRect(); return [r.x, r.y, r.width, r.height] })()`)
	if size[0] != 0 || size[1] != 0 || int(size[2]+0.5) != 794 || int(size[3]+0.5) != 1123 {
		t.Errorf("the sheet is at %v px, want A4 (794 × 1123) at the top left", size)
	}
	if w := evalIn[float64](tab, `document.querySelector('.p-qr').getBoundingClientRect().width`); w < 110*96/25.4-1 {
		t.Errorf("the QR code is %.0f px wide, want 110 mm (416 px)", w)
	}
	shot := tab.screenshot("a4.png")
	if got, want := printtest.DecodeQR(t, printtest.PNG(t, shot)), form(1)+"?s=p"; got != want {
		t.Errorf("the A4 poster decodes to %q, want %q", got, want)
	}

	tab.open("/admin/posters/" + codes[1] + "?kind=c")
	if got, want := printtest.DecodeQR(t, quarter(printtest.PNG(t, tab.screenshot("cards.png")))), form(1)+"?s=c"; got != want {
		t.Errorf("a card decodes to %q, want %q", got, want)
	}

	tab.open("/admin/posters/batch?street=" + url.QueryEscape("北山口镇"))
	var pdf []byte
	tab.call(func(ctx context.Context) (err error) {
		pdf, err = chromedp.Run(ctx, chromedp.PrintToPDF(chromedp.PDFPreferCSSPageSize(), chromedp.PDFPrintBackground()))
		return err
	})
	printtest.SaveArtifact(t, "batch-printed.pdf", pdf)
	if n := pdfPageCount(t, pdf); n != 3 {
		t.Fatalf("the printed batch has %d pages, want 3", n)
	}
	if w, h := pdfPageSize(t, pdf); w < 594 || w > 596 || h < 841 || h > 843 {
		t.Errorf("printed pages are %.1f × %.1f pt, want A4 (595 × 842)", w, h)
	}
	for i := range 3 {
		if got, want := printtest.DecodeQR(t, printtest.Rasterise(t, pdf, i+1, 150)), form(i)+"?s=p"; got != want {
			t.Errorf("printed page %d decodes to %q, want %q", i+1, got, want)
		}
	}
}

// pdfPageSize reads the first page's size in points from pdfinfo.
func pdfPageSize(t *testing.T, pdf []byte) (w, h float64) {
	t.Helper()
	m := regexp.MustCompile(`Page size:\s+([\d.]+) x ([\d.]+) pts`).FindStringSubmatch(pdfInfo(t, pdf))
	if m == nil {
		t.Fatal("pdfinfo names no page size")
	}
	w, _ = strconv.ParseFloat(m[1], 64)
	h, _ = strconv.ParseFloat(m[2], 64)
	return w, h
}
