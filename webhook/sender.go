package webhook

import (
	"context"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"gridline/config"
)

// Outbox is what the sender needs of the store (store/outbox.go).
type Outbox interface {
	Now() time.Time
	// OutboxSignal is sent on, without blocking, when deliveries were added.
	OutboxSignal() <-chan struct{}
	// Outbox is every delivery waiting: never the ones taken or failed.
	Outbox(ctx context.Context) ([]Delivery, error)
	Webhooks(ctx context.Context) ([]Endpoint, error)
	// ClaimDelivery counts an attempt of d and puts its next one off to
	// until, unless another instance claimed it since d was read.
	ClaimDelivery(ctx context.Context, d Delivery, until time.Time) (bool, error)
	DeliveryDone(ctx context.Context, id string) error
	DeliveryRetry(ctx context.Context, id string, due time.Time, lastErr string) error
	DeliveryFailed(ctx context.Context, d Delivery, lastErr string) error
	DropDelivery(ctx context.Context, id string) error
}

// minGap is the least time between two reads of the outbox, so a burst of
// finished deliveries costs one read, not one each.
const minGap = 50 * time.Millisecond

// Sender posts the outbox's deliveries in the background: at most
// cfg.InFlight at once, one at a time per stream (report and endpoint),
// each attempt cut off after cfg.Timeout.
type Sender struct {
	out    Outbox
	cfg    config.Webhook
	client *http.Client
	log    *slog.Logger
	jitter func() float64 // in [0, 1): math/rand's outside tests
	slots  chan struct{}  // a token per delivery under way
	ended  chan struct{}  // signalled, without blocking, when one ends
	mu     sync.Mutex     // guards busy
	busy   map[string]bool
}

// NewSender returns a sender of out's deliveries; jitter spreads retries
// (math/rand/v2's Float64).
func NewSender(out Outbox, cfg config.Webhook, jitter func() float64, log *slog.Logger) *Sender {
	return &Sender{
		out: out, cfg: cfg, client: newClient(cfg), log: log, jitter: jitter,
		slots: make(chan struct{}, cfg.InFlight),
		ended: make(chan struct{}, 1),
		busy:  map[string]bool{},
	}
}

// Run delivers until ctx ends, then waits for the attempts under way: they
// are cut off, and retried after their lease at the next start.
func (s *Sender) Run(ctx context.Context) {
	var wg sync.WaitGroup
	defer wg.Wait()
	for {
		read := time.Now()
		next := s.round(ctx, &wg)
		if !s.wait(ctx, next) {
			return
		}
		if !pause(ctx, minGap-time.Since(read)) {
			return
		}
	}
}

// wait returns when deliveries were added, one ended, next came or ctx
// ended (false).
func (s *Sender) wait(ctx context.Context, next time.Time) bool {
	timer := time.NewTimer(max(next.Sub(s.out.Now()), 0))
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-s.out.OutboxSignal():
	case <-s.ended:
	case <-timer.C:
	}
	return true
}

// pause waits d unless ctx ends first (false).
func pause(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return ctx.Err() == nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}

// round reads the outbox once and starts every head that is due, while
// slots are free; it returns when it should look again at the latest.
func (s *Sender) round(ctx context.Context, wg *sync.WaitGroup) time.Time {
	now := s.out.Now()
	next := now.Add(s.cfg.Poll)
	eps, ds, err := s.read(ctx)
	if err != nil {
		if ctx.Err() == nil {
			s.log.Error("webhook outbox", "err", err)
		}
		return now.Add(min(s.cfg.Poll, 5*time.Second))
	}
	for _, d := range Heads(ds) {
		ep, known := eps[d.Endpoint]
		switch {
		case s.isBusy(d.Stream()):
			continue
		case !known: // removed since the event was recorded
			if err := s.out.DropDelivery(ctx, d.ID); err != nil {
				s.log.Error("webhook drop delivery", "delivery", d.ID, "err", err)
			}
			continue
		case d.Due.After(now):
			if d.Due.Before(next) {
				next = d.Due
			}
			continue
		case len(s.slots) == cap(s.slots):
			return next // the first to end wakes the loop
		}
		if !s.start(ctx, wg, d, ep, now) {
			return next
		}
	}
	return next
}

// start claims d and posts it in its own goroutine; false when the store
// could not be asked.
func (s *Sender) start(ctx context.Context, wg *sync.WaitGroup, d Delivery, ep Endpoint, now time.Time) bool {
	claimed, err := s.out.ClaimDelivery(ctx, d, now.Add(s.lease()))
	if err != nil {
		if ctx.Err() == nil {
			s.log.Error("webhook claim", "delivery", d.ID, "err", err)
		}
		return false
	}
	if !claimed {
		return true // another instance has it
	}
	d.Attempts++
	s.slots <- struct{}{}
	s.setBusy(d.Stream(), true)
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer s.end(d.Stream())
		s.deliver(ctx, d, ep)
	}()
	return true
}

// lease is how long a claimed attempt keeps others off: longer than the
// attempt may take, so only a crash (or a lost instance) lets it lapse.
func (s *Sender) lease() time.Duration { return 2*s.cfg.Timeout + time.Second }

// read is the endpoints by ID and the deliveries waiting.
func (s *Sender) read(ctx context.Context) (map[string]Endpoint, []Delivery, error) {
	list, err := s.out.Webhooks(ctx)
	if err != nil {
		return nil, nil, err
	}
	eps := map[string]Endpoint{}
	for _, ep := range list {
		eps[ep.ID] = ep
	}
	ds, err := s.out.Outbox(ctx)
	return eps, ds, err
}

// end frees a delivery's slot and stream, and wakes the loop.
func (s *Sender) end(stream string) {
	s.setBusy(stream, false)
	<-s.slots
	select {
	case s.ended <- struct{}{}:
	default:
	}
}

func (s *Sender) isBusy(stream string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.busy[stream]
}

func (s *Sender) setBusy(stream string, busy bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if busy {
		s.busy[stream] = true
	} else {
		delete(s.busy, stream)
	}
}
