package open311

import "encoding/xml"

// Error is one error in the spec's shape: a code (the HTTP status, as the
// spec suggests) and a description meant for the person using the client.
type Error struct {
	Code        int    `json:"code" xml:"code"`
	Description string `json:"description" xml:"description"`
}

// Errors is the body of every failed request: <errors><error>… in XML, an
// array in JSON. It may hold several, one per thing wrong with a posted
// request.
type Errors []Error

// MarshalXML writes the list under its root element.
func (es Errors) MarshalXML(e *xml.Encoder, _ xml.StartElement) error {
	return e.EncodeElement(struct {
		Items []Error `xml:"error"`
	}{es}, root("errors"))
}

// MarshalJSON writes the list as an array, [] when empty.
func (es Errors) MarshalJSON() ([]byte, error) { return jsonArray([]Error(es)) }
