package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// Helpers for the end-to-end tests: Debian's Chromium, headless, at a phone's
// size, against the real router on the embedded database over real HTTP.

const chromiumPath = "/usr/bin/chromium"

// phone is one fresh browser profile on a 390×844 touch screen at 3× scale.
type phone struct {
	t    *testing.T
	ctx  context.Context
	base string
	sent *bodyCounter // what reached the server in report POSTs

	mu      sync.Mutex
	console []string // exceptions, CSP refusals and errors, reported at the end
	shots   int
}

// newPhone starts Chromium and a test server for app, or skips the test
// where Chromium is not installed.
func newPhone(t *testing.T, app *testApp) *phone {
	t.Helper()
	if testing.Short() {
		t.Skip("skipping browser test in -short mode")
	}
	if _, err := os.Stat(chromiumPath); err != nil {
		t.Skip("install chromium: apt-get install chromium")
	}
	counter := &bodyCounter{next: app.handler}
	srv := httptest.NewServer(counter)
	t.Cleanup(srv.Close)

	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromiumPath), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.NoFirstRun, chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("lang", "zh-CN"), chromedp.Flag("accept-lang", "zh-CN,zh")) // a phone in China
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelTab := chromedp.NewContext(allocCtx)
	p := &phone{t: t, ctx: ctx, base: srv.URL, sent: counter}
	t.Cleanup(func() {
		chromedp.Cancel(ctx)
		cancelTab()
		cancelAlloc()
		p.reportConsole()
	})
	// The first call starts the browser and binds it to its context: no timeout here.
	err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(3), chromedp.EmulateMobile,
		chromedp.EmulateTouch, chromedp.EmulatePortrait))
	if err != nil {
		t.Fatalf("start %s: %v", chromiumPath, err)
	}
	go p.collect(chromedp.Console(ctx))
	return p
}

// collect keeps the console lines that mean something went wrong in the page.
func (p *phone) collect(messages iter.Seq2[chromedp.ConsoleMessage, error]) {
	for m, err := range messages {
		if err != nil {
			return
		}
		text := m.String()
		bad := m.IsException() || m.Type == chromedp.ConsoleError || strings.Contains(text, "Content Security Policy")
		expected := strings.Contains(text, "ERR_INTERNET_DISCONNECTED") || strings.Contains(text, "Failed to load resource")
		if bad && !expected {
			p.mu.Lock()
			p.console = append(p.console, fmt.Sprintf("%s:%d %s", m.URL, m.Line+1, text))
			p.mu.Unlock()
		}
	}
}

// reportConsole fails the test for script errors and CSP refusals.
func (p *phone) reportConsole() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, line := range p.console {
		p.t.Errorf("browser console: %s", line)
	}
}

// run runs browser actions, each call within a minute.
func (p *phone) run(actions ...chromedp.Action[chromedp.Void]) {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, time.Minute)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		p.t.Fatalf("browser: %v", err)
	}
}

// open loads a page of the test server and waits for its body.
func (p *phone) open(path string) {
	p.t.Helper()
	p.run(chromedp.Navigate(p.base+path), chromedp.WaitReady(chromedp.CSS("body")))
}

// eval runs a JavaScript expression in the page (not subject to the page's
// CSP, as DevTools runs it) and decodes its value; promises are awaited.
func eval[T any](p *phone, expr string) T {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, time.Minute)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		p.t.Fatalf("evaluate %s: %v", expr, err)
	}
	return v
}

// waitFor polls a JavaScript condition until it holds. chromedp.Poll builds
// its predicate with new Function, which the page's CSP rightly refuses.
func (p *phone) waitFor(what, cond string, within time.Duration) {
	p.t.Helper()
	deadline := time.Now().Add(within)
	for {
		ctx, cancel := context.WithTimeout(p.ctx, 10*time.Second)
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool]("Boolean("+cond+")"))
		cancel()
		if err == nil && ok {
			return
		}
		if time.Now().After(deadline) {
			shot := p.screenshot("timeout")
			p.t.Fatalf("waited %s for %s (%s); last error %v; screenshot %s", within, what, cond, err, shot)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// waitForPath waits until the browser shows a page under prefix; it asks the
// browser, not the page, so it works with JavaScript turned off.
func (p *phone) waitForPath(prefix string) string {
	p.t.Helper()
	deadline := time.Now().Add(time.Minute)
	for {
		ctx, cancel := context.WithTimeout(p.ctx, 10*time.Second)
		h, err := chromedp.Run(ctx, chromedp.NavigationEntries())
		cancel()
		if err == nil && h.CurrentIndex >= 0 && int(h.CurrentIndex) < len(h.Entries) {
			if path := strings.TrimPrefix(h.Entries[h.CurrentIndex].URL, p.base); strings.HasPrefix(path, prefix) {
				p.run(chromedp.WaitReady(chromedp.CSS("footer")))
				return path
			}
		}
		if time.Now().After(deadline) {
			p.t.Fatalf("the browser never reached %s (%v); screenshot %s", prefix, err, p.screenshot("timeout"))
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// offline takes the phone off the network (navigator.onLine and every new
// request) or puts it back.
func (p *phone) offline(off bool) {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, 30*time.Second)
	defer cancel()
	rules := []*network.Conditions{}
	if off {
		rules = append(rules, &network.Conditions{Offline: true, DownloadThroughput: -1, UploadThroughput: -1})
	}
	// navigator.onLine first, so the page already knows when a request fails.
	_, err := chromedp.Call(ctx, network.OverrideNetworkState, network.OverrideNetworkStateParams{
		Offline: off, DownloadThroughput: -1, UploadThroughput: -1,
	})
	if err == nil {
		_, err = chromedp.Call(ctx, network.EmulateNetworkConditionsByRule, network.EmulateNetworkConditionsByRuleParams{MatchedNetworkConditions: rules})
	}
	if err != nil {
		p.t.Fatalf("network offline=%v: %v", off, err)
	}
}

// slowUpload throttles uploads to bytesPerSecond, like a weak mobile signal.
func (p *phone) slowUpload(bytesPerSecond float64) {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, 30*time.Second)
	defer cancel()
	_, err := chromedp.Call(ctx, network.EmulateNetworkConditionsByRule, network.EmulateNetworkConditionsByRuleParams{
		MatchedNetworkConditions: []*network.Conditions{{UploadThroughput: bytesPerSecond, DownloadThroughput: -1}},
	})
	if err != nil {
		p.t.Fatalf("throttle: %v", err)
	}
}

// disableScripts turns JavaScript off for the pages the tab loads next.
func (p *phone) disableScripts() {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, 30*time.Second)
	defer cancel()
	if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		p.t.Fatalf("disable scripts: %v", err)
	}
}

