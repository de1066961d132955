package server

import (
	"net/http"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"gridline/report"
	"gridline/server/open311"
)

// openSpan is the longest period GET requests covers, and its default: the
// spec's 90 days.
const openSpan = 90 * 24 * time.Hour

// openQuery is GET requests' arguments, checked: the IDs asked for (which
// override the rest), or a period, services and statuses.
type openQuery struct {
	ids      []report.Tracking
	codes    []string // service codes; all when empty
	statuses []string // open, closed; both when empty
	from, to time.Time
}

// matches reports whether r was submitted in the period and is of the
// services and statuses asked for.
func (q openQuery) matches(r report.Report) bool {
	return !r.CreatedAt.Before(q.from) && !r.CreatedAt.After(q.to) &&
		(len(q.codes) == 0 || slices.Contains(q.codes, serviceCode(r.Category))) &&
		(len(q.statuses) == 0 || slices.Contains(q.statuses, openStatus(r.Status)))
}

// onlyOpen reports whether only open requests are asked for: all of them
// are in the work queue.
func (q openQuery) onlyOpen() bool {
	return len(q.statuses) > 0 && !slices.Contains(q.statuses, open311.Closed)
}

// openQueryOf reads GET requests' arguments, every problem with them as one
// message of a 400.
func (s *Server) openQueryOf(c *gin.Context) (openQuery, error) {
	var q openQuery
	var msgs []openMsg
	ids := open311.List(c.Query("service_request_id"))
	for _, id := range ids {
		code, err := report.ParseTracking(id)
		if err != nil {
			msgs = append(msgs, openMsg{"open311.bad_id", []any{"ID", clip(id, 20)}})
		} else if !slices.Contains(q.ids, code) {
			q.ids = append(q.ids, code)
		}
	}
	if len(ids) > openMaxIDs {
		msgs = append(msgs, openMsg{"open311.too_many_ids", []any{"Max", openMaxIDs}})
	}
	if len(ids) == 0 {
		var err error
		if msgs, err = s.openFilters(c, &q); err != nil {
			return q, err
		}
	}
	if len(msgs) > 0 {
		return q, &openError{status: http.StatusBadRequest, msgs: msgs}
	}
	return q, nil
}

// openFilters reads service_code, status, start_date and end_date into q;
// its error is the database's.
func (s *Server) openFilters(c *gin.Context, q *openQuery) ([]openMsg, error) {
	var msgs []openMsg
	if codes := open311.List(c.Query("service_code")); len(codes) > 0 {
		cats, err := s.places.Categories(c)
		if err != nil {
			return nil, err
		}
		for _, code := range codes {
			if _, ok := categoryOfCode(cats, code); !ok {
				msgs = append(msgs, openMsg{"open311.service_unknown", []any{"Code", clip(code, 20)}})
			}
		}
		q.codes = codes
	}
	for _, st := range open311.List(c.Query("status")) {
		if st != open311.Open && st != open311.Closed {
			msgs = append(msgs, openMsg{"open311.bad_status", nil})
			break
		}
		q.statuses = append(q.statuses, st)
	}
	return append(msgs, s.openPeriod(c, q)...), nil
}

// openPeriod reads start_date and end_date into q: by default the 90 days
// to now; one of them alone spans 90 days from or to it.
func (s *Server) openPeriod(c *gin.Context, q *openQuery) []openMsg {
	var msgs []openMsg
	read := func(name string) (time.Time, bool) {
		v := c.Query(name)
		if v == "" {
			return time.Time{}, false
		}
		t, err := open311.ParseTime(v, s.zone)
		if err != nil {
			msgs = append(msgs, openMsg{"open311.bad_date", []any{"Field", name}})
		}
		return t, err == nil
	}
	from, hasFrom := read("start_date")
	to, hasTo := read("end_date")
	switch {
	case len(msgs) > 0:
		return msgs
	case !hasFrom && !hasTo:
		to = s.now()
		from = to.Add(-openSpan)
	case !hasTo:
		to = from.Add(openSpan)
	case !hasFrom:
		from = to.Add(-openSpan)
	case to.Before(from):
		return []openMsg{{"open311.date_order", nil}}
	case to.Sub(from) > openSpan:
		return []openMsg{{"open311.date_span", nil}}
	}
	q.from, q.to = from, to
	return nil
}

// clip is at most n characters of s, for an answer that names what was sent.
func clip(s string, n int) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}
