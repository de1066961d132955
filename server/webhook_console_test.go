package server_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"gridline/auth"
)

// TestWebhookFailedThenResent: an admin adds an endpoint in the console;
// while it is down each event is retried until the retry window passes,
// then listed as failed (and the next event of the report goes on rather
// than wait behind it); the resend button sends them again, and once the
// endpoint is back they arrive. Removing the endpoint takes it off the
// page. Every step is in the audit log, and the secret is never shown.
func TestWebhookFailedThenResent(t *testing.T) {
	app := newTestAppWith(t, map[string]string{"GRIDLINE_RATE_LOGIN": "0", "GRIDLINE_WEBHOOK_LOOPBACK": "1"})
	com := app.community("春和社区", "北山口镇")
	app.user("admin", auth.Admin, "")
	b, csrf := app.login("admin")
	var up atomic.Bool
	rc := newReceiver(t, func(int) int {
		if up.Load() {
			return http.StatusOK
		}
		return http.StatusInternalServerError
	})
	const secret = "console-typed-secret-1234"
	res := b.post("/admin/webhooks", url.Values{"csrf": {csrf}, "url": {rc.URL + "/in"}, "secret": {secret}, "contact": {"1"}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("add: %d %q", res.status, noticeOf(res.body))
	}
	eps, err := app.store.Webhooks(context.Background())
	if err != nil || len(eps) != 1 || !eps[0].WithContact || eps[0].Secret != secret {
		t.Fatalf("stored endpoints %+v (%v)", eps, err)
	}
	app.startSender(t, testHooks(5*time.Second, 300*time.Millisecond, 4))
	r := app.reportThrough(t, com, time.Now().Add(-time.Hour), stepAccept(time.Now().Add(-time.Minute), "op"))

	app.waitFailed(t, 2)
	page := b.get("/admin/webhooks")
	for _, want := range []string{rc.URL + "/in", r.ID + "-0", r.ID + "-1", "/admin/webhooks/" + eps[0].ID + "/resend", "answered 500"} {
		if !strings.Contains(page.body, want) {
			t.Errorf("the webhook page lacks %q", want)
		}
	}
	if strings.Contains(page.body, secret) {
		t.Error("the webhook page shows the secret")
	}

	up.Store(true)
	if res := b.post("/admin/webhooks/"+eps[0].ID+"/resend", url.Values{"csrf": {csrf}}); res.status != http.StatusSeeOther {
		t.Fatalf("resend: %d", res.status)
	}
	if order := rc.waitAccepted(t, 2, time.Minute); order[0] != r.ID+"-0" || order[1] != r.ID+"-1" {
		t.Errorf("resent in the order %q", order)
	}
	app.waitOutboxEmpty(t)
	app.waitFailed(t, 0)

	if res := b.post("/admin/webhooks/"+eps[0].ID+"/remove", url.Values{"csrf": {csrf}}); res.status != http.StatusSeeOther {
		t.Fatalf("remove: %d", res.status)
	}
	if page := b.get("/admin/webhooks"); strings.Contains(page.body, rc.URL) {
		t.Error("the removed endpoint is still listed")
	}
	expectAudited(t, b.get("/admin/audit").body, secret, "webhook.add", "webhook.resend", "webhook.remove")
}

// expectAudited checks the audit page names each action and not the secret.
func expectAudited(t *testing.T, audit, secret string, actions ...string) {
	t.Helper()
	for _, action := range actions {
		if !strings.Contains(audit, action) {
			t.Errorf("the audit log lacks %s", action)
		}
	}
	if strings.Contains(audit, secret) {
		t.Error("the audit log shows the secret")
	}
}

// waitFailed polls until n deliveries are listed as failed.
func (a *testApp) waitFailed(t *testing.T, n int) {
	t.Helper()
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		failed, err := a.store.FailedDeliveries(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if len(failed) == n {
			return
		}
	}
	t.Fatalf("the failed deliveries never numbered %d", n)
}

// TestWebhookConsoleRefuses: an address that is not http(s), one on this
// host (loopback is off by default), and a short secret are refused with
// 422 and a message, the address kept and the secret not echoed; nothing
// is stored.
func TestWebhookConsoleRefuses(t *testing.T) {
	app := newTestApp(t)
	app.user("admin", auth.Admin, "")
	b, csrf := app.login("admin")
	for _, tc := range []struct{ url, secret, msg string }{
		{"ftp://hooks.example.org/in", "long-enough-secret-1", "webhook.url_invalid"},
		{"http://127.0.0.1:9/in", "long-enough-secret-2", "webhook.address_refused"},
		{"http://169.254.169.254/latest/", "long-enough-secret-3", "webhook.address_refused"},
		{"https://hooks.example.org/in", "tinykey9", "webhook.secret_invalid"},
	} {
		res := b.post("/admin/webhooks", url.Values{"csrf": {csrf}, "url": {tc.url}, "secret": {tc.secret}})
		if res.status != http.StatusUnprocessableEntity || noticeOf(res.body) != "<p>"+staffText(t, tc.msg)+"</p>" {
			t.Errorf("%s: %d %q, want 422 %s", tc.url, res.status, noticeOf(res.body), tc.msg)
		}
		if !strings.Contains(res.body, `value="`+tc.url+`"`) || strings.Contains(res.body, tc.secret) {
			t.Errorf("%s: the address is not kept, or the secret is echoed", tc.url)
		}
	}
	if eps, err := app.store.Webhooks(context.Background()); err != nil || len(eps) != 0 {
		t.Errorf("refused endpoints were stored: %+v (%v)", eps, err)
	}
}
