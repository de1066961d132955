package store

import (
	"sync"

	"gridline/webhook"
)

// outboxFeed hands the deliveries this process adds to its webhook sender,
// so that the sender need not read the outbox whole to find them (a whole
// read costs the embedded engine about a quarter of a millisecond a
// document). The outbox stays the truth: a delivery missing here is found
// by the sender's next whole read, so when no sender takes them (a command
// line process) the feed drops what it holds past maxFeed and says so.
type outboxFeed struct {
	signal  chan struct{}
	mu      sync.Mutex
	added   []webhook.Delivery
	dropped bool
}

// maxFeed bounds the deliveries the feed holds for a sender.
const maxFeed = 2000

func newOutboxFeed() *outboxFeed { return &outboxFeed{signal: make(chan struct{}, 1)} }

// push records deliveries written to the outbox and wakes the sender
// without waiting for it.
func (f *outboxFeed) push(ds []webhook.Delivery) {
	if len(ds) == 0 {
		return
	}
	f.mu.Lock()
	if len(f.added)+len(ds) > maxFeed {
		f.added, f.dropped = nil, true
	} else {
		f.added = append(f.added, ds...)
	}
	f.mu.Unlock()
	select {
	case f.signal <- struct{}{}:
	default:
	}
}

// OutboxSignal is sent on when deliveries were added in this process.
func (s *Store) OutboxSignal() <-chan struct{} { return s.feed.signal }

// OutboxAdded hands over the deliveries added in this process since the
// last call, and false when some were dropped: then read the outbox whole.
func (s *Store) OutboxAdded() ([]webhook.Delivery, bool) {
	f := s.feed
	f.mu.Lock()
	defer f.mu.Unlock()
	out, complete := f.added, !f.dropped
	f.added, f.dropped = nil, false
	return out, complete
}
