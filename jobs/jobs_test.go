package jobs_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"gridline/auth"
	"gridline/database/dbtest"
	"gridline/jobs"
	"gridline/photostore"
	"gridline/report"
	"gridline/store"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

const window = 7 * 24 * time.Hour

// now is the injected clock of every test here.
var now = time.Date(2026, 4, 10, 2, 0, 0, 0, time.UTC)

func newStore(t *testing.T) *store.Store {
	t.Helper()
	db, _ := dbtest.New(t)
	st := store.New(db, func() time.Time { return now }, store.Options{})
	if err := st.EnsureIndexes(context.Background()); err != nil {
		t.Fatal(err)
	}
	return st
}

var tokens atomic.Int64

// resolvedAt stores a report resolved at the given time (and optionally
// rated after), every step through report.Apply.
func resolvedAt(t *testing.T, st *store.Store, at time.Time, more ...report.Step) report.Report {
	t.Helper()
	ctx := context.Background()
	created := at.Add(-24 * time.Hour)
	r, err := st.CreateReport(ctx, report.Report{
		Community: "K7M2QX", Street: "北山口镇", Category: "市容环境", Description: "路灯不亮",
		Status: report.Submitted, Version: 1, CreatedAt: created, UpdatedAt: created,
		Timeline:    []report.Event{{At: created, Action: report.Submit, Status: report.Submitted}},
		SubmitToken: fmt.Sprintf("jobs-%d", tokens.Add(1)),
	})
	if err != nil {
		t.Fatal(err)
	}
	steps := append([]report.Step{
		{Action: report.Accept, Actor: "op", At: created.Add(time.Hour)},
		{Action: report.Dispatch, Actor: "op", At: created.Add(2 * time.Hour), Assignee: "wang", DueAt: at.Add(time.Hour)},
		{Action: report.Resolve, Actor: "wang", At: at, PublicNote: "已处理"},
	}, more...)
	for _, s := range steps {
		next, err := report.Apply(r, s)
		if err != nil {
			t.Fatal(err)
		}
		if err := st.UpdateReport(ctx, r.Version, next); err != nil {
			t.Fatal(err)
		}
		r = next
	}
	return r
}

func reread(t *testing.T, st *store.Store, r report.Report) report.Report {
	t.Helper()
	got, err := st.Report(context.Background(), r.Tracking())
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// autoCloses counts the auto-close events on a report's timeline.
func autoCloses(r report.Report) int {
	n := 0
	for _, e := range r.Timeline {
		if e.Action == report.AutoClose {
			n++
		}
	}
	return n
}

func TestAutoClose(t *testing.T) {
	st := newStore(t)
	old := resolvedAt(t, st, now.Add(-window-time.Minute))
	young := resolvedAt(t, st, now.Add(-window+time.Minute))
	rated := resolvedAt(t, st, now.Add(-2*window), report.Step{Action: report.Rate, At: now.Add(-window), Rating: report.Satisfied})
	reopened := resolvedAt(t, st, now.Add(-2*window), report.Step{Action: report.Rate, At: now.Add(-window), Rating: report.Unsatisfied})

	n, err := jobs.AutoClose(context.Background(), st, window)
	if err != nil {
		t.Fatal(err)
	}
	if n != 1 {
		t.Errorf("closed %d reports, want 1", n)
	}
	tests := []struct {
		name    string
		r       report.Report
		status  report.Status
		changed bool
	}{
		{"resolved before the window", old, report.Closed, true},
		{"resolved within the window", young, report.Resolved, false},
		{"rated already", rated, report.Closed, false},
		{"reopened by the resident", reopened, report.Reopened, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := reread(t, st, tt.r)
			if got.Status != tt.status {
				t.Errorf("status %s, want %s", got.Status, tt.status)
			}
			if !tt.changed {
				if got.Version != tt.r.Version || len(got.Timeline) != len(tt.r.Timeline) {
					t.Errorf("changed: v%d with %d events, was v%d with %d", got.Version, len(got.Timeline), tt.r.Version, len(tt.r.Timeline))
				}
				return
			}
			last := got.Timeline[len(got.Timeline)-1]
			if last.Action != report.AutoClose || last.Actor != "system" || !last.At.Equal(now) || !got.ClosedAt.Equal(now) {
				t.Errorf("last event %+v, closed at %v; want autoclose by system at %v", last, got.ClosedAt, now)
			}
			if got.Version != tt.r.Version+1 || autoCloses(got) != 1 {
				t.Errorf("v%d with %d autoclose events", got.Version, autoCloses(got))
			}
		})
	}

	if n, err := jobs.AutoClose(context.Background(), st, window); err != nil || n != 0 {
		t.Errorf("second run closed %d (%v), want 0", n, err)
	}
}

