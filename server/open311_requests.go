package server

import (
	"errors"
	"net/http"
	"path"
	"slices"
	"strings"

	"github.com/gin-gonic/gin"

	"gridline/report"
	"gridline/server/open311"
	"gridline/stats"
	"gridline/store"
)

// Bounds of GET requests (see docs/ARCHITECTURE.md, Databases): a list is
// read from the day buckets of at most 90 days, newest day first, and stops
// at the spec's 1,000 requests; open requests alone from the work queue; a
// list of IDs is a look-up by _id each.
const (
	openMaxRequests = 1000
	openMaxIDs      = 100
)

// listRequests is GET requests: the reports named by service_request_id,
// or those submitted in a period (the last 90 days unless start_date and
// end_date say otherwise), of some services and statuses, newest first.
func (s *Server) listRequests(c *gin.Context) error {
	q, err := s.openQueryOf(c)
	if err != nil {
		return err
	}
	var rs []report.Report
	switch {
	case len(q.ids) > 0:
		rs, err = s.openReportsByID(c, q.ids)
	case q.onlyOpen():
		rs, err = s.openReportsInWork(c, q)
	default:
		rs, err = s.openReportsSubmitted(c, q)
	}
	if err != nil {
		return err
	}
	return s.answerRequests(c, rs)
}

// showRequest is GET requests/{service_request_id}: one report, by _id.
func (s *Server) showRequest(c *gin.Context) error {
	id, _, _ := open311.Split(path.Base(c.Request.URL.Path))
	code, err := report.ParseTracking(id)
	if err != nil {
		return apiError(http.StatusNotFound, "open311.request_not_found")
	}
	r, err := s.reports.Report(c, code)
	if errors.Is(err, store.ErrNotFound) {
		return apiError(http.StatusNotFound, "open311.request_not_found")
	}
	if err != nil {
		return err
	}
	return s.answerRequests(c, []report.Report{r})
}

// answerRequests writes the public side of rs.
func (s *Server) answerRequests(c *gin.Context, rs []report.Report) error {
	places, err := s.openPlaces(c)
	if err != nil {
		return err
	}
	list := make(open311.Requests, 0, len(rs))
	for _, r := range rs {
		list = append(list, s.openRequest(r, places, language(c)))
	}
	s.answer(c, http.StatusOK, list)
	return nil
}

// openReportsByID looks each ID up by _id, in the order given; IDs of no
// report are left out, as the spec's list of matches has it.
func (s *Server) openReportsByID(c *gin.Context, ids []report.Tracking) ([]report.Report, error) {
	var out []report.Report
	for _, id := range ids {
		r, err := s.reports.Report(c, id)
		if errors.Is(err, store.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

// openReportsInWork answers status=open from the work queue, which holds
// a copy of every report not closed or rejected (a few hundred): the
// question a platform asks most, without reading 90 days of buckets.
func (s *Server) openReportsInWork(c *gin.Context, q openQuery) ([]report.Report, error) {
	work, err := s.reports.OpenReports(c)
	if err != nil {
		return nil, err
	}
	var out []report.Report
	for _, r := range work {
		if q.matches(r) {
			out = append(out, r)
		}
	}
	slices.SortFunc(out, func(a, b report.Report) int {
		if c := b.CreatedAt.Compare(a.CreatedAt); c != 0 {
			return c
		}
		return strings.Compare(b.ID, a.ID)
	})
	return out[:min(len(out), openMaxRequests)], nil
}

// openReportsSubmitted reads the day buckets from the period's last day
// (today at the latest) back to its first, keeping the reports that match,
// newest first, and stops at the day that brings the list to
// openMaxRequests.
func (s *Server) openReportsSubmitted(c *gin.Context, q openQuery) ([]report.Report, error) {
	var out []report.Report
	first := stats.DayOf(q.from, s.zone).Start(s.zone)
	last := q.to
	if now := s.now(); last.After(now) {
		last = now
	}
	for day := stats.DayOf(last, s.zone).Start(s.zone); !day.Before(first) && len(out) < openMaxRequests; day = day.AddDate(0, 0, -1) {
		d := stats.DayOf(day, s.zone)
		var ofDay []report.Report
		err := s.figures.EachReportSubmitted(c, stats.Days{First: d, Last: d}, nil, func(r report.Report) error {
			if q.matches(r) {
				ofDay = append(ofDay, r)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		slices.Reverse(ofDay)
		out = append(out, ofDay...)
	}
	return out[:min(len(out), openMaxRequests)], nil
}
