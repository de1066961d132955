package server

import (
	"time"

	"gridline/community"
	"gridline/report"
)

// What a public page shows is built field by field (STYLE.md, "Allow-lists
// at the edges"): the types below hold only what a resident or a passer-by
// may see, and their constructors copy named fields. Nothing is copied whole
// and then blanked, so a field added to report.Report or community.Community
// reaches no public page until someone adds it here.
//
// Each field's from tag names the field it is drawn from, as
// "package.Type.Field"; a test (public_marks_test.go) checks that the field
// it names is marked public:"yes" at its source, and that no public type
// carries a whole domain struct. A field that only groups values of another
// public type may leave from empty.

// publicReport is all the tracking page shows of a report: no contact, no
// place or location, no staff names, notes or assignee, no form token.
type publicReport struct {
	ID          string        `from:"report.Report.ID"`
	Category    string        `from:"report.Report.Category"`
	Description string        `from:"report.Report.Description"`
	Photos      []publicPhoto `from:"report.Report.Photos"`
	Status      report.Status `from:"report.Report.Status"`
	CreatedAt   time.Time     `from:"report.Report.CreatedAt"`
	Reply       string        `from:"report.Report.Reply"`
	AfterPhotos []publicPhoto `from:"report.Report.AfterPhotos"`
	Timeline    []publicEvent `from:"report.Report.Timeline"`
	// Source says a grid worker found it on patrol; never who: the worker's
	// username is the private Event.Actor.
	Source report.Source `from:"report.Report.Source"`
	// Joined counts the residents who pressed 我也遇到, never who.
	Joined int `from:"report.Report.Joined"`
}

// Residents is how many residents reported the problem (共 N 位居民反映).
func (p publicReport) Residents() int { return 1 + p.Joined }

// publicEvent is one step of the public timeline: when, the state it led to,
// and the note written for the resident; for a re-check (回头看), what it
// found and the photo of the place.
type publicEvent struct {
	At         time.Time     `from:"report.Event.At"`
	Action     report.Action `from:"report.Event.Action"`
	Status     report.Status `from:"report.Event.Status"`
	PublicNote string        `from:"report.Event.PublicNote"`
	Photos     []publicPhoto `from:"report.Event.Photos"`
}

// Label is the message ID of the step's line on the timeline: the state it
// led to, or for a re-check its finding, which the state it left the report
// in tells (反弹 reopens it; see report.Loop).
func (e publicEvent) Label() string {
	switch {
	case e.Action != report.Recheck:
		return e.Status.MessageID()
	case e.Status == report.Reopened:
		return "timeline.recheck_relapsed"
	}
	return "timeline.recheck_held"
}

// publicPlace is what public pages show of a community: what its posters
// already print. Its grids name staff accounts and stay inside.
type publicPlace struct {
	Code   string `from:"community.Community.Code"`
	Name   string `from:"community.Community.Name"`
	Street string `from:"community.Community.Street"`
}

// newPublicReport copies what the tracking page may show of r. Internal
// steps (staff notes, publishing) are left off the timeline altogether, and
// so are residents' joins: the page shows how many joined.
// Its photos link their plain public URLs until withPhotoStates gives them
// their blurred renditions or holds them back (photo_public.go).
func newPublicReport(r report.Report) publicReport {
	p := publicReport{
		ID:          r.ID,
		Category:    r.Category,
		Description: r.Description,
		Photos:      newPublicPhotos(r.Photos),
		Status:      r.Status,
		CreatedAt:   r.CreatedAt,
		Reply:       r.Reply,
		AfterPhotos: newPublicPhotos(r.AfterPhotos),
		Source:      r.Source,
		Joined:      r.Joined,
	}
	for _, e := range r.Timeline {
		if e.Action == report.Note || e.Action == report.Publish || e.Action == report.Join {
			continue // internal steps; joins show as the count
		}
		pe := publicEvent{At: e.At, Action: e.Action, Status: e.Status, PublicNote: e.PublicNote}
		if e.Action == report.Recheck {
			pe.Photos = newPublicPhotos(e.Photos) // a resolution's are the AfterPhotos, shown above
		}
		p.Timeline = append(p.Timeline, pe)
	}
	return p
}

// FoundOnPatrol reports whether a grid worker found the problem on patrol
// (巡查上报) rather than a resident reporting it.
func (p publicReport) FoundOnPatrol() bool { return p.Source == report.FromPatrol }

// Tracking is the report's tracking code, for the page to display.
func (p publicReport) Tracking() report.Tracking { return report.Tracking(p.ID) }

// newPublicPlace copies what public pages may show of a community.
func newPublicPlace(c community.Community) publicPlace {
	return publicPlace{Code: c.Code, Name: c.Name, Street: c.Street}
}
