package report

import (
	"errors"
	"fmt"
	"slices"
	"strings"
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
	Patrol    Action = "patrol"  // 巡查上报: a grid worker files what they found on patrol
	Recheck   Action = "recheck" // 回头看: a visit, days after closing, to see the fix held
	Join      Action = "join"    // 我也遇到: another resident has the same problem
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

// Finding is what a re-check (回头看) found.
type Finding string

// The two findings; Relapsed reopens the report.
const (
	Held     Finding = "held"     // 保持: the fix held
	Relapsed Finding = "relapsed" // 反弹: the problem came back
)

// Findings lists the findings in the order they are offered.
func Findings() []Finding { return []Finding{Held, Relapsed} }

// Valid reports whether f is one of the two findings.
func (f Finding) Valid() bool { return slices.Contains(Findings(), f) }

// ErrNotAllowed is returned for an action the current state does not allow.
var ErrNotAllowed = errors.New("report: action not allowed in this state")

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
	Photos       []string  // Resolve: after-photos; Recheck: what the visit saw
	Rating       Rating    // Rate
	Finding      Finding   // Recheck
	// Token is, for Join, the one-time token of the form the resident
	// pressed 我也遇到 on: a second press with it counts once.
	Token string
	// RecheckAfter is, for a step that closes the report (Rate, AutoClose),
	// how long after closing its category wants a re-check; 0 wants none.
	RecheckAfter time.Duration
}

// Apply returns the report after the step, or an error naming what is wrong.
// The state it leads to is the loop's (see Loop); what else it writes is
// below. It is pure: storing the result with a compare-and-set on Version is
// the caller's job.
func Apply(r Report, st Step) (Report, error) {
	if !Allowed(r.Status, st.Action) {
		return r, fmt.Errorf("%w: %s from %s", ErrNotAllowed, st.Action, r.Status)
	}
	if err := st.check(); err != nil {
		return r, err
	}
	if st.Action == Recheck && r.RecheckDue.IsZero() {
		return r, ErrNoRecheckDue
	}
	next, ok := leadsTo(r.Status, st)
	if !ok { // the table has no row for this step (or this verdict)
		return r, fmt.Errorf("%w: %s from %s", ErrNotAllowed, st.Action, r.Status)
	}
	e := event(st, next)
	if st.Action == Recheck {
		e.DueAt = r.RecheckDue // judged on time against it
	}
	r = effects(r, st, next)
	r.Status = next
	r.Version++
	r.UpdatedAt = st.At
	r.Timeline = append(slices.Clip(r.Timeline), e)
	return r, nil
}

// effects writes what a step changes besides the state, which leads to next.
func effects(r Report, st Step, next Status) Report {
	switch st.Action {
	case Accept:
		if r.AcceptedAt.IsZero() {
			r.AcceptedAt = st.At
		}
	case Dispatch:
		r.Assignee, r.Unit, r.DueAt, r.DispatchedAt = st.Assignee, st.Unit, st.DueAt, st.At
		if r.AcceptedAt.IsZero() {
			r.AcceptedAt = st.At // dispatching a reopened report accepts it again implicitly
		}
	case Resolve:
		r.ResolvedAt, r.Reply = st.At, st.PublicNote
		r.AfterPhotos = append(slices.Clip(r.AfterPhotos), st.Photos...)
	case Rate:
		r.Rating, r.Comment = st.Rating, st.PublicNote
	case Publish:
		r.Published = !r.Published
	case Recheck:
		r.RecheckDue = time.Time{}
		if st.Finding == Relapsed {
			r.Relapses++
		}
	case Join:
		r = joined(r, st)
	}
	if next == Closed && next != r.Status && st.RecheckAfter > 0 {
		r.RecheckDue = st.At.Add(st.RecheckAfter)
	}
	switch {
	case next == Reopened && r.Status != Reopened:
		// Back to the operators: the former assignee no longer sees it (nor
		// the resident's contact details) until it is dispatched again.
		// DueAt stays: statistics judge the first resolution by it, and
		// the urgent order puts the report early.
		r.ClosedAt, r.Reopens = time.Time{}, r.Reopens+1
		r.Assignee, r.Unit = "", ""
	case next != r.Status && next.Final():
		r.ClosedAt = st.At
	}
	return r
}

