package server

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"time"

	"github.com/gin-gonic/gin"

	"gridline/server/form"
)

var (
	// errOverloaded means every upload slot stayed busy: the request is
	// refused with 503 before its photos are read, instead of queueing them
	// in memory.
	errOverloaded = errors.New("server: too many uploads at once")
	// errAddressBusy means the sender's address already has its share of
	// submissions in progress: one client cannot take every upload slot.
	errAddressBusy = errors.New("server: too many uploads from one address")
	// errTooOften means the address is over its submission rate.
	errTooOften = errors.New("server: too many submissions from one address")
)

const (
	uploadKey  = "upload_slot"
	addressKey = "address_slot"
	uploadWait = 3 * time.Second // how long a submission may wait for a slot
)

// refused is the answer to a submission that was not read whole or not let
// in: the form again, its text kept, with a notice.
type refused struct {
	status      int
	notice      string
	retryAfter  string
	photosAgain bool // the photos were not read: the plain form must choose them again
}

// refusal names the answer to err; its status is 0 for any other error.
func refusal(err error) refused {
	switch {
	case errors.As(err, new(*http.MaxBytesError)), errors.Is(err, form.ErrTooMuch):
		// 413 rather than 422: no field can be fixed; the body carries more
		// than the page ever sends.
		return refused{status: http.StatusRequestEntityTooLarge, notice: "form.too_large"}
	case errors.Is(err, errStalled):
		return refused{status: http.StatusRequestTimeout, notice: "limits.form_too_slow", photosAgain: true}
	case errors.Is(err, errOverloaded):
		return refused{status: http.StatusServiceUnavailable, notice: "form.busy", retryAfter: "10", photosAgain: true}
	case errors.Is(err, errAddressBusy):
		return refused{status: http.StatusTooManyRequests, notice: "limits.address_busy", retryAfter: "10", photosAgain: true}
	case errors.Is(err, errTooOften): // limited has set Retry-After
		return refused{status: http.StatusTooManyRequests, notice: "form.too_many"}
	}
	return refused{}
}

// admitSubmission checks the address's rate and takes one of its slots
// before any of the body is read, so a sender over its share never reaches
// an upload slot. A refused submission still has its text read (within the
// form's text budget) to show it again; the error stops it at the photos.
func (s *Server) admitSubmission(c *gin.Context) error {
	if s.limited(c, s.submits) {
		return errTooOften
	}
	release, err := s.addresses.take(c.Request.Context(), clientKey(c), uploadWait)
	if errors.Is(err, errAddressBusy) {
		s.Metrics.RateLimited.WithLabelValues("uploads_per_address").Inc()
	}
	if err != nil {
		return err
	}
	c.Set(addressKey, release)
	return nil
}

// reportLimits bounds a report's reading; a submission that was not
// admitted stops before its first photo.
func (s *Server) reportLimits(c *gin.Context, admitErr error) form.Limits {
	return form.Limits{MaxPhotos: maxPhotos, MaxPhotoBytes: maxPhotoBytes, BeforeFiles: func() error {
		if admitErr != nil {
			return admitErr
		}
		err := s.takeUpload(c)
		restartBodyWatch(c)
		return err
	}}
}

// takeUpload reserves an upload slot for this request, waiting briefly.
func (s *Server) takeUpload(c *gin.Context) error {
	t := time.NewTimer(uploadWait)
	defer t.Stop()
	select {
	case s.uploads <- struct{}{}:
		c.Set(uploadKey, true)
		return nil
	case <-t.C:
		s.Metrics.Overloaded.Inc()
		return errOverloaded
	case <-c.Request.Context().Done():
		return c.Request.Context().Err()
	}
}

// releaseUpload frees the slots this request took.
func (s *Server) releaseUpload(c *gin.Context) {
	if c.GetBool(uploadKey) {
		<-s.uploads
	}
	if release, ok := c.Get(addressKey); ok {
		release.(func())()
	}
}

// addressSlots bounds the submissions each address has in progress at once.
// An address is held only while it has a submission in progress (or
// waiting), so memory follows the open connections, not the history.
type addressSlots struct {
	per  int
	mu   sync.Mutex
	held map[string]*addressSlot
}

type addressSlot struct {
	busy  chan struct{} // one token per submission in progress
	users int           // submissions in progress or waiting
}

// newAddressSlots allows per submissions at once per address; 0 turns the
// bound off.
func newAddressSlots(per int) *addressSlots {
	return &addressSlots{per: per, held: map[string]*addressSlot{}}
}

// take waits up to wait for one of key's slots and returns its release.
func (a *addressSlots) take(ctx context.Context, key string, wait time.Duration) (func(), error) {
	if a.per <= 0 {
		return func() {}, nil
	}
	a.mu.Lock()
	slot := a.held[key]
	if slot == nil {
		slot = &addressSlot{busy: make(chan struct{}, a.per)}
		a.held[key] = slot
	}
	slot.users++
	a.mu.Unlock()
	leave := func() {
		a.mu.Lock()
		if slot.users--; slot.users == 0 {
			delete(a.held, key)
		}
		a.mu.Unlock()
	}
	t := time.NewTimer(wait)
	defer t.Stop()
	select {
	case slot.busy <- struct{}{}:
		return sync.OnceFunc(func() { <-slot.busy; leave() }), nil
	case <-t.C:
		leave()
		return nil, errAddressBusy
	case <-ctx.Done():
		leave()
		return nil, ctx.Err()
	}
}
