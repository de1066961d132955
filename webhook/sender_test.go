package webhook_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"gridline/config"
	"gridline/database/dbtest"
	"gridline/report"
	"gridline/store"
	"gridline/webhook"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

// countingStore is the real store, counting the sender's whole reads of
// the outbox.
type countingStore struct {
	*store.Store
	reads atomic.Int64
}

func (c *countingStore) Outbox(ctx context.Context) ([]webhook.Delivery, error) {
	c.reads.Add(1)
	return c.Store.Outbox(ctx)
}

// TestSenderReadsTheOutboxRarely: with an endpoint refusing everything,
// dozens of retries go out while the sender reads the outbox whole once
// (at start; the poll is an hour away): it learns of the deliveries added
// since, and of its own outcomes, without reading them back. Reports made
// after it started are tried too.
func TestSenderReadsTheOutboxRarely(t *testing.T) {
	db, embedded := dbtest.New(t)
	st := &countingStore{Store: store.New(db, time.Now, store.Options{SingleWriter: embedded})}
	ctx := context.Background()
	if err := st.EnsureIndexes(ctx); err != nil {
		t.Fatal(err)
	}
	var attempts atomic.Int64
	var mu sync.Mutex
	seen := map[string]bool{}
	var seenAll atomic.Bool
	rc := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		attempts.Add(1)
		mu.Lock()
		seen[r.Header.Get("X-Gridline-Delivery")] = true
		seenAll.Store(len(seen) == 5)
		mu.Unlock()
		w.WriteHeader(http.StatusServiceUnavailable)
	}))
	t.Cleanup(rc.Close)
	ep, err := webhook.NewEndpoint(rc.URL, "count-the-reads-please", false, true, time.Now())
	if err != nil || st.AddWebhook(ctx, ep) != nil {
		t.Fatal(err)
	}
	cfg := config.Webhook{Timeout: 5 * time.Second, Backoff: 10 * time.Millisecond, RetryFor: time.Hour, Poll: time.Hour, InFlight: 1, Loopback: true}
	s := webhook.NewSender(st, cfg, rand.Float64, slog.New(slog.NewTextHandler(io.Discard, nil)))
	runCtx, stop := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { defer close(done); s.Run(runCtx) }()
	t.Cleanup(func() { stop(); <-done })

	for i := range 5 {
		createReport(t, st.Store, i)
	}
	for deadline := time.Now().Add(time.Minute); !seenAll.Load() || attempts.Load() < 40; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("%d attempts in a minute, all 5 events seen: %v", attempts.Load(), seenAll.Load())
		}
	}
	if n := st.reads.Load(); n != 1 {
		t.Errorf("the outbox was read whole %d times for %d attempts, want once", n, attempts.Load())
	}
}

func createReport(t *testing.T, st *store.Store, i int) {
	t.Helper()
	at := st.Now()
	_, err := st.CreateReport(context.Background(), report.Report{
		Community: "AAAAAA", Street: "北山口镇", Category: "市容环境", Description: "路灯不亮",
		SubmitToken: fmt.Sprintf("sender-test-%d", i), Status: report.Submitted, CreatedAt: at, UpdatedAt: at,
		Timeline: []report.Event{{At: at, Action: report.Submit, Status: report.Submitted}},
	})
	if err != nil {
		t.Fatal(err)
	}
}