// placeAt grants the page geolocation and puts the phone at lat, lng.
func (p *phone) placeAt(lat, lng, accuracy float64) {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, 30*time.Second)
	defer cancel()
	_, err := chromedp.CallBrowser(ctx, cdpbrowser.SetPermission, cdpbrowser.SetPermissionParams{
		Permission: &cdpbrowser.PermissionDescriptor{Name: "geolocation"}, Setting: cdpbrowser.PermissionSettingGranted, Origin: p.base,
	})
	if err == nil {
		_, err = chromedp.Call(ctx, emulation.SetGeolocationOverride, emulation.SetGeolocationOverrideParams{
			Latitude: &lat, Longitude: &lng, Accuracy: &accuracy,
		})
	}
	if err != nil {
		p.t.Fatalf("geolocation: %v", err)
	}
}

// screenshot saves the whole page as a PNG under $GRIDLINE_ARTIFACTS/browser
// and returns its path ("" when the variable is unset).
func (p *phone) screenshot(name string) string {
	dir := os.Getenv("GRIDLINE_ARTIFACTS")
	if dir == "" {
		return ""
	}
	ctx, cancel := context.WithTimeout(p.ctx, 30*time.Second)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		p.t.Errorf("screenshot %s: %v", name, err)
		return ""
	}
	p.shots++
	path := filepath.Join(dir, "browser", fmt.Sprintf("%s-%d-%s.png", strings.ReplaceAll(p.t.Name(), "/", "-"), p.shots, name))
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		p.t.Errorf("screenshot %s: %v", name, err)
		return ""
	}
	if err := os.WriteFile(path, png, 0o644); err != nil {
		p.t.Errorf("screenshot %s: %v", name, err)
		return ""
	}
	p.t.Logf("screenshot: %s", path)
	return path
}

// axeViolation is one rule axe-core found broken.
type axeViolation struct {
	ID     string   `json:"id"`
	Impact string   `json:"impact"`
	Help   string   `json:"help"`
	Nodes  []string `json:"nodes"`
}

// expectAccessible runs axe-core (the file $GRIDLINE_AXE, which .ci/run
// installs from the npm registry) on the page: serious and critical
// violations fail the test, others are logged.
func (p *phone) expectAccessible(page string) {
	p.t.Helper()
	path := os.Getenv("GRIDLINE_AXE")
	if path == "" {
		p.t.Logf("axe-core check of %s skipped: set GRIDLINE_AXE to axe.min.js (.ci/run installs axe-core from npm)", page)
		return
	}
	src, err := os.ReadFile(path)
	if err != nil {
		p.t.Fatalf("GRIDLINE_AXE: %v", err)
	}
	eval[chromedp.Void](p, string(src))
	raw := eval[[]byte](p, `axe.run(document, {resultTypes: ['violations']}).then((r) => JSON.stringify(r.violations.map((v) =>
		({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' '))}))))`)
	var s string
	var found []axeViolation
	if err := json.Unmarshal(raw, &s); err != nil || json.Unmarshal([]byte(s), &found) != nil {
		p.t.Fatalf("axe result %s: %v", raw, err)
	}
	for _, v := range found {
		if v.Impact == "serious" || v.Impact == "critical" {
			p.t.Errorf("axe on %s: %s (%s): %s at %v", page, v.ID, v.Impact, v.Help, v.Nodes)
		} else {
			p.t.Logf("axe on %s: %s (%s): %s at %v", page, v.ID, v.Impact, v.Help, v.Nodes)
		}
	}
	p.t.Logf("axe-core on %s: %d violations, none serious or critical allowed", page, len(found))
}

// startReport opens a community's form, waits for its script, fills in the
// text and one photo, and returns the form's one-time token.
func (p *phone) startReport(code, text, photoPath string) string {
	p.t.Helper()
	p.open("/c/" + code)
	p.waitFor("the form's script", `document.querySelector('form.report.js')`, 10*time.Second)
	token := eval[string](p, `document.querySelector('[name=token]').value`)
	p.fillReport(text)
	p.attach(photoPath, 1)
	return token
}
