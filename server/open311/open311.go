// Package open311 writes and reads the wire formats of Open311 GeoReport v2
// (wiki.open311.org/GeoReport_v2), the one open standard city platforms and
// third-party apps speak for civic issue reports: service discovery,
// services and their definitions, service requests, the answer to a posted
// request, and errors, in XML (which the spec requires) and JSON (the
// spec's mapping of the same XML, the "Spark convention": a list is an
// array, an element an object).
//
// It is plain Go and knows nothing of reports or HTTP handlers: the server
// fills these types field by field from what may be public, and this
// package only spells them the way the spec does, element names, order,
// times with their offsets, null for a value that is absent.
package open311

import (
	"encoding/xml"
	"fmt"
	"io"
	"path"
	"strings"
	"time"
)

// Format is how a document is written: the extension of the resource's URL
// (/services.xml, /requests/ID.json) says which.
type Format string

// The two formats. XML is the spec's required one and the default.
const (
	XML  Format = "xml"
	JSON Format = "json"
)

// ContentType is the header the spec asks for each format, always UTF-8.
func (f Format) ContentType() string {
	if f == JSON {
		return "application/json; charset=utf-8"
	}
	return "text/xml; charset=utf-8"
}

// Split takes a resource's last path segment ("requests.json", "ABC.xml")
// apart into its name and format; ok is false for any other extension, so
// a path without one is a resource that is not there.
func Split(segment string) (name string, f Format, ok bool) {
	ext := path.Ext(segment)
	switch Format(strings.TrimPrefix(ext, ".")) {
	case XML:
		return strings.TrimSuffix(segment, ext), XML, true
	case JSON:
		return strings.TrimSuffix(segment, ext), JSON, true
	}
	return segment, XML, false
}

// Write writes v, one of the document types of this package (Services,
// Definition, Requests, Created, Errors, Discovery), in format f: XML with
// the declaration naming UTF-8, as the spec requires before the root.
func Write(w io.Writer, f Format, v any) error {
	if f == JSON {
		return writeJSON(w, v)
	}
	if _, err := io.WriteString(w, `<?xml version="1.0" encoding="UTF-8"?>`+"\n"); err != nil {
		return err
	}
	e := xml.NewEncoder(w)
	e.Indent("", "  ")
	if err := e.Encode(v); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// Time formats t as the spec's dates and times are written: the W3C
// profile of ISO 8601, to the second, with the offset of t's location (or
// Z for UTC). The caller puts t in the zone it wants shown.
func Time(t time.Time) string { return t.Format(time.RFC3339) }

// ParseTime reads a start_date or end_date: the W3C profile of ISO 8601
// with an offset or Z, to the minute, second or fraction; or a bare date,
// taken as its midnight in zone. A "+" sent unescaped in a query string
// arrives as a space, so a space is read as "+".
func ParseTime(s string, zone *time.Location) (time.Time, error) {
	s = strings.ReplaceAll(strings.TrimSpace(s), " ", "+")
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04Z07:00"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	if t, err := time.ParseInLocation(time.DateOnly, s, zone); err == nil {
		return t, nil
	}
	return time.Time{}, fmt.Errorf("open311: %q is not a W3C date and time with an offset", s)
}

// List splits a comma-delimited argument (service_request_id, service_code,
// status) into its items, blanks dropped.
func List(s string) []string {
	var out []string
	for item := range strings.SplitSeq(s, ",") {
		if item = strings.TrimSpace(item); item != "" {
			out = append(out, item)
		}
	}
	return out
}
