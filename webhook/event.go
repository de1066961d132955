// Package webhook tells other systems (a city's 12345 platform, a grid
// platform) when a report moves: every public step of a report's timeline
// becomes an event, POSTed as signed JSON to each endpoint an admin added.
//
// The store derives the deliveries from the timeline in the same step that
// keeps the work queue and the tallies (store/outbox.go), so a change cut
// short by a crash is delivered once recovery finishes it; the Sender here
// posts them in the background, in order per report and endpoint, retrying
// with backoff until the endpoint takes them or RetryFor has passed. Nothing
// a resident or staff member waits for ever waits on an endpoint.
package webhook

import (
	"fmt"
	"slices"

	"gridline/report"
)

// Rule says which event a step of the loop becomes: the first rule naming
// the step's action and, when To is set, the state it led to.
type Rule struct {
	Action report.Action
	To     report.Status // empty: any state
	Type   string        // the event's type, X-Gridline-Event
}

// Rules is the table of events, written once: TypeOf reads it, a test holds
// it to report.Loop (every action is here or Internal), and the README's
// list of events is this table. A step that reopens a report is "reopened"
// whether the resident was unsatisfied or a re-check found the problem back;
// the last timeline entry's action says which.
func Rules() []Rule {
	return []Rule{
		{Action: report.Submit, Type: "submitted"},
		{Action: report.Patrol, Type: "patrol"},
		{Action: report.Accept, Type: "accepted"},
		{Action: report.Reject, Type: "rejected"},
		{Action: report.Dispatch, Type: "dispatched"},
		{Action: report.Take, Type: "taken"},
		{Action: report.Resolve, Type: "resolved"},
		{Action: report.Rate, To: report.Reopened, Type: "reopened"},
		{Action: report.Rate, Type: "rated"},
		{Action: report.AutoClose, Type: "closed"},
		{Action: report.Recheck, To: report.Reopened, Type: "reopened"},
		{Action: report.Recheck, Type: "rechecked"},
		{Action: report.Join, Type: "joined"}, // 我也遇到: report.joined counts them
	}
}

// Internal lists the steps that make no event: staff's own bookkeeping
// (internal notes, publishing a result on the community page).
func Internal() []report.Action { return []report.Action{report.Note, report.Publish} }

// TypeOf is the event a timeline entry makes, and false for an internal one.
func TypeOf(e report.Event) (string, bool) {
	if slices.Contains(Internal(), e.Action) {
		return "", false
	}
	for _, r := range Rules() {
		if r.Action == e.Action && (r.To == "" || r.To == e.Status) {
			return r.Type, true
		}
	}
	return "", false
}

// EventID names entry i of report id's timeline: the same for every
// endpoint and every retry, so a receiver drops what it has seen. The index
// makes later events of a report sort after earlier ones, though not every
// index is an event (internal steps make none).
func EventID(report string, i int) string { return fmt.Sprintf("%s-%d", report, i) }
