package server_test

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"gridline/report"
)

// TestWebhookRetriesUntilTaken: an endpoint refuses the first two attempts
// of every event. Each event of two reports still arrives and is taken
// once: every hookAttempt carries the same delivery id, the same bytes and a
// signature that verifies; a report's events arrive in timeline order, no
// event tried before the one ahead of it was taken; internal notes make no
// event; and once all is taken the outbox is empty.
func TestWebhookRetriesUntilTaken(t *testing.T) {
	app := newTestApp(t)
	com := app.community("春和社区", "北山口镇")
	rc := newReceiver(t, func(n int) int {
		if n < 2 {
			return http.StatusServiceUnavailable
		}
		return http.StatusOK
	})
	const secret = "s3cret-for-the-city-platform"
	app.hook(t, rc.URL+"/gridline", secret, false)
	app.startSender(t, testHooks(5*time.Second, time.Hour, 4))

	start := time.Now().Add(-time.Hour)
	steps := []report.Step{
		stepAccept(start.Add(time.Minute), "op"),
		{Action: report.Note, Actor: "op", At: start.Add(2 * time.Minute), InternalNote: "内部备注"},
		stepDispatch(start.Add(3*time.Minute), start.Add(48*time.Hour), "wangli"),
		stepTake(start.Add(4*time.Minute), "wangli"),
		stepResolve(start.Add(5*time.Minute), "wangli"),
		stepRate(start.Add(6*time.Minute), report.Satisfied),
	}
	byForm := app.submitted(t, app.do(multipartReport(t, "/c/"+com.Code, validFields(app.formToken(com.Code)))))
	app.advance(t, byForm, steps...)
	viaStore := app.reportThrough(t, com, start, steps...)

	rc.waitAccepted(t, 12, time.Minute)
	app.waitOutboxEmpty(t)
	attempts, order, _ := rc.snapshot()
	checkAttempts(t, attempts, secret)
	checkOrder(t, attempts, order)
	want := []string{"submitted", "accepted", "dispatched", "taken", "resolved", "rated"}
	for _, id := range []string{byForm.ID, viaStore.ID} {
		var got []string
		for _, a := range attempts {
			if a.status == http.StatusOK && strings.HasPrefix(a.delivery, id+"-") {
				got = append(got, a.event)
			}
		}
		if !slices.Equal(got, want) {
			t.Errorf("report %s: events %q, want %q", id, got, want)
		}
	}
}

// checkAttempts: three attempts per delivery id (two refused, one taken),
// the same body each time, each signature verifying.
func checkAttempts(t *testing.T, attempts []hookAttempt, secret string) {
	t.Helper()
	first := map[string]hookAttempt{}
	answers := map[string][]int{}
	for _, a := range attempts {
		if !verifies(secret, a.body, a.signature) {
			t.Errorf("%s: signature %q does not verify", a.delivery, a.signature)
		}
		if f, ok := first[a.delivery]; ok && (string(f.body) != string(a.body) || f.event != a.event) {
			t.Errorf("%s: a retry sent another body or type", a.delivery)
		} else if !ok {
			first[a.delivery] = a
		}
		if e := decodeEvent(t, a.body); e.ID != a.delivery || e.Type != a.event {
			t.Errorf("headers %s/%s, body %s/%s", a.delivery, a.event, e.ID, e.Type)
		}
		answers[a.delivery] = append(answers[a.delivery], a.status)
	}
	for id, got := range answers {
		if want := []int{503, 503, 200}; !slices.Equal(got, want) {
			t.Errorf("%s: answers %v, want %v", id, got, want)
		}
	}
}

// checkOrder: no hookAttempt of a report's event began before every earlier
// event of that report was taken, and each report's events were taken in
// timeline order.
func checkOrder(t *testing.T, attempts []hookAttempt, order []string) {
	t.Helper()
	taken := map[string]time.Time{}
	for _, a := range attempts {
		if a.status == http.StatusOK {
			taken[a.delivery] = a.end
		}
	}
	for _, a := range attempts {
		rep, seq := splitEventID(t, a.delivery)
		for id, at := range taken {
			if r, s := splitEventID(t, id); r == rep && s < seq && at.After(a.start) {
				t.Errorf("%s was tried at %v, before %s was taken at %v", a.delivery, a.start, id, at)
			}
		}
	}
	last := map[string]int{}
	for _, id := range order {
		rep, seq := splitEventID(t, id)
		if prev, ok := last[rep]; ok && seq <= prev {
			t.Errorf("%s taken after entry %d of the same report", id, prev)
		}
		last[rep] = seq
	}
}

func splitEventID(t *testing.T, id string) (string, int) {
	t.Helper()
	rep, seq, ok := strings.Cut(id, "-")
	n, err := strconv.Atoi(seq)
	if !ok || err != nil {
		t.Fatalf("event id %q is not REPORT-INDEX", id)
	}
	return rep, n
}

// advance applies steps to a stored report through the store, as the
// console's handlers do.
func (a *testApp) advance(t *testing.T, r report.Report, steps ...report.Step) report.Report {
	t.Helper()
	for _, st := range steps {
		next, err := report.Apply(r, st)
		if err != nil {
			t.Fatalf("%s: %v", st.Action, err)
		}
		if err := a.store.UpdateReport(context.Background(), r.Version, next); err != nil {
			t.Fatalf("%s: %v", st.Action, err)
		}
		r = next
	}
	return r
}

// waitOutboxEmpty polls until nothing waits in the outbox.
func (a *testApp) waitOutboxEmpty(t *testing.T) {
	t.Helper()
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		ds, err := a.store.Outbox(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if len(ds) == 0 {
			return
		}
	}
	t.Fatal("the outbox is not empty after every delivery was taken")
}
