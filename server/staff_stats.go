package server

import (
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
// satisfaction, reopens, patrol finds (巡查发现, 夜巡 among them) and
// re-checks (回头看) per street and community over a chosen period
// (this month by default), a daily trend and a breakdown by category, from
// the month tallies of the communities the account sees.
func (s *Server) showStats(c *gin.Context) error {
	days, from, to := s.period(c)
	coms, err := s.visibleCommunities(c, staff(c))
	if err != nil {
		return err
	}
	codes := make([]string, len(coms))
	scoped := make([]stats.Community, len(coms))
	for i, com := range coms {
		codes[i] = com.Code
		scoped[i] = stats.Community{Code: com.Code, Name: com.Name, Street: com.Street}
	}
	months, err := s.figures.Tallies(c, days)
	if err != nil {
		return err
	}
	open, err := s.reports.OpenReports(c)
	if err != nil {
		return err
	}
	sum := stats.Summarize(months, scoped, days, stats.Overdue(open, days, s.zone, s.now()))
	charts := s.statsCharts(c, sum, stats.Trend(months, codes, days), stats.ByCategory(months, codes, days))
	return s.renderStaff(c, http.StatusOK, "admin_stats", gin.H{
		"Summary": sum, "From": from, "To": to, "Charts": charts, "Worker": staff(c).Role == auth.Worker,
		// 收到 counts residents' reports and patrol finds alike: the
		// sentence above the table splits them.
		"Residents": sum.Total.Residents(), "Night": s.Config.Night,
	})
}

// statsCharts draws the trend, the categories and the communities as inline
// SVG, each escaped by its drawing function.
func (s *Server) statsCharts(c *gin.Context, sum stats.Summary, trend []stats.TrendDay, cats []stats.CategoryRow) []template.HTML {
	t := s.label(c)
	var byCommunity, byCategory []stats.Bar
	for _, st := range sum.Streets {
		for _, row := range st.Communities {
			byCommunity = append(byCommunity, stats.Bar{Label: row.Name, Value: float64(row.Received),
				Text: fmt.Sprintf("%d / %d", row.Resolved, row.Received)})
		}
	}
	for _, cat := range cats {
		byCategory = append(byCategory, stats.Bar{Label: cat.Name, Value: float64(cat.Received),
			Text: fmt.Sprintf("%d / %d · %s", cat.Resolved, cat.Received, cat.Rate())})
	}
	return []template.HTML{
		template.HTML(stats.TrendChart(t("stats.trend_title"), t("stats.received"), t("stats.resolved"), trend)),
		template.HTML(stats.BarChart(t("stats.category_title"), byCategory)),
		template.HTML(stats.BarChart(t("stats.chart_title"), byCommunity)),
	}
}

// exportCSV downloads the period's reports, one row per report with every
// timestamp of the loop, as UTF-8 with a BOM so Excel reads the Chinese. It
// streams the period's day buckets, one day in memory at a time.
func (s *Server) exportCSV(c *gin.Context) error {
	days, from, to := s.period(c)
	u := staff(c)
	coms, err := s.visibleCommunities(c, u)
	if err != nil {
		return err
	}
	codes, names, streets := []string{}, map[string]string{}, map[string]string{}
	for _, com := range coms {
		if want := c.Query("community"); want == "" || want == com.Code {
			codes = append(codes, com.Code)
			names[com.Code], streets[com.Code] = com.Name, com.Street
		}
	}
	s.audit(c, u.Username, "export", c.Query("community"), from+".."+to)
	c.Header("Content-Type", "text/csv; charset=utf-8")
	c.Header("Content-Disposition", fmt.Sprintf(`attachment; filename="gridline-%s-%s.csv"`, from, to))
	c.Header("Cache-Control", "no-store") // residents' names and phone numbers
	c.Status(http.StatusOK)
	out, err := stats.NewCSV(c.Writer, names, s.zone, s.now(), s.label(c))
	if err == nil {
		err = s.figures.EachReportSubmitted(c, days, codes, func(r report.Report) error {
			if u.Role == auth.Worker && r.Assignee != u.Username {
				return nil
			}
			r.Street = streets[r.Community] // the street it is in now
			return out.Write(r)
		})
	}
	if err == nil {
		err = out.Flush()
	}
	if err != nil {
		// The header is sent: cut the connection so the download shows as
		// failed instead of ending as if complete.
		s.Log.ErrorContext(c, "export", "err", err)
		panic(http.ErrAbortHandler)
	}
	return nil
}

// period reads ?from= and ?to= (dates, inclusive) in the display zone; the
// default is the current month so far.
func (s *Server) period(c *gin.Context) (stats.Days, string, string) {
	now := s.now().In(s.zone)
	from := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, s.zone)
	to := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, s.zone)
	if t, err := time.ParseInLocation(time.DateOnly, c.Query("from"), s.zone); err == nil {
		from = t
	}
	if t, err := time.ParseInLocation(time.DateOnly, c.Query("to"), s.zone); err == nil && !t.Before(from) {
		to = t
	}
	if to.Before(from) {
		to = from
	}
	days := stats.Days{First: stats.DayOf(from, s.zone), Last: stats.DayOf(to, s.zone)}
	return days, from.Format(time.DateOnly), to.Format(time.DateOnly)
}

// label translates catalog messages into the request's language for the
// CSV export and the charts; a missing message (a bug the catalog tests
// catch) shows its ID.
func (s *Server) label(c *gin.Context) stats.Label {
	lang := language(c)
	return func(id string) string {
		text, err := s.catalog.T(lang, id)
		if err != nil {
			s.Log.ErrorContext(c, "label", "err", err)
			return id
		}
		return text
	}
}
