package server

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"github.com/gin-gonic/gin"

	"gridline/auth"
	"gridline/community"
	"gridline/report"
	"gridline/store"
)

const pageSize = 25

// scope limits an inbox to what the account may see: the communities now in
// an operator's street (not the street copied onto a report when it was
// made, so a community moved to another street takes its reports along), a
// worker's own reports, everything for an admin.
func (s *Server) scope(c *gin.Context, u auth.User, q store.Inbox) (store.Inbox, error) {
	q.Crowd = s.Config.Crowd
	switch u.Role {
	case auth.Operator:
		coms, err := s.visibleCommunities(c, u)
		if err != nil {
			return q, err
		}
		codes := []string{}
		for _, com := range coms {
			if q.Communities == nil || slices.Contains(q.Communities, com.Code) {
				codes = append(codes, com.Code)
			}
		}
		q.Communities = codes
	case auth.Worker:
		q.Assignee = u.Username
	}
	return q, nil
}

// showInbox lists reports with filters, search, order and pages, and the
// count per state on top.
func (s *Server) showInbox(c *gin.Context) error {
	u := staff(c)
	q := store.Inbox{
		Status:   report.Status(c.Query("status")),
		Category: c.Query("category"),
		Assignee: c.Query("assignee"),
		Overdue:  c.Query("overdue") == "1",
		Urgent:   c.Query("sort") == "urgent",
		Now:      s.now(),
	}
	if code := c.Query("community"); code != "" {
		q.Communities = []string{code}
	}
	if typed := c.Query("q"); typed != "" {
		code, _ := report.ParseTracking(typed)
		q.Search = code.String()
		if q.Search == "" {
			q.Search = "-" // a malformed code matches nothing, without a query on its text
		}
	}
	q, err := s.scope(c, u, q)
	if err != nil {
		return err
	}
	page, _ := strconv.Atoi(c.DefaultQuery("page", "1"))
	page = max(page, 1)
	rs, total, err := s.reports.ListReports(c, q, (page-1)*pageSize, pageSize)
	if err != nil {
		return err
	}
	counts, err := s.reports.CountByStatus(c, q)
	if err != nil {
		return err
	}
	coms, err := s.visibleCommunities(c, u)
	if err != nil {
		return err
	}
	cats, err := s.categoryNames(c)
	if err != nil {
		return err
	}
	rows, err := s.rows(c, rs)
	if err != nil {
		return err
	}
	return s.renderStaff(c, http.StatusOK, "admin_inbox", gin.H{
		"Reports": rows, "Total": total, "Counts": counts, "Statuses": report.Statuses(),
		"Communities": coms, "Categories": cats, "Query": c.Request.URL.Query(),
		"Page": page, "Prev": pageLink(c, page-1, total), "Next": pageLink(c, page+1, total),
	})
}

// showStaffHome lists what is overdue first, then the rest of the open work,
// then the re-checks (回头看) due; a grid worker gets their own tasks
// instead (worker_tasks.go).
func (s *Server) showStaffHome(c *gin.Context) error {
	u := staff(c)
	if u.Role == auth.Worker {
		return s.showWorkerTasks(c, u)
	}
	now := s.now()
	q, err := s.scope(c, u, store.Inbox{Urgent: true, Now: now})
	if err != nil {
		return err
	}
	q.Overdue = true
	overdue, _, err := s.reports.ListReports(c, q, 0, 50)
	if err != nil {
		return err
	}
	q.Overdue, q.Open = false, true
	open, total, err := s.reports.ListReports(c, q, 0, pageSize)
	if err != nil {
		return err
	}
	overdueRows, err := s.rows(c, overdue)
	if err != nil {
		return err
	}
	openRows, err := s.rows(c, open)
	if err != nil {
		return err
	}
	rechecks, err := s.rechecksDue(c, u) // their street's, or all for an admin
	if err != nil {
		return err
	}
	return s.renderStaff(c, http.StatusOK, "admin_home", gin.H{
		"Overdue": overdueRows, "Open": openRows, "OpenTotal": total, "Rechecks": rechecks,
	})
}

// row is one report in a staff list, with its deadline state worked out.
type row struct {
	report.Report
	CommunityName    string
	Overdue, DueSoon bool
	Crowded          bool // 多人反映: see config.Config.Crowd
}

func (s *Server) rows(c *gin.Context, rs []report.Report) ([]row, error) {
	places := map[string]community.Community{}
	if len(rs) > 0 {
		coms, err := s.places.Communities(c)
		if err != nil {
			return nil, err
		}
		for _, com := range coms {
			places[com.Code] = com
		}
	}
	now := s.now()
	out := make([]row, len(rs))
	for i, r := range rs {
		name := r.Community
		if com, ok := places[r.Community]; ok {
			name, r.Street = com.Name, com.Street // the street it is in now
		}
		out[i] = row{Report: r, CommunityName: name, Overdue: r.Overdue(now), DueSoon: r.DueSoon(now, dueSoon),
			Crowded: store.Inbox{Crowd: s.Config.Crowd}.Crowded(r)}
	}
	return out, nil
}

// visibleCommunities lists the communities an account may filter by.
func (s *Server) visibleCommunities(c *gin.Context, u auth.User) ([]community.Community, error) {
	all, err := s.places.Communities(c)
	if err != nil {
		return nil, err
	}
	var out []community.Community
	for _, com := range all {
		if u.SeesCommunity(com.Street, com.Code) {
			out = append(out, com)
		}
	}
	return out, nil
}

// pageLink is the inbox URL of another page, or "" past either end.
func pageLink(c *gin.Context, page, total int) string {
	if page < 1 || (page-1)*pageSize >= total {
		return ""
	}
	q := url.Values{}
	for k, v := range c.Request.URL.Query() {
		q[k] = v
	}
	q.Set("page", strconv.Itoa(page))
	return c.Request.URL.Path + "?" + q.Encode()
}
