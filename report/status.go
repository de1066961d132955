package report

// Status is where a report stands in the closed loop (see DESIGN.md).
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

// Final reports whether nothing more can happen to a report in this state.
func (s Status) Final() bool { return s == Rejected || s == Closed }
