package report

import "time"

// Report is one resident's report and everything that happened to it since.
// Its ID is the canonical tracking code, so a look-up is one find by _id.
//
// Every field says in its public tag whether a public page (the tracking
// page, the community page, any JSON for residents) may show it: "yes", or
// "no" for staff only. "no" covers what names a person or a household and
// what is the console's own bookkeeping; a field no public page needs stays
// "no" until someone decides otherwise. Public pages copy named fields into
// their own types (server/public_view.go), and a test beside them
// (server/public_marks_test.go) refuses a field without a mark and a public
// field drawn from one marked "no": a field added here is private until
// someone names it public.
type Report struct {
	ID          string    `bson:"_id" public:"yes"`       // the tracking code, shown on its own page
	Community   string    `bson:"community" public:"yes"` // community code
	Street      string    `bson:"street" public:"yes"`    // copied from the community so operators filter by street
	Category    string    `bson:"category" public:"yes"`
	Description string    `bson:"description" public:"yes"`
	Location    string    `bson:"location,omitempty" public:"no"` // 楼栋/门牌, as typed: names a household
	Geo         *GeoPoint `bson:"geo,omitempty" public:"no"`      // staff only: shared by the resident's choice
	Contact     Contact   `bson:"contact" public:"no"`            // staff only, never on a public page
	Photos      []string  `bson:"photos,omitempty" public:"yes"`  // photo IDs, in the order sent
	SubmitToken string    `bson:"submit_token" public:"no"`       // the form's one-time token: a retry finds this report

	Status   Status  `bson:"status" public:"yes"`
	Version  int     `bson:"version" public:"no"`   // bumped by every change: the compare-and-set guard
	Timeline []Event `bson:"timeline" public:"yes"` // each Event marks its own fields

	Assignee    string    `bson:"assignee,omitempty" public:"no"` // worker username, or empty when Unit is set
	Unit        string    `bson:"unit,omitempty" public:"no"`     // a named handling unit (责任单位)
	DueAt       time.Time `bson:"due_at,omitempty" public:"yes"`
	Reply       string    `bson:"reply,omitempty" public:"yes"`        // the public reply of the last resolution
	AfterPhotos []string  `bson:"after_photos,omitempty" public:"yes"` // photos of the result
	Rating      Rating    `bson:"rating,omitempty" public:"yes"`
	Comment     string    `bson:"rating_comment,omitempty" public:"yes"` // also the Rate step's public note
	Reopens     int       `bson:"reopens,omitempty" public:"no"`
	Published   bool      `bson:"published,omitempty" public:"no"`   // staff chose to show the result on the community page
	Source      Source    `bson:"source,omitempty" public:"yes"`     // who found it: a resident, or a grid worker on patrol
	Night       bool      `bson:"night,omitempty" public:"no"`       // a patrol find made in the night hours (夜巡)
	RecheckDue  time.Time `bson:"recheck_due,omitempty" public:"no"` // 回头看: when a re-check of the closed report is due
	Relapses    int       `bson:"relapses,omitempty" public:"no"`    // re-checks that found the problem back (反弹)
	// Joined counts the other residents who pressed 我也遇到 (len(Joiners)):
	// the tracking page's "共 N 位居民反映" is 1 + Joined.
	Joined  int      `bson:"joined,omitempty" public:"yes"`
	Joiners []Joiner `bson:"joiners,omitempty" public:"no"` // who joined, with what they added: for staff

	CreatedAt    time.Time `bson:"created_at" public:"yes"`
	AcceptedAt   time.Time `bson:"accepted_at,omitempty" public:"yes"`   // first acceptance
	DispatchedAt time.Time `bson:"dispatched_at,omitempty" public:"yes"` // latest dispatch
	ResolvedAt   time.Time `bson:"resolved_at,omitempty" public:"yes"`   // latest resolution
	ClosedAt     time.Time `bson:"closed_at,omitempty" public:"yes"`
	UpdatedAt    time.Time `bson:"updated_at" public:"no"` // moves with internal notes too
}

// Contact is how staff can reach the resident. Both fields are optional and
// neither is ever public.
type Contact struct {
	Name  string `bson:"name,omitempty" public:"no"`
	Phone string `bson:"phone,omitempty" public:"no"`
}

// Event is one step on a report's timeline. PublicNote is shown on the tracking
// page; InternalNote and Actor are for staff only. The public tags are read
// as on Report.
type Event struct {
	At           time.Time `bson:"at" public:"yes"`
	Action       Action    `bson:"action" public:"yes"`
	Status       Status    `bson:"status" public:"yes"` // the state after the step
	Actor        string    `bson:"actor,omitempty" public:"no"`
	PublicNote   string    `bson:"public_note,omitempty" public:"yes"`
	InternalNote string    `bson:"internal_note,omitempty" public:"no"`
	Photos       []string  `bson:"photos,omitempty" public:"yes"`
	Assignee     string    `bson:"assignee,omitempty" public:"no"` // Dispatch: to whom, for the record
	Unit         string    `bson:"unit,omitempty" public:"no"`
	DueAt        time.Time `bson:"due_at,omitempty" public:"no"` // Recheck: the due it answered, for on-time figures
}

// Joiner is one more resident with the same problem (我也遇到). The token is
// their form's, so pressing again counts once; a note and photos are
// optional and for staff only.
type Joiner struct {
	At     time.Time `bson:"at" public:"no"`
	Token  string    `bson:"token" public:"no"`
	Note   string    `bson:"note,omitempty" public:"no"`
	Photos []string  `bson:"photos,omitempty" public:"no"`
}

// Residents is how many residents reported the problem: the one who filed
// it and those who joined.
func (r Report) Residents() int { return 1 + r.Joined }

// Tracking returns the report's tracking code.
func (r Report) Tracking() Tracking { return Tracking(r.ID) }

// HasDeadline reports whether the report is held to a due time now: one was
// set and its state is on the clock. A reopened report keeps its old DueAt
// for the statistics, but no deadline runs until it is dispatched again.
func (r Report) HasDeadline() bool { return r.Status.OnTheClock() && !r.DueAt.IsZero() }

// Overdue reports whether the report has a deadline and is past it.
func (r Report) Overdue(now time.Time) bool { return r.HasDeadline() && now.After(r.DueAt) }

// DueSoon reports whether the report has a deadline within the next d.
func (r Report) DueSoon(now time.Time, d time.Duration) bool {
	return r.HasDeadline() && !now.After(r.DueAt) && r.DueAt.Sub(now) <= d
}

// Public reports whether the community page shows the report's result: staff
// published it and there is a result to show, in the states Publish may
// start from. A report reopened since drops out until resolved again.
func (r Report) Public() bool { return r.Published && Allowed(r.Status, Publish) }

// LastActor is the staff member behind the latest step, for "already
// handled by"; empty when the resident or the system made it.
func (r Report) LastActor() string {
	if len(r.Timeline) == 0 {
		return ""
	}
	if a := r.Timeline[len(r.Timeline)-1].Actor; a != "system" {
		return a
	}
	return ""
}

// Source is who found the problem a report is about.
type Source string

// The two sources. Reports stored before patrols existed have none: a
// resident's.
const (
	FromResident Source = ""       // a resident, through a community's form
	FromPatrol   Source = "patrol" // a grid worker on patrol (巡查上报)
)

// RecheckDueBy reports whether a re-check of r is due by t: it is closed
// and its category asked for one, due at or before t.
func (r Report) RecheckDueBy(t time.Time) bool {
	return !r.RecheckDue.IsZero() && !r.RecheckDue.After(t)
}
