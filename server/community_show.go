package server

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"gridline/report"
	"gridline/stats"
)

// maxResults is how many published results a community page shows.
const maxResults = 20

// publicResult is all a community page shows of a published report: no
// description, place, photos of the problem, tracking code, name or phone.
type publicResult struct {
	Category string
	Date     string // of the latest resolution
	Reply    string // the public reply
	Photo    string // the first after-photo's ID, or empty
}

// showCommunityPage is a community's public page: its numbers this month and
// this year, computed exactly as the staff statistics compute them, and the
// results staff chose to publish.
func (s *Server) showCommunityPage(c *gin.Context) error {
	com, err := s.community(c)
	if err != nil {
		return err
	}
	month, year := s.monthAndYear()
	rs, err := s.Store.ReportsCreatedBetween(c, year.From, year.To, []string{com.Code})
	if err != nil {
		return err
	}
	scoped := []stats.Community{{Code: com.Code, Name: com.Name, Street: com.Street}}
	now := s.Store.Now()
	published, err := s.Store.PublishedReports(c, com.Code, maxResults)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "community", gin.H{
		"Community": com,
		"Month":     stats.Compute(rs, scoped, month, now).Total,
		"Year":      stats.Compute(rs, scoped, year, now).Total,
		"Results":   s.publicResults(published),
	})
}

// monthAndYear are this month and this year so far, up to the end of today
// in the display zone: the staff statistics' default period, and the year.
func (s *Server) monthAndYear() (month, year stats.Period) {
	now := s.Store.Now().In(s.Zone)
	end := time.Date(now.Year(), now.Month(), now.Day()+1, 0, 0, 0, 0, s.Zone).UTC()
	month = stats.Period{From: time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, s.Zone).UTC(), To: end}
	year = stats.Period{From: time.Date(now.Year(), time.January, 1, 0, 0, 0, 0, s.Zone).UTC(), To: end}
	return month, year
}

// publicResults keeps only what may be public of each published report.
func (s *Server) publicResults(rs []report.Report) []publicResult {
	out := make([]publicResult, 0, len(rs))
	for _, r := range rs {
		out = append(out, publicResult{
			Category: r.Category, Date: r.ResolvedAt.In(s.Zone).Format(time.DateOnly),
			Reply: r.Reply, Photo: resultPhoto(r),
		})
	}
	return out
}

// resultPhoto is the first after-photo of the latest resolution that had
// any: a reopened report's earlier photos showed a result nobody accepted.
func resultPhoto(r report.Report) string {
	for i := len(r.Timeline) - 1; i >= 0; i-- {
		if e := r.Timeline[i]; e.Action == report.Resolve && len(e.Photos) > 0 {
			return e.Photos[0]
		}
	}
	return ""
}
