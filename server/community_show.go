package server

import (
	"context"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"gridline/stats"
	"gridline/store"
)

// maxResults is how many published results a community page shows.
const maxResults = 20

// publicResult is all a community page shows of a published report, built
// field by field from what the store keeps for the page (store.Published, a
// copy of the report fields named in from; see public_view.go). Never the
// tracking code: holding it lets one rate the report.
type publicResult struct {
	Category string       `from:"report.Report.Category"`
	Date     string       `from:"report.Report.ResolvedAt"` // of the latest resolution
	Reply    string       `from:"report.Report.Reply"`      // the public reply
	Photo    *publicPhoto `from:"report.Event.Photos"`      // the first after-photo, or nil
}

// showCommunityPage is a community's public page: its numbers this month and
// this year, from the same tallies as the staff statistics, and the results
// staff chose to publish.
func (s *Server) showCommunityPage(c *gin.Context) error {
	com, err := s.community(c)
	if err != nil {
		return err
	}
	month, year := s.monthAndYear()
	months, err := s.figures.Tallies(c, year)
	if err != nil {
		return err
	}
	open, err := s.reports.OpenReports(c)
	if err != nil {
		return err
	}
	now := s.now()
	scoped := []stats.Community{{Code: com.Code, Name: com.Name, Street: com.Street}}
	published, err := s.figures.PublishedReports(c, com.Code, maxResults)
	if err != nil {
		return err
	}
	results, err := s.publicResults(c, published)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "community", gin.H{
		"Community": newPublicPlace(com),
		"Month":     stats.Summarize(months, scoped, month, stats.Overdue(open, month, s.zone, now)).Total,
		"Year":      stats.Summarize(months, scoped, year, stats.Overdue(open, year, s.zone, now)).Total,
		"Results":   results,
	})
}

// monthAndYear are this month and this year so far, up to today in the
// display zone: the staff statistics' default period, and the year.
func (s *Server) monthAndYear() (month, year stats.Days) {
	today := stats.DayOf(s.now(), s.zone)
	month = stats.Days{First: stats.Day{Year: today.Year, Month: today.Month, Day: 1}, Last: today}
	year = stats.Days{First: stats.Day{Year: today.Year, Month: time.January, Day: 1}, Last: today}
	return month, year
}

// publicResults keeps only what may be public of each published result,
// its photo as the public may see it (one look-up by _id each).
func (s *Server) publicResults(ctx context.Context, rs []store.Published) ([]publicResult, error) {
	out := make([]publicResult, 0, len(rs))
	for _, r := range rs {
		res := publicResult{Category: r.Category, Date: r.ResolvedAt.In(s.zone).Format(time.DateOnly), Reply: r.Reply}
		if r.Photo != "" {
			st, err := s.photoStates.PhotoState(ctx, r.Photo)
			if err != nil {
				return nil, err
			}
			p := s.publicPhotoOf(r.Photo, st)
			res.Photo = &p
		}
		out = append(out, res)
	}
	return out, nil
}
