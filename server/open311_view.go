package server

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"time"

	"gridline/community"
	"gridline/report"
	"gridline/server/open311"
)

// serviceCode is the Open311 service_code of a category: the first 8 hex
// digits of the SHA-256 of its name. A category is stored under its name,
// which never changes (a renamed category is a new one), so the code stays
// the same however admins reorder the list, as a platform's mapping table
// needs; it is plain ASCII, safe in a URL path and a comma-delimited list,
// where the Chinese name would need escaping.
func serviceCode(category string) string {
	sum := sha256.Sum256([]byte(category))
	return hex.EncodeToString(sum[:4])
}

// openStatus is the spec's two-valued status: closed when nothing more
// can happen to the report (closed, or rejected), open while it goes round.
func openStatus(s report.Status) string {
	if s.Final() {
		return open311.Closed
	}
	return open311.Open
}

// openPlaces are the communities by code, as public pages show them, for
// the address of each request.
type openPlaces map[string]publicPlace

// places reads the communities (a small collection) once per answer.
func (s *Server) openPlaces(ctx context.Context) (openPlaces, error) {
	coms, err := s.places.Communities(ctx)
	if err != nil {
		return nil, err
	}
	out := make(openPlaces, len(coms))
	for _, c := range coms {
		out[c.Code] = newPublicPlace(c)
	}
	return out, nil
}

// openRequest is what the API shows of r, copied field by field from what
// the tracking page may show (newPublicReport: no contact, household,
// coordinates, internal steps, notes or staff names) and the community's
// public place; every field's source is named on open311.Request.
func (s *Server) openRequest(r report.Report, places openPlaces, lang string) open311.Request {
	p := newPublicReport(r)
	place := places[r.Community]
	req := open311.Request{
		ID:                p.ID,
		Status:            openStatus(p.Status),
		StatusNotes:       s.statusNotes(p, lang),
		ServiceName:       p.Category,
		ServiceCode:       serviceCode(p.Category),
		Description:       p.Description,
		AgencyResponsible: r.Street,
		Requested:         p.CreatedAt.In(s.zone),
		Expected:          expected(r).In(s.zone),
		Address:           place.Street + " · " + place.Name,
		AddressID:         r.Community,
	}
	if place.Name == "" { // communities are never deleted; were one missing, the street alone
		req.Address = r.Street
	}
	if n := len(p.Timeline); n > 0 {
		req.Updated = p.Timeline[n-1].At.In(s.zone)
	}
	if len(p.Photos) > 0 {
		req.MediaURL = s.Config.BaseURL + p.Photos[0].Full
	}
	return req
}

// expected is the due time a report is held to, shown while it runs and
// after the report was resolved against it; none before a dispatch, nor
// while a reopened or rejected report waits with an old one.
func expected(r report.Report) time.Time {
	if r.HasDeadline() || r.Status == report.Resolved || r.Status == report.Closed {
		return r.DueAt
	}
	return time.Time{}
}

// statusNotes is the report's state in words and the latest public note on
// its timeline, as the tracking page shows them.
func (s *Server) statusNotes(p publicReport, lang string) string {
	label, err := s.catalog.T(lang, p.Status.MessageID())
	if err != nil {
		label = string(p.Status)
	}
	note := ""
	for _, e := range p.Timeline {
		if e.PublicNote != "" {
			note = e.PublicNote
		}
	}
	if note == "" {
		return label
	}
	if text, err := s.catalog.T(lang, "open311.status_notes", "Status", label, "Note", note); err == nil {
		return text
	}
	return label + ": " + note
}

// categoryOfCode finds the category a service_code names, among cats.
func categoryOfCode(cats []community.Category, code string) (community.Category, bool) {
	for _, c := range cats {
		if serviceCode(c.Name) == code {
			return c, true
		}
	}
	return community.Category{}, false
}
