package server_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"gridline/webhook"
)

// TestWebhookHangingEndpoint: an endpoint that accepts connections and
// never answers. Residents' submissions take no longer than without it
// (the delivery happens only in the background sender), each attempt is
// cut off after the configured timeout, no more attempts are under way at
// once than the bound, and nothing is lost: every event still waits.
func TestWebhookHangingEndpoint(t *testing.T) {
	const timeout, inFlight, reports = 2 * time.Second, 2, 6
	app := newTestApp(t)
	com := app.community("春和社区", "北山口镇")
	submit := func() time.Duration {
		req := multipartReport(t, "/c/"+com.Code, validFields(app.formToken(com.Code)))
		began := time.Now()
		rec := app.do(req)
		took := time.Since(began)
		app.submitted(t, rec)
		return took
	}
	var before, during []time.Duration
	for range reports {
		before = append(before, submit())
	}

	rc := newReceiver(t, func(int) int { return 0 }) // hang
	app.hook(t, rc.URL, "hang-on-a-minute-please", false)
	app.startSender(t, testHooks(timeout, time.Hour, inFlight))
	for range reports {
		during = append(during, submit())
	}
	slices.Sort(before)
	slices.Sort(during)
	t.Logf("submission latency without an endpoint: median %v, max %v; while it hangs: median %v, max %v",
		before[reports/2], before[reports-1], during[reports/2], during[reports-1])
	if worst := during[reports-1]; worst >= timeout/2 {
		t.Errorf("a submission took %v while the endpoint hung: the resident waited on it", worst)
	}

	cut := rc.waitCutOff(t, inFlight, timeout+time.Minute)
	for _, a := range cut {
		if took := a.end.Sub(a.start); took < timeout-50*time.Millisecond || took > timeout+1500*time.Millisecond {
			t.Errorf("%s was cut off after %v, want about %v", a.delivery, took, timeout)
		}
	}
	if _, _, most := rc.snapshot(); most > inFlight {
		t.Errorf("%d attempts were under way at once, want at most %d", most, inFlight)
	}
	app.waitCutOffRecorded(t, reports, inFlight)
}

// waitCutOffRecorded polls until the outbox holds every one of the
// reports' deliveries, at least n of them with a failed attempt recorded:
// a cut-off attempt is retried later, never dropped.
func (a *testApp) waitCutOffRecorded(t *testing.T, reports, n int) {
	t.Helper()
	var ds []webhook.Delivery
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		var err error
		if ds, err = a.store.Outbox(context.Background()); err != nil {
			t.Fatal(err)
		}
		failed := 0
		for _, d := range ds {
			if d.LastError != "" {
				failed++
			}
		}
		if len(ds) != reports {
			t.Fatalf("the outbox holds %d deliveries, want the %d submissions'", len(ds), reports)
		}
		if failed >= n {
			return
		}
	}
	t.Fatalf("fewer than %d cut-off attempts were recorded: %+v", n, ds)
}

// waitCutOff polls until n attempts ended without an answer (the sender
// gave up on them) and returns them.
func (rc *receiver) waitCutOff(t *testing.T, n int, within time.Duration) []hookAttempt {
	t.Helper()
	for deadline := time.Now().Add(within); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		attempts, _, _ := rc.snapshot()
		if len(attempts) >= n {
			return attempts
		}
	}
	t.Fatalf("fewer than %d attempts were cut off within %v", n, within)
	return nil
}
