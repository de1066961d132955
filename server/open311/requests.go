package open311

import (
	"encoding/json"
	"encoding/xml"
	"time"
)

// Request is one service request as GET requests shows it: only what a
// public page may show of a report. It leaves out the spec's zipcode, lat
// and long, and service_notice: a report's place is its community, never
// the household or the coordinates a resident shared.
//
// Each field's from tag names the field it is drawn from, as on the
// server's public views (server/public_view.go); the marks test there
// (server/public_marks_test.go) lists this type and refuses a field drawn
// from one not marked public, so a private field cannot reach the API
// without someone marking it public at its source.
type Request struct {
	ID                string    `from:"report.Report.ID"`          // service_request_id: the tracking code
	Status            string    `from:"report.Report.Status"`      // open or closed
	StatusNotes       string    `from:"report.Event.PublicNote"`   // the state in words and the latest public note
	ServiceName       string    `from:"report.Report.Category"`    // the category
	ServiceCode       string    `from:"report.Report.Category"`    // the category's code
	Description       string    `from:"report.Report.Description"` // as the resident wrote it
	AgencyResponsible string    `from:"report.Report.Street"`      // the street (街道/镇) that handles it
	Requested         time.Time `from:"report.Report.CreatedAt"`
	Updated           time.Time `from:"report.Event.At"`          // the latest public step
	Expected          time.Time `from:"report.Report.DueAt"`      // zero when no due time is set
	Address           string    `from:"community.Community.Name"` // street · community
	AddressID         string    `from:"report.Report.Community"`  // the community code
	MediaURL          string    `from:"report.Report.Photos"`     // the first photo's address, or empty
}

// Open and Closed are the two statuses the spec knows.
const (
	Open   = "open"
	Closed = "closed"
)

// field is one element of a request in the spec's order; null means absent
// (JSON null, an empty XML element).
type field struct {
	name  string
	value string
	null  bool
}

// fields lists the request's elements in the order of the spec's examples.
func (r Request) fields() []field {
	text := func(name, v string) field { return field{name: name, value: v, null: v == ""} }
	at := func(name string, t time.Time) field {
		if t.IsZero() {
			return field{name: name, null: true}
		}
		return field{name: name, value: Time(t)}
	}
	return []field{
		text("service_request_id", r.ID), text("status", r.Status), text("status_notes", r.StatusNotes),
		text("service_name", r.ServiceName), text("service_code", r.ServiceCode), text("description", r.Description),
		text("agency_responsible", r.AgencyResponsible), at("requested_datetime", r.Requested),
		at("updated_datetime", r.Updated), at("expected_datetime", r.Expected), text("address", r.Address),
		text("address_id", r.AddressID), text("media_url", r.MediaURL),
	}
}

// MarshalJSON writes the request as an object in the spec's order, with
// null for an absent value.
func (r Request) MarshalJSON() ([]byte, error) { return r.appendJSON(nil), nil }

// appendJSON appends the request's object to b. Requests write their
// objects themselves rather than through encoding/json, which checks and
// compacts what each MarshalJSON returns: a list of 1,000 took 70 ms so.
func (r Request) appendJSON(b []byte) []byte {
	b = append(b, '{')
	for i, f := range r.fields() {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, f.name)
		b = append(b, ':')
		if f.null {
			b = append(b, "null"...)
			continue
		}
		b = appendJSONString(b, f.value)
	}
	return append(b, '}')
}

// MarshalXML writes <request> with one element per field, empty when absent.
func (r Request) MarshalXML(e *xml.Encoder, _ xml.StartElement) error {
	start := root("request")
	if err := e.EncodeToken(start); err != nil {
		return err
	}
	for _, f := range r.fields() {
		if err := e.EncodeElement(f.value, root(f.name)); err != nil {
			return err
		}
	}
	return e.EncodeToken(start.End())
}

// Requests is the answer to GET requests and GET requests/{id}:
// <service_requests><request>… in XML, an array in JSON.
type Requests []Request

// MarshalXML writes the list under its root element.
func (rs Requests) MarshalXML(e *xml.Encoder, _ xml.StartElement) error {
	return e.EncodeElement(struct {
		Items []Request `xml:"request"`
	}{rs}, root("service_requests"))
}

// MarshalJSON writes the list as an array, [] when empty.
func (rs Requests) MarshalJSON() ([]byte, error) {
	b := append(make([]byte, 0, 512*len(rs)+2), '[')
	for i, r := range rs {
		if i > 0 {
			b = append(b, ',')
		}
		b = r.appendJSON(b)
	}
	return append(b, ']'), nil
}

// Created is the answer to a posted request of a realtime service: the new
// request's ID, in a list like every other answer about requests.
type Created struct {
	ID string `json:"service_request_id" xml:"service_request_id"`
}

// CreatedList is that answer: <service_requests><request><service_request_id>
// in XML, [{"service_request_id": …}] in JSON.
type CreatedList []Created

// MarshalXML writes the list under its root element.
func (cs CreatedList) MarshalXML(e *xml.Encoder, _ xml.StartElement) error {
	return e.EncodeElement(struct {
		Items []Created `xml:"request"`
	}{cs}, root("service_requests"))
}

// MarshalJSON writes the list as an array, [] when empty.
func (cs CreatedList) MarshalJSON() ([]byte, error) { return jsonArray([]Created(cs)) }

// jsonArray writes items as a JSON array, [] rather than null when there
// are none: a client iterates the answer without a special case.
func jsonArray[T any](items []T) ([]byte, error) {
	if items == nil {
		items = []T{}
	}
	return json.Marshal(items)
}
