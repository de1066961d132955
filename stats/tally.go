package stats

import "time"

// tally accumulates one row. Durations are kept as samples so that streets
// and the total take percentiles of the pooled samples, not of percentiles.
type tally struct {
	Row                    // identity and plain counts
	unresolvedRejected int // rejected and never resolved: out of the 办结率 denominator
	onTime, dueKnown   int
	toAccept           []time.Duration
	toResolve          []time.Duration
	ratings, satisfied int
	rechecksOnTime     int
	relapses           int
}

// add counts one report of the period; due is its DueAt.
func (t *tally) add(l loop, due, now time.Time) {
	t.Received++
	if !l.accepted.IsZero() {
		t.Accepted++
		t.toAccept = append(t.toAccept, l.accepted.Sub(l.submitted))
	}
	if !l.rejected.IsZero() {
		t.Rejected++
		if l.resolved.IsZero() {
			t.unresolvedRejected++
		}
	}
	if !l.resolved.IsZero() {
		t.Resolved++
	}
	if ok, known := l.onTime(due); known {
		t.dueKnown++
		if ok {
			t.onTime++
		}
	}
	t.toResolve = append(t.toResolve, l.toResolve...)
	// Events record the state a rating led to, not the verdict: every rating
	// that did not reopen the report was 满意 or 基本满意.
	t.ratings += l.ratings
	t.satisfied += l.ratings - l.unsatisfied
	t.Reopens += l.unsatisfied
	if l.overdue(due, now) {
		t.Overdue++
	}
	t.addFinds(l)
}

// addFinds counts a report's patrol find and re-checks.
func (t *tally) addFinds(l loop) {
	if l.patrol {
		t.Patrol++
	}
	if l.night {
		t.NightPatrol++
	}
	t.Rechecks += l.rechecks
	t.rechecksOnTime += l.rechecksOnTime
	t.relapses += l.relapses
	t.Joins += l.joins
}

// merge adds o's counts and samples to t, keeping t's identity.
func (t *tally) merge(o *tally) {
	t.Received += o.Received
	t.Accepted += o.Accepted
	t.Rejected += o.Rejected
	t.Resolved += o.Resolved
	t.Reopens += o.Reopens
	t.Overdue += o.Overdue
	t.Scans += o.Scans
	t.unresolvedRejected += o.unresolvedRejected
	t.onTime += o.onTime
	t.dueKnown += o.dueKnown
	t.toAccept = append(t.toAccept, o.toAccept...)
	t.toResolve = append(t.toResolve, o.toResolve...)
	t.ratings += o.ratings
	t.satisfied += o.satisfied
	t.Patrol += o.Patrol
	t.NightPatrol += o.NightPatrol
	t.Rechecks += o.Rechecks
	t.rechecksOnTime += o.rechecksOnTime
	t.relapses += o.relapses
	t.Joins += o.Joins
}

// row finishes the rates and percentiles.
func (t *tally) row() Row {
	r := t.Row
	r.ResolutionRate = Rate{N: t.Resolved, D: t.Received - t.unresolvedRejected}
	r.OnTimeRate = Rate{N: t.onTime, D: t.dueKnown}
	r.ToAccept = summarise(t.toAccept)
	r.ToResolve = summarise(t.toResolve)
	r.SatisfactionRate = Rate{N: t.satisfied, D: t.ratings}
	r.RecheckOnTimeRate = Rate{N: t.rechecksOnTime, D: t.Rechecks}
	r.RelapseRate = Rate{N: t.relapses, D: t.Rechecks}
	return r
}
