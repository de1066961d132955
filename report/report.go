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
	Contact     Contact   `bson:"contact"`            // staff only, never on a public page
	Photos      []string  `bson:"photos,omitempty"`   // photo IDs, in the order sent
	Status      Status    `bson:"status"`
	Timeline    []Event   `bson:"timeline"`
	SubmitToken string    `bson:"submit_token"` // the form's one-time token: a retry finds this report
	CreatedAt   time.Time `bson:"created_at"`
	UpdatedAt   time.Time `bson:"updated_at"`
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
	Status       Status    `bson:"status"`
	Actor        string    `bson:"actor,omitempty"`
	PublicNote   string    `bson:"public_note,omitempty"`
	InternalNote string    `bson:"internal_note,omitempty"`
}

// Tracking returns the report's tracking code.
func (r Report) Tracking() Tracking { return Tracking(r.ID) }
