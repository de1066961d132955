package server

import (
	"bytes"
	"fmt"
	"html/template"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"gridline/auth"
	"gridline/report"
	"gridline/stats"
)

// showStats shows resolution rate, on-time rate, times to accept and resolve,
// satisfaction and reopens per street and community over a chosen period,
// computed from the stored timelines of the communities the account sees.
func (s *Server) showStats(c *gin.Context) error {
	p, from, to := s.period(c)
	sum, err := s.summary(c, p)
	if err != nil {
		return err
	}
	if sum, err = s.withScans(c, sum, p); err != nil {
		return err
	}
	var bars []stats.Bar
	for _, st := range sum.Streets {
		for _, row := range st.Communities {
			bars = append(bars, stats.Bar{Label: row.Name, Value: float64(row.Received),
				Text: fmt.Sprintf("%d / %d", row.Resolved, row.Received)})
		}
	}
	title, err := s.Catalog.T(language(c), "stats.chart_title")
	if err != nil {
		return err
	}
	return s.renderStaff(c, http.StatusOK, "admin_stats", gin.H{
		"Summary": sum, "From": from, "To": to,
		"Chart": template.HTML(stats.BarChart(title, bars)), // escaped by BarChart itself
	})
}

// exportCSV downloads the period's reports, one row per report with every
// timestamp of the loop, as UTF-8 with a BOM so Excel reads the Chinese.
func (s *Server) exportCSV(c *gin.Context) error {
	p, from, to := s.period(c)
	coms, err := s.visibleCommunities(c, staff(c))
	if err != nil {
		return err
	}
	codes, names := []string{}, map[string]string{}
	for _, com := range coms {
		if want := c.Query("community"); want == "" || want == com.Code {
			codes = append(codes, com.Code)
			names[com.Code] = com.Name
		}
	}
	rs, err := s.Store.ReportsCreatedBetween(c, p.From, p.To, codes)
	if err != nil {
		return err
	}
	if staff(c).Role == auth.Worker {
		rs = mine(rs, staff(c).Username)
	}
	var buf bytes.Buffer
	if err := stats.WriteCSV(&buf, rs, names, s.Zone, s.Store.Now(), s.label(c)); err != nil {
		return err
	}
	s.audit(c, staff(c).Username, "export", c.Query("community"), from+".."+to)
	c.Header("Content-Disposition", fmt.Sprintf(`attachment; filename="gridline-%s-%s.csv"`, from, to))
	c.Header("Cache-Control", "no-store") // residents' names and phone numbers
	c.Data(http.StatusOK, "text/csv; charset=utf-8", buf.Bytes())
	return nil
}

// summary computes the statistics of what the account may see.
func (s *Server) summary(c *gin.Context, p stats.Period) (stats.Summary, error) {
	coms, err := s.visibleCommunities(c, staff(c))
	if err != nil {
		return stats.Summary{}, err
	}
	codes := make([]string, len(coms))
	scoped := make([]stats.Community, len(coms))
	for i, com := range coms {
		codes[i] = com.Code
		scoped[i] = stats.Community{Code: com.Code, Name: com.Name, Street: com.Street}
	}
	rs, err := s.Store.ReportsCreatedBetween(c, p.From, p.To, codes)
	if err != nil {
		return stats.Summary{}, err
	}
	if staff(c).Role == auth.Worker {
		rs = mine(rs, staff(c).Username)
	}
	return stats.Compute(rs, scoped, p, s.Store.Now()), nil
}

// period reads ?from= and ?to= (dates, inclusive) in the display zone; the
// default is the current month so far.
func (s *Server) period(c *gin.Context) (stats.Period, string, string) {
	now := s.Store.Now().In(s.Zone)
	from := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, s.Zone)
	to := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, s.Zone)
	if t, err := time.ParseInLocation(time.DateOnly, c.Query("from"), s.Zone); err == nil {
		from = t
	}
	if t, err := time.ParseInLocation(time.DateOnly, c.Query("to"), s.Zone); err == nil && !t.Before(from) {
		to = t
	}
	if to.Before(from) {
		to = from
	}
	return stats.Period{From: from.UTC(), To: to.AddDate(0, 0, 1).UTC()}, from.Format(time.DateOnly), to.Format(time.DateOnly)
}

// mine keeps the reports dispatched to a worker.
func mine(rs []report.Report, username string) []report.Report {
	var out []report.Report
	for _, r := range rs {
		if r.Assignee == username {
			out = append(out, r)
		}
	}
	return out
}

// label translates catalog messages into the request's language for the
// CSV export; a missing message (a bug the catalog tests catch) shows its ID.
func (s *Server) label(c *gin.Context) stats.Label {
	lang := language(c)
	return func(id string) string {
		text, err := s.Catalog.T(lang, id)
		if err != nil {
			s.Log.ErrorContext(c, "csv label", "err", err)
			return id
		}
		return text
	}
}