// TestAutoCloseOnSeveralInstances runs the job on several "instances" at
// once: every old report is closed exactly once.
func TestAutoCloseOnSeveralInstances(t *testing.T) {
	st := newStore(t)
	var old []report.Report
	for i := range 12 {
		old = append(old, resolvedAt(t, st, now.Add(-window-time.Duration(i+1)*time.Hour)))
	}
	const instances = 4
	var (
		start, done sync.WaitGroup
		total       atomic.Int32
	)
	start.Add(1)
	errs := make(chan error, instances)
	for range instances {
		done.Add(1)
		go func() {
			defer done.Done()
			start.Wait()
			n, err := jobs.AutoClose(context.Background(), st, window)
			if err != nil {
				errs <- err
			}
			total.Add(int32(n))
		}()
	}
	start.Done()
	done.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if int(total.Load()) != len(old) {
		t.Errorf("the instances closed %d reports between them, want %d", total.Load(), len(old))
	}
	for _, r := range old {
		got := reread(t, st, r)
		if got.Status != report.Closed || autoCloses(got) != 1 || got.Version != r.Version+1 {
			t.Errorf("%s: %s with %d autoclose events, v%d", r.ID, got.Status, autoCloses(got), got.Version)
		}
	}
}

// ratingMeanwhile is a store on which the resident rates the first report
// between the job's read and its write.
type ratingMeanwhile struct{ *store.Store }

func (s ratingMeanwhile) ResolvedBefore(ctx context.Context, t time.Time, limit int) ([]report.Report, error) {
	rs, err := s.Store.ResolvedBefore(ctx, t, limit)
	if err != nil || len(rs) == 0 {
		return rs, err
	}
	rated, err := report.Apply(rs[0], report.Step{Action: report.Rate, At: now, Rating: report.Satisfied})
	if err != nil {
		return nil, err
	}
	return rs, s.Store.UpdateReport(ctx, rs[0].Version, rated)
}

func TestAutoCloseLosesToTheResident(t *testing.T) {
	st := newStore(t)
	first := resolvedAt(t, st, now.Add(-window-2*time.Hour))
	second := resolvedAt(t, st, now.Add(-window-time.Hour))

	n, err := jobs.AutoClose(context.Background(), ratingMeanwhile{st}, window)
	if err != nil {
		t.Fatal(err)
	}
	if n != 1 {
		t.Errorf("closed %d, want 1 (the other was rated meanwhile)", n)
	}
	if got := reread(t, st, first); got.Rating != report.Satisfied || autoCloses(got) != 0 {
		t.Errorf("the rated report: rating %q, %d autoclose events", got.Rating, autoCloses(got))
	}
	if got := reread(t, st, second); autoCloses(got) != 1 {
		t.Errorf("the other report has %d autoclose events", autoCloses(got))
	}
}

// failingUpdate is a store whose writes fail.
type failingUpdate struct{ *store.Store }

var errDown = errors.New("database down")

func (failingUpdate) UpdateReport(context.Context, int, report.Report) error { return errDown }

func TestAutoCloseReportsStoreErrors(t *testing.T) {
	st := newStore(t)
	resolvedAt(t, st, now.Add(-2*window))
	if n, err := jobs.AutoClose(context.Background(), failingUpdate{st}, window); !errors.Is(err, errDown) || n != 0 {
		t.Errorf("AutoClose = %d, %v; want 0 and the store's error", n, err)
	}
}

// TestRun checks that the loop closes reports and deletes expired sessions
// straight away, then stops with its context.
func TestRun(t *testing.T) {
	ctx := context.Background()
	db, _ := dbtest.New(t)
	st := store.New(db, func() time.Time { return now }, store.Options{})
	earlier := store.New(db, func() time.Time { return now.Add(-time.Hour) }, store.Options{}) // sees the expired session while it is stored
	r := resolvedAt(t, st, now.Add(-2*window))
	if err := st.CreateSession(ctx, auth.Session{ID: "gone", Username: "op", ExpiresAt: now.Add(-time.Second)}); err != nil {
		t.Fatal(err)
	}
	runCtx, cancel := context.WithCancel(ctx)
	stopped := make(chan struct{})
	go func() {
		jobs.Run(runCtx, st, photostore.NewGridFS(db), window, time.Hour, slog.New(slog.NewTextHandler(io.Discard, nil)))
		close(stopped)
	}()
	deadline := time.Now().Add(10 * time.Second)
	for {
		_, err := earlier.Session(ctx, "gone")
		if reread(t, st, r).Status == report.Closed && errors.Is(err, store.ErrNotFound) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("Run did not close the report and delete the expired session")
		}
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	select {
	case <-stopped:
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not stop with its context")
	}
}
