package webhook

import (
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"gridline/report"
)

// What an endpoint receives is built field by field (STYLE.md, "Allow-lists
// at the edges"), like the public pages: ReportView and EventView hold only
// what the tracking page may show, each field naming its source in a from
// tag that server/public_marks_test.go checks is marked public:"yes". The
// resident's name and phone go only to endpoints added with --with-contact,
// in a part of their own outside the public view; the location, internal
// notes, staff usernames and the assignee go to none.

// ReportView is the public part of a report in an event.
type ReportView struct {
	ID           string      `json:"id" from:"report.Report.ID"`
	Community    string      `json:"community" from:"report.Report.Community"`
	Street       string      `json:"street" from:"report.Report.Street"`
	Category     string      `json:"category" from:"report.Report.Category"`
	Description  string      `json:"description" from:"report.Report.Description"`
	Source       string      `json:"source" from:"report.Report.Source"`
	Status       string      `json:"status" from:"report.Report.Status"`
	Photos       []string    `json:"photos" from:"report.Report.Photos"` // URLs
	Reply        string      `json:"reply,omitempty" from:"report.Report.Reply"`
	AfterPhotos  []string    `json:"after_photos" from:"report.Report.AfterPhotos"` // URLs
	Rating       string      `json:"rating,omitempty" from:"report.Report.Rating"`
	Comment      string      `json:"rating_comment,omitempty" from:"report.Report.Comment"`
	CreatedAt    time.Time   `json:"created_at" from:"report.Report.CreatedAt"`
	AcceptedAt   time.Time   `json:"accepted_at,omitzero" from:"report.Report.AcceptedAt"`
	DispatchedAt time.Time   `json:"dispatched_at,omitzero" from:"report.Report.DispatchedAt"`
	ResolvedAt   time.Time   `json:"resolved_at,omitzero" from:"report.Report.ResolvedAt"`
	ClosedAt     time.Time   `json:"closed_at,omitzero" from:"report.Report.ClosedAt"`
	Joined       int         `json:"joined" from:"report.Report.Joined"` // residents who pressed 我也遇到
	Timeline     []EventView `json:"timeline" from:"report.Report.Timeline"`
}

// EventView is one public step of the timeline.
type EventView struct {
	At     time.Time `json:"at" from:"report.Event.At"`
	Action string    `json:"action" from:"report.Event.Action"`
	Status string    `json:"status" from:"report.Event.Status"`
	Note   string    `json:"note,omitempty" from:"report.Event.PublicNote"`
}

// contactView is the resident's contact, for endpoints trusted with it.
type contactView struct {
	Name  string `json:"name"`
	Phone string `json:"phone"`
}

// payload is the body of a delivery.
type payload struct {
	ID      string       `json:"id"`
	Type    string       `json:"type"`
	At      time.Time    `json:"at"`
	Report  ReportView   `json:"report"`
	Contact *contactView `json:"contact,omitempty"`
}

// Body is the JSON of the event entry i of r's timeline makes, as r stood
// after it: its state and timeline end there. The other fields are r's as
// given, the same as after entry i unless several changes are delivered
// together after a crash. baseURL (no trailing slash) starts photo links.
func Body(r report.Report, i int, withContact bool, baseURL string) ([]byte, error) {
	if i < 0 || i >= len(r.Timeline) {
		return nil, fmt.Errorf("webhook: report %s has no timeline entry %d", r.ID, i)
	}
	e := r.Timeline[i]
	typ, ok := TypeOf(e)
	if !ok {
		return nil, fmt.Errorf("webhook: timeline entry %d of %s (%s) makes no event", i, r.ID, e.Action)
	}
	p := payload{ID: EventID(r.ID, i), Type: typ, At: e.At.UTC(), Report: newReportView(r, i, baseURL)}
	if withContact {
		p.Contact = &contactView{Name: r.Contact.Name, Phone: r.Contact.Phone}
	}
	return json.Marshal(p)
}

// newReportView copies the public fields of r as it stood after entry i.
func newReportView(r report.Report, i int, baseURL string) ReportView {
	source := string(r.Source)
	if r.Source == report.FromResident {
		source = "resident"
	}
	v := ReportView{
		ID: r.ID, Community: r.Community, Street: r.Street, Category: r.Category,
		Description: r.Description, Source: source, Status: string(r.Timeline[i].Status),
		Photos: photoURLs(baseURL, r.Photos), Reply: r.Reply, AfterPhotos: photoURLs(baseURL, r.AfterPhotos),
		Rating: string(r.Rating), Comment: r.Comment,
		CreatedAt: r.CreatedAt.UTC(), AcceptedAt: r.AcceptedAt.UTC(), DispatchedAt: r.DispatchedAt.UTC(),
		ResolvedAt: r.ResolvedAt.UTC(), ClosedAt: r.ClosedAt.UTC(), Joined: r.Joined,
		Timeline: []EventView{},
	}
	for _, e := range r.Timeline[:i+1] {
		if slices.Contains(Internal(), e.Action) {
			continue
		}
		v.Timeline = append(v.Timeline, EventView{At: e.At.UTC(), Action: string(e.Action), Status: string(e.Status), Note: e.PublicNote})
	}
	return v
}

// photoURLs links each photo ID to its public address (/p/{id}).
func photoURLs(baseURL string, ids []string) []string {
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		out = append(out, baseURL+"/p/"+id)
	}
	return out
}
