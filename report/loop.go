package report

import "slices"

// Who is a party the loop lets take an action. The table names parties, not
// accounts: auth maps a staff account onto them (report must not know about
// accounts), and the resident and the system act without one.
type Who string

// The parties of the loop, in the words docs/ARCHITECTURE.md shows.
const (
	Resident  Who = "resident"                           // whoever holds the tracking code
	Operators Who = "operator or admin"                  // operators (城运中心) and admins who see the report
	Assignee  Who = "assigned worker"                    // the worker the report is dispatched to
	ForUnit   Who = "operator or admin for a named unit" // a 责任单位 without accounts: its dispatch names it
	AnyStaff  Who = "any staff member who sees it"       // notes are for whoever works on it
	System    Who = "system"                             // the server's own periodic jobs
	Serving   Who = "staff serving the community"        // its grid workers, its street's operators, admins
)

// Rule is one row of the loop: an action, the states it may start from, the
// state it leads to and who may take it. Rate has one row per verdict, since
// the verdict decides where the report goes.
type Rule struct {
	Action  Action
	Rating  Rating   // Rate only: the verdict this row is for
	Finding Finding  // Recheck only: the finding this row is for
	From    []Status // empty for Submit: it starts a report, so only New takes it
	To      Status   // empty: the state stays as it is
	Who     []Who
}

// Loop is the closed loop as data, written once: Allowed, Actions, Apply,
// New, the state predicates, auth's permission checks and the table in
// docs/ARCHITECTURE.md all derive from it. It returns a fresh table on every
// call, so no caller can change the rules another one sees.
func Loop() []Rule {
	operators := []Who{Operators}
	assignee := []Who{Assignee, ForUnit}
	resident := []Who{Resident}
	return []Rule{
		{Action: Submit, To: Submitted, Who: resident},
		{Action: Accept, From: []Status{Submitted, Reopened}, To: Accepted, Who: operators},
		{Action: Reject, From: []Status{Submitted, Reopened}, To: Rejected, Who: operators},
		{Action: Dispatch, From: []Status{Accepted, Reopened, Dispatched, InProgress}, To: Dispatched, Who: operators}, // (re)assign
		{Action: Take, From: []Status{Dispatched}, To: InProgress, Who: assignee},
		{Action: Resolve, From: []Status{Dispatched, InProgress}, To: Resolved, Who: assignee},
		{Action: Rate, Rating: Satisfied, From: []Status{Resolved}, To: Closed, Who: resident},
		{Action: Rate, Rating: BasicSatisfied, From: []Status{Resolved}, To: Closed, Who: resident},
		{Action: Rate, Rating: Unsatisfied, From: []Status{Resolved}, To: Reopened, Who: resident},
		{Action: AutoClose, From: []Status{Resolved}, To: Closed, Who: []Who{System}},
		{Action: Note, From: Statuses(), Who: []Who{AnyStaff}},
		{Action: Publish, From: []Status{Resolved, Closed}, Who: operators}, // toggles Published
		{Action: Patrol, To: Accepted, Who: []Who{Serving}},                 // a find on patrol starts accepted
		{Action: Recheck, Finding: Held, From: []Status{Closed}, Who: []Who{Serving}},
		{Action: Recheck, Finding: Relapsed, From: []Status{Closed}, To: Reopened, Who: []Who{Serving}},
		{Action: Join, From: []Status{Submitted, Accepted, Dispatched, InProgress, Reopened}, Who: resident}, // 我也遇到
	}
}

// Allowed reports whether a may happen to a report in state s.
func Allowed(s Status, a Action) bool {
	return slices.ContainsFunc(Loop(), func(r Rule) bool { return r.Action == a && slices.Contains(r.From, s) })
}

// Actions lists the steps staff take from s, in table order: the buttons of
// the report page. Notes are not among them: any staff member may write one
// in any state, so the page always offers its box.
func Actions(s Status) []Action {
	var out []Action
	for _, r := range Loop() {
		if r.byStaffRole() && slices.Contains(r.From, s) && !slices.Contains(out, r.Action) {
			out = append(out, r.Action)
		}
	}
	return out
}

// MayDo lists the parties who may take action a, for auth to match an
// account against.
func MayDo(a Action) []Who {
	var out []Who
	for _, r := range Loop() {
		for _, w := range r.Who {
			if r.Action == a && !slices.Contains(out, w) {
				out = append(out, w)
			}
		}
	}
	return out
}

// leadsTo is the state a step leads to from s: the To of its row (for Rate,
// the row of its verdict), or s itself when the row keeps the state. ok is
// false when no row fits the step.
func leadsTo(s Status, st Step) (next Status, ok bool) {
	for _, r := range Loop() {
		if r.Action != st.Action || r.Rating != "" && r.Rating != st.Rating || r.Finding != "" && r.Finding != st.Finding {
			continue
		}
		if r.To == "" {
			return s, true
		}
		return r.To, true
	}
	return s, false
}

// byStaffRole reports whether staff take the row's action as a step of
// their role (a note, open to anyone on staff, is not such a step).
func (r Rule) byStaffRole() bool {
	return slices.ContainsFunc(r.Who, func(w Who) bool { return w == Operators || w == Assignee || w == ForUnit })
}

// moves reports whether some row takes a report in s on to another state;
// with staffOnly, a row staff take by their role. A re-check does not count:
// it looks back at a closed report, which has left the work in hand.
func moves(s Status, staffOnly bool) bool {
	return slices.ContainsFunc(Loop(), func(r Rule) bool {
		return r.Action != Recheck && r.To != "" && r.To != s && slices.Contains(r.From, s) && (r.byStaffRole() || !staffOnly)
	})
}
