package server

import (
	"errors"
	"net/http"
	"slices"
	"time"

	"github.com/gin-gonic/gin"

	"gridline/auth"
	"gridline/report"
	"gridline/store"
)

// showStaffReport shows staff everything about a report, and the actions
// their role allows from its current state.
func (s *Server) showStaffReport(c *gin.Context) error {
	r, err := s.staffReport(c)
	if err != nil {
		return err
	}
	return s.renderStaffReport(c, http.StatusOK, r, "", "")
}

// staffReport loads the report in the URL if the signed-in staff may see it.
// Anyone else gets the same 404 as for a report that does not exist.
func (s *Server) staffReport(c *gin.Context) (report.Report, error) {
	code, err := report.ParseTracking(c.Param("id"))
	if err != nil {
		return report.Report{}, errNotFound()
	}
	return s.seenReport(c, code)
}

// seenReport loads report code if the signed-in staff may see it, with the
// same 404 for a report they may not see as for one that does not exist:
// the one check of every staff route about a report or its photos.
func (s *Server) seenReport(c *gin.Context, code report.Tracking) (report.Report, error) {
	r, err := s.reports.Report(c, code)
	if errors.Is(err, store.ErrNotFound) {
		return report.Report{}, errNotFound()
	}
	if err != nil {
		return report.Report{}, err
	}
	// The street the community is in now decides, not the copy made when
	// the report was: a community moved to another street takes its reports
	// along (and the next change stores the street it is in now).
	com, err := s.places.Community(c, r.Community)
	if err == nil {
		r.Street = com.Street
	} else if !errors.Is(err, store.ErrNotFound) {
		return report.Report{}, err
	}
	if !staff(c).SeesReport(r) {
		return report.Report{}, errNotFound()
	}
	return r, nil
}

// renderStaffReport shows the report page with an optional notice (a message
// ID) and the name of whoever acted first, for conflicts.
func (s *Server) renderStaffReport(c *gin.Context, status int, r report.Report, notice, by string) error {
	if c.Request.Method == http.MethodPost && wantsJSON(c) {
		return s.stepRefusedJSON(c, status, r, notice, by) // the 办结 form's script
	}
	u := staff(c)
	com, err := s.places.Community(c, r.Community)
	if err != nil {
		return err
	}
	workers, err := s.workersOf(c, r.Community)
	if err != nil {
		return err
	}
	var actions []report.Action
	for _, a := range report.Actions(r.Status) {
		if u.May(a, r) {
			actions = append(actions, a)
		}
	}
	now := s.now()
	typed, _ := c.Get(typedKey)
	if typed == nil {
		typed = typedStep{}
	}
	return s.renderStaff(c, status, "admin_report", gin.H{
		"Typed":      typed,
		"Report":     r,
		"Community":  com,
		"Actions":    actions,
		"MayNote":    u.May(report.Note, r),
		"Workers":    workers,
		"DefaultDue": s.defaultDue(c, r.Category, now).In(s.zone).Format("2006-01-02T15:04"),
		"Overdue":    r.Overdue(now),
		"DueSoon":    r.DueSoon(now, dueSoon),
		"Notice":     notice,
		"By":         by,
		"Done":       c.Query("done"),
	})
}

// dueSoon is how close a due time must be for the inbox to warn.
const dueSoon = 4 * time.Hour

// defaultDue is now plus the category's deadline, or the configured one.
func (s *Server) defaultDue(c *gin.Context, category string, now time.Time) time.Time {
	cats, err := s.places.Categories(c)
	if err == nil {
		for _, cat := range cats {
			if cat.Name == category && cat.Deadline > 0 {
				return now.Add(cat.Deadline)
			}
		}
	}
	return now.Add(s.Config.Deadline)
}

// workersOf lists the enabled grid workers of a community, to dispatch to.
func (s *Server) workersOf(c *gin.Context, community string) ([]auth.User, error) {
	users, err := s.accounts.Users(c)
	if err != nil {
		return nil, err
	}
	var out []auth.User
	for _, u := range users {
		if u.Role == auth.Worker && !u.Disabled && slices.Contains(u.Communities, community) {
			out = append(out, u)
		}
	}
	return out, nil
}

// renderStaff renders a console page with the account and its CSRF token.
func (s *Server) renderStaff(c *gin.Context, status int, page string, data gin.H) error {
	data["User"] = staff(c)
	data["CSRF"] = csrfToken(c)
	return s.render(c, status, page, data)
}
