package server

import (
	"net/http"
	"slices"

	"github.com/gin-gonic/gin"

	"gridline/auth"
	"gridline/store"
)

// maxTasks bounds a worker's task list; the inbox pages through the rest.
const maxTasks = 100

// taskGroup is one heading of a grid worker's task list (我的任务) and its
// reports, most urgent first.
type taskGroup struct {
	Kind string // overdue, due_soon, recheck, later: the heading is the message "tasks."+Kind
	Rows []row
}

// showWorkerTasks is a grid worker's home: the open reports assigned to them
// (dispatched or in progress: a reopened report loses its worker), in groups
// a worker on foot reads top down. It reads the work queue, never the
// history.
func (s *Server) showWorkerTasks(c *gin.Context, u auth.User) error {
	q, err := s.scope(c, u, store.Inbox{Open: true, Urgent: true, Now: s.now()})
	if err != nil {
		return err
	}
	rs, total, err := s.reports.ListReports(c, q, 0, maxTasks)
	if err != nil {
		return err
	}
	rows, err := s.rows(c, rs)
	if err != nil {
		return err
	}
	rechecks, err := s.rechecksDue(c, u) // recheck_list.go
	if err != nil {
		return err
	}
	return s.renderStaff(c, http.StatusOK, "worker_home", gin.H{
		"Groups": taskGroups(rows, rechecks), "Total": total, "Shown": len(rows), "More": total > len(rows),
		"Notice": recheckedNotice(c),
	})
}

// taskGroups orders a worker's tasks: overdue first, then due within
// dueSoon, then the rest, each soonest due first (rows come in the work
// queue's urgent order, due time first, and every task has a due time: a
// dispatch sets one), with the re-checks (回头看) due after the due-soon
// ones. Empty groups are left out; the template renders the rest in this
// order, each under its own heading.
func taskGroups(rows, rechecks []row) []taskGroup {
	var overdue, soon, later []row
	for _, r := range rows {
		switch {
		case r.Overdue:
			overdue = append(overdue, r)
		case r.DueSoon:
			soon = append(soon, r)
		default:
			later = append(later, r)
		}
	}
	groups := []taskGroup{
		{Kind: "overdue", Rows: overdue},
		{Kind: "due_soon", Rows: soon},
		{Kind: "recheck", Rows: rechecks}, // closed reports: their own cards (recheck_rows)
		{Kind: "later", Rows: later},
	}
	return slices.DeleteFunc(groups, func(g taskGroup) bool { return len(g.Rows) == 0 })
}
