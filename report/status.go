package report

// Status is where a report stands in the closed loop (see the table in
// docs/ARCHITECTURE.md).
type Status string

// The states of the closed loop.
const (
	Submitted  Status = "submitted"
	Accepted   Status = "accepted"
	Rejected   Status = "rejected"
	Dispatched Status = "dispatched"
	InProgress Status = "in_progress"
	Resolved   Status = "resolved"
	Closed     Status = "closed"
	Reopened   Status = "reopened"
)

// Statuses lists every state in loop order, for filters and counts.
func Statuses() []Status {
	return []Status{Submitted, Accepted, Rejected, Dispatched, InProgress, Resolved, Closed, Reopened}
}

// MessageID is the catalog key of the state's label (已上报, 已受理 …).
func (s Status) MessageID() string { return "status." + string(s) }

// Final reports whether nothing more can happen to a report in this state:
// no row of the loop leads on from it (a note or publishing the result keeps
// the state). Rejected and closed reports leave the work queue.
func (s Status) Final() bool { return !moves(s, false) }

// Open reports whether a report in this state is still work in hand: not
// final. Resolved reports awaiting a rating are open, for the auto-close job.
func (s Status) Open() bool { return !s.Final() }

// AwaitsStaff reports whether staff owe a report in this state its next step
// (a row they take by their role leads on from it): the inbox's "open" filter.
// A resolved report awaits the resident or the auto-close job instead.
func (s Status) AwaitsStaff() bool { return moves(s, true) }

// OnTheClock reports whether a report in this state is held to its due time:
// the deadline a dispatch sets runs for as long as the report may be resolved.
func (s Status) OnTheClock() bool { return Allowed(s, Resolve) }
