package server

import (
	"errors"
	"net/http"
	"slices"
	"time"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"gridline/auth"
	"gridline/report"
	"gridline/server/form"
	"gridline/store"
)

// typedStep is what staff typed into an action's form, shown again when the
// action is refused.
type typedStep struct {
	Action                      report.Action
	Public, Internal, Unit, Due string
	Finding                     string // a re-check's, as chosen
}

const typedKey = "typed_step"

// Note lengths staff may write.
const (
	maxPublicNote   = 500
	maxInternalNote = 1000
)

// actOnReport applies one staff action (accept, reject, dispatch, take, note,
// publish) with a compare-and-set on the report's version.
func (s *Server) actOnReport(c *gin.Context) error {
	r, err := s.staffReport(c)
	if err != nil {
		return err
	}
	action := report.Action(c.Param("action"))
	if !staff(c).May(action, r) {
		return s.forbidden(c, "error.not_yours.message")
	}
	st, msg := s.stepFromForm(c, r, action, c.PostForm("public"), c.PostForm("internal"))
	if msg != "" {
		return s.renderStaffReport(c, http.StatusUnprocessableEntity, r, msg, "")
	}
	_, err = s.applyStep(c, r, st)
	return err
}

// stepFromForm reads a step on r from the action's form fields, or returns
// the message ID of what is wrong with them.
func (s *Server) stepFromForm(c *gin.Context, r report.Report, action report.Action, public, internal string) (report.Step, string) {
	st := report.Step{
		Action: action, Actor: staff(c).Username, At: s.now(),
		PublicNote: form.CleanText(public), InternalNote: form.CleanText(internal),
	}
	// Whatever is refused below, the page shown again keeps what was typed.
	c.Set(typedKey, typedStep{Action: action, Public: st.PublicNote, Internal: st.InternalNote,
		Unit: form.CleanLine(c.PostForm("unit")), Due: c.PostForm("due")})
	if utf8.RuneCountInString(st.PublicNote) > maxPublicNote || utf8.RuneCountInString(st.InternalNote) > maxInternalNote {
		return st, "staff.note_too_long"
	}
	if action != report.Dispatch {
		return st, ""
	}
	st.Unit = form.CleanLine(c.PostForm("unit"))
	if w := c.PostForm("worker"); w != "" {
		// Only what the dispatch form offers: an enabled worker of the
		// report's community (workers see whatever is dispatched to them).
		u, err := s.accounts.User(c, w)
		if err != nil || u.Disabled || u.Role != auth.Worker || !slices.Contains(u.Communities, r.Community) {
			return st, "staff.worker_unknown"
		}
		st.Assignee = u.Username
	}
	due, err := time.ParseInLocation("2006-01-02T15:04", c.PostForm("due"), s.zone)
	if err != nil {
		return st, "staff.due_invalid"
	}
	st.DueAt = due.UTC()
	return st, ""
}

// applyStep runs the state machine and stores the result if nobody else
// changed the report meanwhile. applied says whether the step was stored:
// when it is false the page answered a refusal or a conflict, or err says
// what failed (the write may have landed all the same).
func (s *Server) applyStep(c *gin.Context, r report.Report, st report.Step) (applied bool, err error) {
	next, err := report.Apply(r, st)
	if errors.Is(err, report.ErrNotAllowed) {
		return false, s.renderConflict(c, r)
	}
	if err != nil {
		return false, s.renderStaffReport(c, http.StatusUnprocessableEntity, r, stepMessage(err), "")
	}
	err = s.reports.UpdateReport(c, r.Version, next)
	if errors.Is(err, store.ErrConflict) {
		latest, lerr := s.reports.Report(c, r.Tracking())
		if lerr != nil {
			return false, lerr
		}
		return false, s.renderConflict(c, latest)
	}
	if err != nil {
		return false, err
	}
	s.audit(c, st.Actor, "report."+string(st.Action), r.ID, st.Assignee+st.Unit)
	return true, s.stepDone(c, r.ID, st.Action)
}

// renderConflict tells staff their action came too late or does not fit the
// report's state, naming who acted last when that was a staff member.
func (s *Server) renderConflict(c *gin.Context, r report.Report) error {
	if by := r.LastActor(); by != "" {
		return s.renderStaffReport(c, http.StatusConflict, r, "staff.already_handled", by)
	}
	return s.renderStaffReport(c, http.StatusConflict, r, "staff.state_changed", "")
}

// stepMessage names what is wrong with a step's content.
func stepMessage(err error) string {
	switch {
	case errors.Is(err, report.ErrReasonRequired):
		return "staff.reason_required"
	case errors.Is(err, report.ErrReplyRequired):
		return "staff.reply_required"
	case errors.Is(err, report.ErrAssigneeRequired):
		return "staff.assignee_required"
	case errors.Is(err, report.ErrDueRequired):
		return "staff.due_invalid"
	case errors.Is(err, report.ErrNoteRequired):
		return "staff.note_required"
	}
	return "staff.invalid"
}
