package report

import (
	"errors"
	"fmt"
	"slices"
	"time"
)

// Action is something that can happen to a report.
type Action string

// The actions of the closed loop. Note changes nothing but the timeline.
const (
	Submit    Action = "submit"
	Accept    Action = "accept"
	Reject    Action = "reject"
	Dispatch  Action = "dispatch"
	Take      Action = "take"
	Resolve   Action = "resolve"
	Rate      Action = "rate"
	AutoClose Action = "autoclose"
	Note      Action = "note"
	Publish   Action = "publish"
)

// Rating is the resident's verdict on a resolved report.
type Rating string

// The three verdicts; Unsatisfied reopens the report.
const (
	Satisfied      Rating = "satisfied"   // 满意
	BasicSatisfied Rating = "basic"       // 基本满意
	Unsatisfied    Rating = "unsatisfied" // 不满意
)

// Ratings lists the verdicts in the order they are offered.
func Ratings() []Rating { return []Rating{Satisfied, BasicSatisfied, Unsatisfied} }

// Valid reports whether r is one of the three verdicts.
func (r Rating) Valid() bool { return slices.Contains(Ratings(), r) }

// ErrNotAllowed is returned for an action the current state does not allow.
var ErrNotAllowed = errors.New("report: action not allowed in this state")

// from lists the states each action may start from.
func from(a Action) []Status {
	switch a {
	case Accept, Reject:
		return []Status{Submitted, Reopened}
	case Dispatch:
		return []Status{Accepted, Reopened, Dispatched, InProgress} // (re)assign
	case Take:
		return []Status{Dispatched}
	case Resolve:
		return []Status{Dispatched, InProgress}
	case Rate, AutoClose:
		return []Status{Resolved}
	case Note:
		return Statuses()
	case Publish:
		return []Status{Resolved, Closed}
	}
	return nil
}

// Allowed reports whether a may happen to a report in state s.
func Allowed(s Status, a Action) bool { return slices.Contains(from(a), s) }

// Actions lists the staff actions possible from s, in the order offered.
func Actions(s Status) []Action {
	var out []Action
	for _, a := range []Action{Accept, Reject, Dispatch, Take, Resolve, Publish} {
		if Allowed(s, a) {
			out = append(out, a)
		}
	}
	return out
}

// Step is one requested change, checked by Apply.
type Step struct {
	Action       Action
	Actor        string
	At           time.Time
	PublicNote   string
	InternalNote string
	Assignee     string    // Dispatch: a worker's username …
	Unit         string    // … or a named unit
	DueAt        time.Time // Dispatch
	Photos       []string  // Resolve: after-photos
	Rating       Rating    // Rate
}

// Apply returns the report after the step, or an error naming what is wrong.
// It is pure: storing the result with a compare-and-set on Version is the
// caller's job.
func Apply(r Report, st Step) (Report, error) {
	if !Allowed(r.Status, st.Action) {
		return r, fmt.Errorf("%w: %s from %s", ErrNotAllowed, st.Action, r.Status)
	}
	if err := st.check(); err != nil {
		return r, err
	}
	next := r.Status
	switch st.Action {
	case Accept:
		next = Accepted
		if r.AcceptedAt.IsZero() {
			r.AcceptedAt = st.At
		}
	case Reject:
		next, r.ClosedAt = Rejected, st.At
	case Dispatch:
		next, r.Assignee, r.Unit, r.DueAt, r.DispatchedAt = Dispatched, st.Assignee, st.Unit, st.DueAt, st.At
		if r.AcceptedAt.IsZero() {
			r.AcceptedAt = st.At // dispatching a reopened report accepts it again implicitly
		}
	case Take:
		next = InProgress
	case Resolve:
		next, r.ResolvedAt, r.Reply = Resolved, st.At, st.PublicNote
		r.AfterPhotos = append(slices.Clip(r.AfterPhotos), st.Photos...)
	case Rate:
		r.Rating, r.Comment = st.Rating, st.PublicNote
		next, r.ClosedAt = Closed, st.At
		if st.Rating == Unsatisfied {
			// Back to the operators: the former assignee no longer sees it (nor
			// the resident's contact details) until it is dispatched again.
			// DueAt stays: statistics judge the first resolution by it, and
			// the urgent order puts the report early.
			next, r.ClosedAt, r.Reopens = Reopened, time.Time{}, r.Reopens+1
			r.Assignee, r.Unit = "", ""
		}
	case AutoClose:
		next, r.ClosedAt = Closed, st.At
	case Publish:
		r.Published = !r.Published
	}
	r.Status = next
	r.Version++
	r.UpdatedAt = st.At
	r.Timeline = append(slices.Clip(r.Timeline), Event{
		At: st.At, Action: st.Action, Status: next, Actor: st.Actor,
		PublicNote: st.PublicNote, InternalNote: st.InternalNote, Photos: st.Photos,
		Assignee: st.Assignee, Unit: st.Unit,
	})
	return r, nil
}

// Errors of a step's own content.
var (
	ErrReasonRequired   = errors.New("report: a public reason is required")
	ErrReplyRequired    = errors.New("report: a public reply is required")
	ErrAssigneeRequired = errors.New("report: a worker or a unit is required")
	ErrDueRequired      = errors.New("report: a due time after now is required")
	ErrRatingInvalid    = errors.New("report: the rating is not one of the three")
	ErrNoteRequired     = errors.New("report: the note is empty")
)

func (st Step) check() error {
	switch st.Action {
	case Reject:
		if st.PublicNote == "" {
			return ErrReasonRequired
		}
	case Resolve:
		if st.PublicNote == "" {
			return ErrReplyRequired
		}
	case Dispatch:
		if (st.Assignee == "") == (st.Unit == "") {
			return ErrAssigneeRequired
		}
		if !st.DueAt.After(st.At) {
			return ErrDueRequired
		}
	case Rate:
		if !st.Rating.Valid() {
			return ErrRatingInvalid
		}
	case Note:
		if st.InternalNote == "" {
			return ErrNoteRequired
		}
	}
	return nil
}
