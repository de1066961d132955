package report

import "time"

// Report is one resident's report and everything that happened to it since.
// Its ID is the canonical tracking code, so a look-up is one find by _id.
type Report struct {
	ID          string    `bson:"_id"`
	Community   string    `bson:"community"` // community code
	Street      string    `bson:"street"`    // copied from the community so operators filter by street
	Category    string    `bson:"category"`
	Description string    `bson:"description"`
	Location    string    `bson:"location,omitempty"` // 楼栋/门牌, as typed
	Geo         *GeoPoint `bson:"geo,omitempty"`      // staff only: shared by the resident's choice
	Contact     Contact   `bson:"contact"`            // staff only, never on a public page
	Photos      []string  `bson:"photos,omitempty"`   // photo IDs, in the order sent
	SubmitToken string    `bson:"submit_token"`       // the form's one-time token: a retry finds this report

	Status   Status  `bson:"status"`
	Version  int     `bson:"version"` // bumped by every change: the compare-and-set guard
	Timeline []Event `bson:"timeline"`

	Assignee    string    `bson:"assignee,omitempty"` // worker username, or empty when Unit is set
	Unit        string    `bson:"unit,omitempty"`     // a named handling unit (责任单位)
	DueAt       time.Time `bson:"due_at,omitempty"`
	Reply       string    `bson:"reply,omitempty"`        // the public reply of the last resolution
	AfterPhotos []string  `bson:"after_photos,omitempty"` // photos of the result
	Rating      Rating    `bson:"rating,omitempty"`
	Comment     string    `bson:"rating_comment,omitempty"`
	Reopens     int       `bson:"reopens,omitempty"`
	Published   bool      `bson:"published,omitempty"` // staff chose to show the result on the community page

	CreatedAt    time.Time `bson:"created_at"`
	AcceptedAt   time.Time `bson:"accepted_at,omitempty"`   // first acceptance
	DispatchedAt time.Time `bson:"dispatched_at,omitempty"` // latest dispatch
	ResolvedAt   time.Time `bson:"resolved_at,omitempty"`   // latest resolution
	ClosedAt     time.Time `bson:"closed_at,omitempty"`
	UpdatedAt    time.Time `bson:"updated_at"`
}

// Contact is how staff can reach the resident. Both fields are optional.
type Contact struct {
	Name  string `bson:"name,omitempty"`
	Phone string `bson:"phone,omitempty"`
}

// Event is one step on a report's timeline. PublicNote is shown on the tracking
// page; InternalNote and Actor are for staff only.
type Event struct {
	At           time.Time `bson:"at"`
	Action       Action    `bson:"action"`
	Status       Status    `bson:"status"` // the state after the step
	Actor        string    `bson:"actor,omitempty"`
	PublicNote   string    `bson:"public_note,omitempty"`
	InternalNote string    `bson:"internal_note,omitempty"`
	Photos       []string  `bson:"photos,omitempty"`
	Assignee     string    `bson:"assignee,omitempty"` // Dispatch: to whom, for the record
	Unit         string    `bson:"unit,omitempty"`
}

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
