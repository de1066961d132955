package server

import (
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"gridline/auth"
	"gridline/report"
)

// rechecksDue lists the re-checks (回头看) an account makes or oversees that
// fall due by the end of today, earliest first, at most maxTasks: a grid
// worker's communities, an operator's street, every community for an
// admin. Closed reports are not in the work queue; the store keeps those
// owing a re-check apart (store.RechecksDue), so this reads no history.
func (s *Server) rechecksDue(c *gin.Context, u auth.User) ([]row, error) {
	codes, err := s.recheckScope(c, u)
	if err != nil {
		return nil, err
	}
	rs, err := s.reports.RechecksDue(c, codes, endOfDay(s.now(), s.zone))
	if err != nil {
		return nil, err
	}
	return s.rows(c, rs[:min(len(rs), maxTasks)])
}

// recheckScope is the communities whose re-checks an account sees: nil, all
// of them, for an admin; never nil for anyone else, so an account without
// communities sees none.
func (s *Server) recheckScope(c *gin.Context, u auth.User) ([]string, error) {
	switch u.Role {
	case auth.Admin:
		return nil, nil
	case auth.Worker:
		return append([]string{}, u.Communities...), nil
	}
	coms, err := s.visibleCommunities(c, u)
	if err != nil {
		return nil, err
	}
	codes := []string{}
	for _, com := range coms {
		codes = append(codes, com.Code)
	}
	return codes, nil
}

// endOfDay is the midnight that ends now's day in zone: a worker plans the
// day's visits, so a re-check due this afternoon is listed this morning.
func endOfDay(now time.Time, zone *time.Location) time.Time {
	y, m, d := now.In(zone).Date()
	return time.Date(y, m, d+1, 0, 0, 0, 0, zone)
}

// recheckedNotice is the message ID that tells a grid worker, back on the
// task list, what their re-check recorded (?done=recheck-held or
// -relapsed), or "". Only the two findings make a message ID.
func recheckedNotice(c *gin.Context) string {
	f, ok := strings.CutPrefix(c.Query("done"), "recheck-")
	if !ok || !report.Finding(f).Valid() {
		return ""
	}
	return "tasks.rechecked_" + f
}
