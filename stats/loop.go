package stats

import (
	"time"

	"gridline/report"
)

// loop is what one report's timeline says about its way round the loop. Zero
// times mean the step never happened.
type loop struct {
	submitted  time.Time
	accepted   time.Time // first Accept, or first Dispatch when that came first
	rejected   time.Time // first Reject
	dispatched time.Time // first Dispatch
	taken      time.Time // first Take
	resolved   time.Time // first Resolve
	closed     time.Time // first Rate or AutoClose

	lastDispatch   time.Time       // latest Dispatch: the one the report's DueAt belongs to
	lastResolve    time.Time       // first Resolve after lastDispatch
	toResolve      []time.Duration // per Resolve: since the latest Dispatch before it
	ratings        int             // Rate events
	unsatisfied    int             // Rate events that reopened the report
	lastClose      report.Action   // Rate or AutoClose, whichever came last
	patrol, night  bool            // found on patrol (巡查上报); at night (夜巡)
	rechecks       int             // Recheck events …
	rechecksOnTime int             // … made by the due they answered
	relapses       int             // … that reopened the report
	joins          int             // residents who joined it (我也遇到)
	status         report.Status   // after the last step
}

// readLoop walks the timeline in stored (append) order. A timeline written
// before events carried an Action has no Submit event; its first event is
// then taken as the submission, and a report without any event falls back
// to CreatedAt and Status.
func readLoop(r report.Report) loop {
	l := loop{submitted: r.CreatedAt, status: r.Status, patrol: r.Source == report.FromPatrol, joins: r.Joined}
	l.night = l.patrol && r.Night
	if len(r.Timeline) > 0 {
		l.submitted = r.Timeline[0].At
		l.status = r.Timeline[len(r.Timeline)-1].Status
	}
	submitSeen := false
	for _, e := range r.Timeline {
		switch e.Action {
		case report.Submit:
			if !submitSeen {
				l.submitted, submitSeen = e.At, true
			}
		case report.Accept:
			first(&l.accepted, e.At)
		case report.Reject:
			first(&l.rejected, e.At)
		case report.Dispatch:
			first(&l.accepted, e.At)
			first(&l.dispatched, e.At)
			l.lastDispatch, l.lastResolve = e.At, time.Time{}
		case report.Take:
			first(&l.taken, e.At)
		case report.Resolve:
			first(&l.resolved, e.At)
			if !l.lastDispatch.IsZero() {
				first(&l.lastResolve, e.At)
				l.toResolve = append(l.toResolve, e.At.Sub(l.lastDispatch))
			}
		case report.Rate:
			first(&l.closed, e.At)
			l.ratings++
			if e.Status == report.Reopened {
				l.unsatisfied++
			}
			l.lastClose = e.Action
		case report.AutoClose:
			first(&l.closed, e.At)
			l.lastClose = e.Action
		case report.Patrol: // a find on patrol is submitted and accepted at once
			if !submitSeen {
				l.submitted, submitSeen = e.At, true
			}
			first(&l.accepted, e.At)
		case report.Recheck:
			l.recheck(e)
		}
	}
	return l
}

// first sets *t to at unless it is already set.
func first(t *time.Time, at time.Time) {
	if t.IsZero() {
		*t = at
	}
}

// open reports whether someone is working on the report now: its state is
// on the clock of its latest dispatch (see report.Status.OnTheClock).
func (l loop) open() bool { return l.status.OnTheClock() }

// overdue reports whether the report is open and past due at now. due is the
// report's DueAt.
func (l loop) overdue(due, now time.Time) bool {
	return l.open() && !due.IsZero() && now.After(due)
}

// onTime judges the first resolution against due, the report's DueAt. known
// is false when the report was never resolved, had no due time, or was
// dispatched again after its first resolution (so due is a later deadline).
func (l loop) onTime(due time.Time) (ok, known bool) {
	if l.resolved.IsZero() || due.IsZero() || l.lastDispatch.After(l.resolved) {
		return false, false
	}
	return !l.resolved.After(due), true
}

// late reports whether the current round missed due: resolved after it, or
// still open past it at now. known is false without a due time or when
// nobody is working on the round (never dispatched, or reopened since).
func (l loop) late(due, now time.Time) (late, known bool) {
	switch {
	case due.IsZero() || l.lastDispatch.IsZero():
		return false, false
	case !l.lastResolve.IsZero():
		return l.lastResolve.After(due), true
	case l.open():
		return now.After(due), true
	}
	return false, false
}

// recheck counts one re-check (回头看) event.
func (l *loop) recheck(e report.Event) {
	l.rechecks++
	if !e.DueAt.IsZero() && !e.At.After(e.DueAt) {
		l.rechecksOnTime++
	}
	if e.Status == report.Reopened {
		l.relapses++
	}
}
