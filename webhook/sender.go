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
	// OutboxAdded hands over the deliveries this process added since the
	// last call; false when it dropped some (too many waited), so the
	// outbox must be read whole.
	OutboxAdded() ([]Delivery, bool)
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

// minGap is the least time between two rounds, so a burst of finished
// deliveries costs one round, not one each.
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
	view   *view
	// Only Run's goroutine touches these: when the outbox was last read
	// whole, and how long to go without: cfg.Poll, or ten times what the
	// last read took, so reading never takes more than a tenth of the time.
	lastRead  time.Time
	readEvery time.Duration
}

// NewSender returns a sender of out's deliveries; jitter spreads retries
// (math/rand/v2's Float64).
func NewSender(out Outbox, cfg config.Webhook, jitter func() float64, log *slog.Logger) *Sender {
	return &Sender{
		out: out, cfg: cfg, client: newClient(cfg), log: log, jitter: jitter,
		slots: make(chan struct{}, cfg.InFlight),
		ended: make(chan struct{}, 1),
		view:  newView(),
	}
}

// Run delivers until ctx ends, then waits for the attempts under way: they
// are cut off, and retried after their lease at the next start.
func (s *Sender) Run(ctx context.Context) {
	var wg sync.WaitGroup
	defer wg.Wait()
	for {
		began := time.Now()
		next := s.round(ctx, &wg)
		if !s.wait(ctx, next) || !pause(ctx, minGap-time.Since(began)) {
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

// round brings the view up to date and starts every head that is due,
// while slots are free; it returns when it should look again at the latest.
func (s *Sender) round(ctx context.Context, wg *sync.WaitGroup) time.Time {
	now := s.out.Now()
	eps, err := s.refresh(ctx, now)
	if err != nil {
		if ctx.Err() == nil {
			s.log.Error("webhook outbox", "err", err)
		}
		return now.Add(min(s.cfg.Poll, 5*time.Second))
	}
	next := s.lastRead.Add(s.readEvery)
	for _, d := range s.view.heads() {
		ep, known := eps[d.Endpoint]
		switch {
		case s.view.isBusy(d.Stream()):
			continue
		case !known: // removed since the event was recorded
			s.drop(ctx, d)
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

// refresh reads the outbox whole when it is time to, and otherwise takes
// in what was added since; it returns the endpoints by ID.
func (s *Sender) refresh(ctx context.Context, now time.Time) (map[string]Endpoint, error) {
	list, err := s.out.Webhooks(ctx)
	if err != nil {
		return nil, err
	}
	eps := make(map[string]Endpoint, len(list))
	for _, ep := range list {
		eps[ep.ID] = ep
	}
	added, complete := s.out.OutboxAdded() // before the read: it holds them all
	if complete && !s.lastRead.IsZero() && now.Before(s.lastRead.Add(s.readEvery)) {
		s.view.add(added)
		return eps, nil
	}
	began := time.Now()
	ds, err := s.out.Outbox(ctx)
	if err != nil {
		return nil, err
	}
	s.view.replace(ds)
	s.lastRead, s.readEvery = now, max(s.cfg.Poll, 10*time.Since(began))
	return eps, nil
}

// drop removes a delivery whose endpoint is gone.
func (s *Sender) drop(ctx context.Context, d Delivery) {
	if err := s.out.DropDelivery(ctx, d.ID); err != nil {
		s.log.Error("webhook drop delivery", "delivery", d.ID, "err", err)
		return
	}
	s.view.remove(d.ID)
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
	if !claimed { // gone, or another instance has it: the next read tells
		s.view.remove(d.ID)
		return true
	}
	d.Attempts, d.Due = d.Attempts+1, now.Add(s.lease())
	s.view.set(d)
	s.slots <- struct{}{}
	s.view.setBusy(d.Stream(), true)
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

// end frees a delivery's slot and stream, and wakes the loop.
func (s *Sender) end(stream string) {
	s.view.setBusy(stream, false)
	<-s.slots
	select {
	case s.ended <- struct{}{}:
	default:
	}
}
