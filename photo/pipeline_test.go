package photo

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"
)

func TestNewPipelineSlots(t *testing.T) {
	tests := []struct {
		max, want int
	}{
		{1, 1},
		{3, 3},
		{0, runtime.GOMAXPROCS(0)},
		{-2, runtime.GOMAXPROCS(0)},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprint(tc.max), func(t *testing.T) {
			if got := cap(NewPipeline(tc.max).slots); got != tc.want {
				t.Errorf("NewPipeline(%d) has %d slots, want %d", tc.max, got, tc.want)
			}
		})
	}
}

// TestProcessLimitsConcurrency starts three times as many uploads as slots,
// each holding its slot until released. Once every goroutine is blocked
// (synctest.Wait, no sleeping), exactly `limit` must be holding a slot and the
// rest waiting for one.
func TestProcessLimitsConcurrency(t *testing.T) {
	in := makeJPEG(t, quadrants(64, 48))
	for _, limit := range []int{1, 2, 3} {
		t.Run(fmt.Sprint(limit), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				p := NewPipeline(limit)
				var active, peak atomic.Int32
				release := make(chan struct{})
				p.onSlot = func() {
					n := active.Add(1)
					defer active.Add(-1)
					for old := peak.Load(); n > old && !peak.CompareAndSwap(old, n); old = peak.Load() {
					}
					<-release
				}
				var wg sync.WaitGroup
				errs := make(chan error, 3*limit)
				for range 3 * limit {
					wg.Go(func() {
						_, err := p.Process(t.Context(), bytes.NewReader(in))
						errs <- err
					})
				}
				synctest.Wait()
				if got := active.Load(); got != int32(limit) {
					t.Errorf("uploads holding a slot = %d, want %d", got, limit)
				}
				close(release)
				wg.Wait()
				close(errs)
				for err := range errs {
					if err != nil {
						t.Fatalf("Process() error = %v", err)
					}
				}
				if got := peak.Load(); got != int32(limit) {
					t.Errorf("peak concurrent decodes = %d, want %d", got, limit)
				}
			})
		})
	}
}

// TestProcessContextWhileWaiting holds the only slot, so Process must wait,
// and checks it gives up with the context's error without taking the slot.
// The bubble's fake clock makes the deadline fire only once Process is
// blocked waiting.
func TestProcessContextWhileWaiting(t *testing.T) {
	in := makeJPEG(t, quadrants(64, 48))
	tests := []struct {
		name string
		ctx  func(context.Context) (context.Context, context.CancelFunc)
		want error
	}{
		{"already cancelled", func(parent context.Context) (context.Context, context.CancelFunc) {
			ctx, cancel := context.WithCancel(parent)
			cancel()
			return ctx, cancel
		}, context.Canceled},
		{"deadline while waiting", func(parent context.Context) (context.Context, context.CancelFunc) {
			return context.WithTimeout(parent, time.Second)
		}, context.DeadlineExceeded},
		{"cancelled while waiting", func(parent context.Context) (context.Context, context.CancelFunc) {
			ctx, cancel := context.WithCancel(parent)
			time.AfterFunc(time.Second, cancel)
			return ctx, cancel
		}, context.Canceled},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				p := NewPipeline(1)
				p.slots <- struct{}{} // another upload holds the only slot
				ctx, cancel := tc.ctx(t.Context())
				defer cancel()
				if _, err := p.Process(ctx, bytes.NewReader(in)); !errors.Is(err, tc.want) {
					t.Fatalf("Process() error = %v, want %v", err, tc.want)
				}
				if len(p.slots) != 1 {
					t.Fatalf("slots in use = %d after giving up, want 1", len(p.slots))
				}
				<-p.slots // the other upload finishes; the pipeline works again
				if _, err := p.Process(t.Context(), bytes.NewReader(in)); err != nil {
					t.Fatalf("Process() after release: %v", err)
				}
			})
		})
	}
}
