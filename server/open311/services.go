package open311

import (
	"encoding/json"
	"encoding/xml"
)

// Service is one type of request a client may file (GET services): its
// code, name and description, whether it needs a definition's extra fields
// (metadata), how a posted request is answered (type: realtime, with the
// request's ID at once), and the group it is listed under.
type Service struct {
	Code        string `json:"service_code" xml:"service_code"`
	Name        string `json:"service_name" xml:"service_name"`
	Description string `json:"description" xml:"description"`
	Metadata    bool   `json:"metadata" xml:"metadata"`
	Type        string `json:"type" xml:"type"`
	Keywords    string `json:"keywords,omitempty" xml:"keywords,omitempty"`
	Group       string `json:"group" xml:"group"`
}

// Realtime is the type of a service whose posted requests are answered
// with their service_request_id at once.
const Realtime = "realtime"

// Services is the answer to GET services: <services><service>… in XML, an
// array in JSON.
type Services []Service

// MarshalXML writes the list under its root element.
func (s Services) MarshalXML(e *xml.Encoder, _ xml.StartElement) error {
	return e.EncodeElement(struct {
		Items []Service `xml:"service"`
	}{s}, root("services"))
}

// MarshalJSON writes the list as an array, [] when empty (never null).
func (s Services) MarshalJSON() ([]byte, error) { return jsonArray([]Service(s)) }

// Definition is the answer to GET services/{service_code}: the service's
// extra fields. A service whose metadata is false has none, so its
// definition names it with an empty attribute list.
type Definition struct {
	Code string
}

// MarshalXML writes <service_definition><service_code/><attributes/>.
func (d Definition) MarshalXML(e *xml.Encoder, _ xml.StartElement) error {
	return e.EncodeElement(struct {
		Code       string   `xml:"service_code"`
		Attributes struct{} `xml:"attributes"`
	}{Code: d.Code}, root("service_definition"))
}

// MarshalJSON writes {"service_code": …, "attributes": []}.
func (d Definition) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Code       string     `json:"service_code"`
		Attributes []struct{} `json:"attributes"`
	}{d.Code, []struct{}{}})
}

// Discovery is the service discovery document (wiki.open311.org/
// Service_Discovery): where the endpoint is, what it speaks, and whom to
// ask for a key. Every field is required by that spec.
type Discovery struct {
	XMLName    xml.Name   `json:"-" xml:"discovery"`
	Changeset  string     `json:"changeset" xml:"changeset"`
	Contact    string     `json:"contact" xml:"contact"`
	KeyService string     `json:"key_service" xml:"key_service"`
	Endpoints  []Endpoint `json:"endpoints" xml:"endpoints>endpoint"`
}

// Endpoint is one API a discovery document lists.
type Endpoint struct {
	Specification string   `json:"specification" xml:"specification"`
	URL           string   `json:"url" xml:"url"`
	Changeset     string   `json:"changeset" xml:"changeset"`
	Type          string   `json:"type" xml:"type"` // production or test
	Formats       []string `json:"formats" xml:"formats>format"`
}

// Specification is the token discovery documents name GeoReport v2 by.
const Specification = "http://wiki.open311.org/GeoReport_v2"

// Formats are the MIME types every endpoint here answers in.
func Formats() []string { return []string{"text/xml", "application/json"} }

func root(name string) xml.StartElement { return xml.StartElement{Name: xml.Name{Local: name}} }
