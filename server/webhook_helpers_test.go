package server_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"gridline/config"
	"gridline/webhook"
)

// hookAttempt is one request a test receiver got.
type hookAttempt struct {
	delivery, event, signature string
	body                       []byte
	status                     int // what the receiver answered; 0 when it hung until cut off
	start, end                 time.Time
}

// receiver is a real HTTP endpoint that records every attempt and answers
// as answer says: a status, or 0 to hang until the sender gives up.
type receiver struct {
	*httptest.Server
	mu       sync.Mutex
	attempts []hookAttempt
	inFlight int
	maxIn    int               // the most requests under way at once
	answer   func(n int) int   // n: earlier attempts of the same delivery id
	tried    map[string]int    // attempts per delivery id
	accepted map[string][]byte // the body each delivery id was taken with
	order    []string          // delivery ids in the order they were taken
	released chan struct{}     // closed to let hung requests go
}

func newReceiver(t *testing.T, answer func(n int) int) *receiver {
	t.Helper()
	rc := &receiver{answer: answer, tried: map[string]int{}, accepted: map[string][]byte{}, released: make(chan struct{})}
	rc.Server = httptest.NewServer(http.HandlerFunc(rc.serve))
	t.Cleanup(func() { close(rc.released); rc.Close() })
	return rc
}

func (rc *receiver) serve(w http.ResponseWriter, r *http.Request) {
	a := hookAttempt{delivery: r.Header.Get("X-Gridline-Delivery"), event: r.Header.Get("X-Gridline-Event"),
		signature: r.Header.Get("X-Gridline-Signature"), start: time.Now()}
	a.body, _ = io.ReadAll(r.Body)
	rc.mu.Lock()
	n := rc.tried[a.delivery]
	rc.tried[a.delivery]++
	rc.inFlight++
	rc.maxIn = max(rc.maxIn, rc.inFlight)
	status := rc.answer(n)
	rc.mu.Unlock()
	if status == 0 {
		select {
		case <-r.Context().Done():
		case <-rc.released:
		}
	} else {
		w.WriteHeader(status)
	}
	a.status, a.end = status, time.Now()
	rc.mu.Lock()
	defer rc.mu.Unlock()
	rc.inFlight--
	rc.attempts = append(rc.attempts, a)
	if status >= 200 && status < 300 {
		if _, seen := rc.accepted[a.delivery]; !seen {
			rc.order = append(rc.order, a.delivery)
		}
		rc.accepted[a.delivery] = a.body
	}
}

// snapshot copies what the receiver recorded.
func (rc *receiver) snapshot() (attempts []hookAttempt, order []string, maxIn int) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return append([]hookAttempt(nil), rc.attempts...), append([]string(nil), rc.order...), rc.maxIn
}

// waitAccepted polls until the receiver took n distinct deliveries.
func (rc *receiver) waitAccepted(t *testing.T, n int, within time.Duration) []string {
	t.Helper()
	deadline := time.Now().Add(within)
	for {
		_, order, _ := rc.snapshot()
		if len(order) >= n {
			return order
		}
		if time.Now().After(deadline) {
			t.Fatalf("the receiver took %d deliveries within %v, want %d: %q", len(order), within, n, order)
		}
		time.Sleep(10 * time.Millisecond) // polling the receiver's state, not waiting for it
	}
}

// testHooks is the webhook configuration of the tests: fast retries, the
// loopback receivers allowed.
func testHooks(timeout, retryFor time.Duration, inFlight int) config.Webhook {
	return config.Webhook{Timeout: timeout, Backoff: 20 * time.Millisecond, RetryFor: retryFor,
		Poll: 200 * time.Millisecond, InFlight: inFlight, Loopback: true}
}

// startSender runs a real sender on the app's store until the test ends.
func (a *testApp) startSender(t *testing.T, cfg config.Webhook) {
	t.Helper()
	s := webhook.NewSender(a.store, cfg, rand.Float64, slog.New(slog.NewTextHandler(io.Discard, nil)))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); s.Run(ctx) }()
	t.Cleanup(func() { cancel(); <-done })
}

// hook adds an endpoint at url, signed with secret.
func (a *testApp) hook(t *testing.T, url, secret string, withContact bool) webhook.Endpoint {
	t.Helper()
	ep, err := webhook.NewEndpoint(url, secret, withContact, true, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := a.store.AddWebhook(context.Background(), ep); err != nil {
		t.Fatal(err)
	}
	return ep
}

// verifies computes the signature as a receiver would: HMAC-SHA256 of the
// raw body with the secret, compared in constant time.
func verifies(secret string, body []byte, header string) bool {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write(body)
	return hmac.Equal([]byte(header), []byte("sha256="+hex.EncodeToString(m.Sum(nil))))
}

// hookEvent is the envelope a receiver reads.
type hookEvent struct {
	ID     string `json:"id"`
	Type   string `json:"type"`
	Report struct {
		ID       string `json:"id"`
		Status   string `json:"status"`
		Timeline []struct {
			Action string `json:"action"`
		} `json:"timeline"`
	} `json:"report"`
	Contact *struct {
		Name, Phone string
	} `json:"contact"`
}

func decodeEvent(t *testing.T, body []byte) hookEvent {
	t.Helper()
	var e hookEvent
	if err := json.Unmarshal(body, &e); err != nil {
		t.Fatalf("body is not an event: %v\n%s", err, body)
	}
	return e
}
