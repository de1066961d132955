package server

import (
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"

	"gridline/report"
	"gridline/server/form"
	"gridline/store"
)

// recheckReport records a re-check (回头看) of a closed report: what the
// visit found (保持, the fix held; 反弹, it came back and the report goes
// back to the operators), a photo of the place, which goes through the same
// pipeline as residents' photos, and an optional public note. The form's
// script (static/js/report.js) gets every answer as JSON, as the 办结 form's
// does (staff_report_json.go).
//
// Everything that can be refused is refused before a photo is stored, so a
// second tap or a retry after the re-check was recorded stores nothing; two
// at once are decided by the compare-and-set, and the loser's photo is
// removed.
func (s *Server) recheckReport(c *gin.Context) error {
	err := s.recheck(c)
	if err != nil && wantsJSON(c) {
		return s.failureJSON(c, err)
	}
	return err
}

// recheck is recheckReport for either kind of answer.
func (s *Server) recheck(c *gin.Context) error {
	r, err := s.staffReport(c)
	if pe := new(pageError); errors.As(err, &pe) && pe.status == http.StatusNotFound {
		return s.recheckGone(c, err)
	}
	if err != nil {
		return err
	}
	if !staff(c).May(report.Recheck, r) {
		return s.forbidden(c, "staff.recheck_not_serving")
	}
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, maxBody)
	values, uploads, errs, err := form.ReadMultipart(c.Request, "photos", form.Limits{MaxPhotos: maxPhotos, MaxPhotoBytes: maxPhotoBytes})
	st, msg := s.stepFromForm(c, r, report.Recheck, values["public"], "") // keeps the text typed
	if err != nil {
		return s.refuseUnreadForm(c, r, err)
	}
	st.Finding = report.Finding(values["finding"])
	if typed, ok := c.Value(typedKey).(typedStep); ok { // the page shown again keeps the choice too
		typed.Finding = values["finding"]
		c.Set(typedKey, typed)
	}
	if msg == "" {
		msg = recheckRefusal(r, st, errs["photos"], len(uploads))
	}
	switch msg {
	case "":
	case "staff.recheck_not_due":
		return s.renderStaffReport(c, http.StatusConflict, r, msg, "")
	default:
		return s.renderStaffReport(c, http.StatusUnprocessableEntity, r, msg, "")
	}
	photos, field, err := s.processPhotos(c, uploads)
	if field != "" {
		return s.renderStaffReport(c, http.StatusUnprocessableEntity, r, field, "")
	}
	if err != nil {
		return err
	}
	if st.Photos, err = s.storePhotos(c, photos); err != nil {
		return err
	}
	applied, err := s.storeRecheck(c, r, st)
	if !applied && !s.onTimeline(c, r.Tracking(), st.Photos) {
		s.deletePhotos(c, st.Photos) // the re-check was refused: its photo belongs to nothing
	}
	return err
}

// recheckRefusal is the message ID of why a re-check cannot be recorded,
// checked before any photo work, or "". None is owed any more once one was
// recorded: that is what a second tap meets.
func recheckRefusal(r report.Report, st report.Step, photoMsg string, photos int) string {
	switch {
	case r.RecheckDue.IsZero() || !report.Allowed(r.Status, report.Recheck):
		return "staff.recheck_not_due"
	case photoMsg != "":
		return photoMsg
	case !st.Finding.Valid():
		return "staff.recheck_finding_required"
	case photos == 0:
		return "staff.recheck_photo_required"
	}
	return ""
}

// storeRecheck runs the state machine and stores the re-check if nobody
// changed the report meanwhile, as applyStep does for the other steps, and
// answers with a page the person may still see: nothing is owed any more,
// and after a relapse the report is back with the operators, so a grid
// worker who recorded it goes back to the task list.
func (s *Server) storeRecheck(c *gin.Context, r report.Report, st report.Step) (applied bool, err error) {
	next, err := report.Apply(r, st)
	if err != nil { // its content was checked: only the state can have moved on
		return false, s.renderStaffReport(c, http.StatusConflict, r, "staff.recheck_not_due", "")
	}
	err = s.reports.UpdateReport(c, r.Version, next)
	if errors.Is(err, store.ErrConflict) {
		latest, lerr := s.reports.Report(c, r.Tracking())
		if lerr != nil {
			return false, lerr
		}
		if latest.Street = r.Street; !staff(c).SeesReport(latest) {
			return false, s.recheckRecorded(c, latest)
		}
		return false, s.renderConflict(c, latest)
	}
	if err != nil {
		return false, err
	}
	s.audit(c, st.Actor, "report."+string(st.Action), r.ID, string(st.Finding))
	return true, s.recheckDone(c, next)
}

// recheckDone sends staff on after a re-check of r was stored: back to the
// report if they still see it, else to their task list, which says what
// was recorded. A redirect, or the address for the script.
func (s *Server) recheckDone(c *gin.Context, r report.Report) error {
	to := "/admin/reports/" + r.ID + "?done=recheck"
	if !staff(c).SeesReport(r) {
		to = "/admin?done=recheck-" + string(findingOf(r.Timeline[len(r.Timeline)-1]))
	}
	if wantsJSON(c) {
		return s.answerJSON(c, http.StatusOK, formAnswer{URL: to})
	}
	c.Redirect(http.StatusSeeOther, to)
	return nil
}

// findingOf is what a re-check event found: the state it left the report
// in tells (a relapse reopens it; see report.Loop), as the figures read it.
func findingOf(e report.Event) report.Finding {
	if e.Status == report.Reopened {
		return report.Relapsed
	}
	return report.Held
}
