package webhook

import (
	"maps"
	"slices"
	"sync"
)

// view is the outbox as the sender knows it. Reading the outbox whole
// costs the embedded engine about a quarter of a millisecond a document
// (a second and more when a dead endpoint has let a day's events pile
// up), so the sender reads it only at start and every so often (for what
// other instances did), and keeps this copy up to date in between with
// the deliveries its store reports added and with its own outcomes. The
// store stays the truth: a claim that fails drops the entry here, and the
// next whole read replaces the copy.
type view struct {
	mu   sync.Mutex
	ds   map[string]Delivery
	busy map[string]bool // streams with an attempt under way
}

func newView() *view { return &view{ds: map[string]Delivery{}, busy: map[string]bool{}} }

// replace makes the copy what a whole read found.
func (v *view) replace(ds []Delivery) {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.ds = make(map[string]Delivery, len(ds))
	for _, d := range ds {
		v.ds[d.ID] = d
	}
}

// add takes in deliveries recorded since, keeping the ones it knows: a
// delivery derived again after a crash is the same one, attempts and all.
func (v *view) add(ds []Delivery) {
	v.mu.Lock()
	defer v.mu.Unlock()
	for _, d := range ds {
		if _, known := v.ds[d.ID]; !known {
			v.ds[d.ID] = d
		}
	}
}

// set records what became of a delivery still waiting.
func (v *view) set(d Delivery) {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.ds[d.ID] = d
}

// remove forgets a delivery taken, failed, dropped or claimed elsewhere.
func (v *view) remove(id string) {
	v.mu.Lock()
	defer v.mu.Unlock()
	delete(v.ds, id)
}

// heads are the deliveries that may go next (see Heads).
func (v *view) heads() []Delivery {
	v.mu.Lock()
	defer v.mu.Unlock()
	return Heads(slices.Collect(maps.Values(v.ds)))
}

func (v *view) isBusy(stream string) bool {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.busy[stream]
}

func (v *view) setBusy(stream string, busy bool) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if busy {
		v.busy[stream] = true
	} else {
		delete(v.busy, stream)
	}
}
