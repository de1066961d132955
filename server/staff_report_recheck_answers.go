package server

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"time"

	"github.com/gin-gonic/gin"

	"gridline/report"
	"gridline/server/form"
	"gridline/store"
)

// recheckGone answers a re-check of a report the account does not see: the
// 404 of a report that is not there (notFound), unless the account itself
// recorded the re-check that took the report out of its view, as a second
// tap, or a retry whose first answer was lost, finds.
func (s *Server) recheckGone(c *gin.Context, notFound error) error {
	code, err := report.ParseTracking(c.Param("id"))
	if err != nil {
		return notFound
	}
	r, err := s.reports.Report(c, code)
	if errors.Is(err, store.ErrNotFound) {
		return notFound
	}
	if err != nil {
		return err
	}
	if _, ok := lastRecheckBy(r, staff(c).Username); !ok {
		return notFound
	}
	return s.recheckRecorded(c, r)
}

// recheckRecorded answers a re-check sent again for a report whose re-check
// is recorded, which the account no longer sees: the script's retry by the
// account that recorded it is answered as done (its draft is dropped and it
// goes on to the task list), anything else is told so on a page that shows
// nothing of the report.
func (s *Server) recheckRecorded(c *gin.Context, r report.Report) error {
	if e, ok := lastRecheckBy(r, staff(c).Username); ok && wantsJSON(c) {
		return s.answerJSON(c, http.StatusOK, formAnswer{URL: "/admin?done=recheck-" + string(findingOf(e))})
	}
	return &pageError{status: http.StatusConflict, title: "action.recheck", msg: "staff.recheck_recorded", back: "/admin"}
}

// lastRecheckBy is r's latest re-check, if username recorded it.
func lastRecheckBy(r report.Report, username string) (report.Event, bool) {
	for i := len(r.Timeline) - 1; i >= 0; i-- {
		if e := r.Timeline[i]; e.Action == report.Recheck {
			return e, e.Actor == username
		}
	}
	return report.Event{}, false
}

// refuseUnreadForm answers a staff form with photos whose body could not
// be read: too large, too slow, or not a form at all.
func (s *Server) refuseUnreadForm(c *gin.Context, r report.Report, err error) error {
	if tooLarge := new(http.MaxBytesError); errors.As(err, &tooLarge) || errors.Is(err, form.ErrTooMuch) {
		return s.renderStaffReport(c, http.StatusRequestEntityTooLarge, r, "form.too_large", "")
	}
	if errors.Is(err, errStalled) {
		return s.renderStaffReport(c, http.StatusRequestTimeout, r, "limits.form_too_slow", "")
	}
	return &pageError{status: http.StatusBadRequest, title: "error.bad_request.title", msg: "error.bad_request.message", err: err}
}

// onTimeline asks the database again whether the report's timeline refers
// to photos after a step that failed: the write may have landed and only
// its answer been lost. When the database cannot say, the photos stay; the
// orphan clean-up removes them later if nothing refers to them.
func (s *Server) onTimeline(c *gin.Context, id report.Tracking, photos []string) bool {
	if len(photos) == 0 {
		return false
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(c), 5*time.Second)
	defer cancel()
	r, err := s.reports.Report(ctx, id)
	if err != nil {
		return !errors.Is(err, store.ErrNotFound)
	}
	return slices.ContainsFunc(r.Timeline, func(e report.Event) bool { return slices.Contains(e.Photos, photos[0]) })
}