// joined adds the resident of a Join step to r, or, when their form's token
// already joined, adds what they sent now to what they sent before: a
// resident counts once however often they press.
func joined(r Report, st Step) Report {
	r.Joiners = slices.Clone(r.Joiners)
	i := slices.IndexFunc(r.Joiners, func(j Joiner) bool { return j.Token == st.Token })
	if i < 0 {
		r.Joiners = append(r.Joiners, Joiner{At: st.At, Token: st.Token})
		r.Joined, i = r.Joined+1, len(r.Joiners)-1
	}
	j := &r.Joiners[i]
	if st.InternalNote != "" {
		j.Note = strings.TrimSpace(j.Note + "\n" + st.InternalNote)
	}
	j.Photos = append(slices.Clip(j.Photos), st.Photos...)
	return r
}

// HasJoined reports whether the form token has joined r already.
func (r Report) HasJoined(token string) bool {
	_, ok := r.Joiner(token)
	return ok
}

// Joiner is the resident who joined r with the form token, if one did.
func (r Report) Joiner(token string) (Joiner, bool) {
	i := slices.IndexFunc(r.Joiners, func(j Joiner) bool { return j.Token == token })
	if i < 0 {
		return Joiner{}, false
	}
	return r.Joiners[i], true
}

// event is the timeline entry a step leaves, with the state it led to. A
// Join's photos stay with its Joiner, for staff: Event.Photos is public.
func event(st Step, next Status) Event {
	if st.Action == Join {
		st.Photos = nil
	}
	return Event{
		At: st.At, Action: st.Action, Status: next, Actor: st.Actor,
		PublicNote: st.PublicNote, InternalNote: st.InternalNote, Photos: st.Photos,
		Assignee: st.Assignee, Unit: st.Unit,
	}
}

// Submission is what a resident sends: a report's content before the loop
// begins. The server fills it from the form; the seed from its history plan.
type Submission struct {
	Community   string // community code
	Street      string // the community's street, copied for operators' filters
	Category    string
	Description string
	Location    string
	Geo         *GeoPoint
	Contact     Contact
	Photos      []string
	SubmitToken string
	// A patrol find (巡查上报) names the worker who made it and whether the
	// night hours (夜巡) held when they did; a resident's leaves both empty.
	Source Source
	Actor  string
	Night  bool
}

// New makes the submitted report of a submission at a time, through the
// loop's Submit row: the state it leads to and the first timeline event
// come from there, as every later step's come from Apply. The ID is the
// store's to give (a fresh tracking code) and Version starts at 0.
//
// A patrol find goes through the Patrol row instead: it starts accepted, by
// the worker who found it.
func New(sub Submission, at time.Time) Report {
	st := Step{Action: Submit, At: at}
	if sub.Source == FromPatrol {
		st = Step{Action: Patrol, At: at, Actor: sub.Actor}
	}
	next, _ := leadsTo("", st) // both rows start from no state, so they always fit
	r := Report{
		Community: sub.Community, Street: sub.Street, Category: sub.Category,
		Description: sub.Description, Location: sub.Location, Geo: sub.Geo,
		Contact: sub.Contact, Photos: sub.Photos, SubmitToken: sub.SubmitToken,
		Source: sub.Source, Night: sub.Night && sub.Source == FromPatrol,
		Status: next, Timeline: []Event{event(st, next)},
		CreatedAt: at, UpdatedAt: at,
	}
	if next == Accepted {
		r.AcceptedAt = at
	}
	return r
}

// Errors of a step's own content.
var (
	ErrReasonRequired   = errors.New("report: a public reason is required")
	ErrReplyRequired    = errors.New("report: a public reply is required")
	ErrAssigneeRequired = errors.New("report: a worker or a unit is required")
	ErrDueRequired      = errors.New("report: a due time after now is required")
	ErrRatingInvalid    = errors.New("report: the rating is not one of the three")
	ErrNoteRequired     = errors.New("report: the note is empty")
	ErrFindingInvalid   = errors.New("report: the re-check's finding is not one of the two")
	ErrPhotoRequired    = errors.New("report: a re-check needs a photo of the place")
	ErrNoRecheckDue     = errors.New("report: no re-check is due")
	ErrTokenRequired    = errors.New("report: joining needs the form's token")
)

// check refuses a step whose own content is incomplete, whatever the state.
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
	case Join:
		if st.Token == "" {
			return ErrTokenRequired
		}
	case Recheck:
		if !st.Finding.Valid() {
			return ErrFindingInvalid
		}
		if len(st.Photos) == 0 {
			return ErrPhotoRequired
		}
	}
	return nil
}
