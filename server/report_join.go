package server

import (
	"cmp"
	"errors"
	"net/http"
	"time"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"gridline/community"
	"gridline/report"
	"gridline/server/form"
	"gridline/store"
)

// Bounds of 我也遇到 on one report: each joiner is kept on the report, so
// their number bounds its size (a few hundred residents make the point).
const (
	maxJoiners  = 300
	maxJoinNote = 500 // characters, over every press of one form
	joinTries   = 5   // compare-and-set rounds when other residents join at once
)

// joinReport adds a resident to an open report of the community instead of
// making a new one (我也遇到). The form's token must be one the form page
// gave out for this community, and counts once however often it is
// pressed; a note and photos may come with it, or with a later press, for
// staff only. The resident lands on the report's tracking page. Whatever is
// refused changes nothing and gives the note back.
func (s *Server) joinReport(c *gin.Context) error {
	com, comErr := s.community(c)
	if pe := new(pageError); errors.As(comErr, &pe) {
		return comErr // no such community
	}
	if comErr != nil {
		com = standInCommunity(c) // the database is down: answer 503 below, note kept
	}
	if !s.sameOrigin(c) {
		return &pageError{status: http.StatusForbidden, title: "error.forbidden.title",
			msg: "error.csrf.message", back: "/c/" + com.Code}
	}
	admitErr := s.admitSubmission(c) // before the body, as for a report
	defer s.releaseUpload(c)
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, maxBody)
	j, uploads, errs, err := form.ParseJoin(c.Request, s.reportLimits(c, admitErr))
	if r := refusal(cmp.Or(err, admitErr)); r.status != 0 {
		if r.retryAfter != "" {
			c.Header("Retry-After", r.retryAfter)
		}
		return joinRefused(com, j, r.status, r.notice)
	}
	if err != nil {
		return &pageError{status: http.StatusBadRequest, title: "error.bad_request.title",
			msg: "error.bad_request.message", text: j.Note, back: "/c/" + com.Code, err: err}
	}
	if comErr != nil {
		return s.joinFailed(c, com, j, comErr)
	}
	for field, msg := range s.validate.Check(j) {
		errs[field] = msg
	}
	target, status, msg, err := s.joinTarget(c, com, j, errs)
	if err != nil {
		return s.joinFailed(c, com, j, err)
	}
	if msg != "" {
		return joinRefused(com, j, status, msg)
	}
	return s.storeJoin(c, com, target, j, uploads)
}

// joinRefused is the page of a refused 我也遇到: why, the note kept, and the
// way back to the form.
func joinRefused(com community.Community, j form.Join, status int, msg string) error {
	return &pageError{status: status, title: "join.refused", msg: msg, text: j.Note, back: "/c/" + com.Code}
}

// joinTarget checks a 我也遇到 form and finds the report it names among the
// community's open reports; a refusal comes back as a status and message.
func (s *Server) joinTarget(c *gin.Context, com community.Community, j form.Join, errs form.Errors) (report.Report, int, string, error) {
	if _, bad := errs["token"]; bad {
		return report.Report{}, http.StatusForbidden, "join.token", nil
	}
	signed, err := s.signer.signed(c, com.Code, j.Token)
	if err != nil || !signed {
		return report.Report{}, http.StatusForbidden, "join.token", err
	}
	if _, bad := errs["report"]; bad {
		return report.Report{}, http.StatusConflict, "join.gone", nil
	}
	for _, field := range []string{"note", "photos"} {
		if msg, bad := errs[field]; bad {
			return report.Report{}, http.StatusUnprocessableEntity, msg, nil
		}
	}
	open, err := s.joinable(c, com.Code, time.Time{})
	if err != nil {
		return report.Report{}, 0, "", err
	}
	for _, r := range open {
		if ref, err := s.signer.ref(c, r.ID); err == nil && ref == j.Report {
			return r, 0, "", nil
		}
	}
	// Finished since the form was shown, another community's, or made up.
	return report.Report{}, http.StatusConflict, "join.gone", nil
}

// storeJoin stores the join on r: the photos first, kept from the public,
// then the report, again on a fresher copy when another resident joined
// meanwhile.
func (s *Server) storeJoin(c *gin.Context, com community.Community, r report.Report, j form.Join, uploads []form.Upload) error {
	if r.SubmitToken == j.Token {
		return s.toJoined(c, r.ID, "", false) // their own report: counted already
	}
	again := r.HasJoined(j.Token)
	if again && j.Note == "" && len(uploads) == 0 {
		return s.toJoined(c, r.ID, j.Token, false) // pressed again: counted once
	}
	if status, msg := joinFits(r, j, len(uploads)); msg != "" {
		return joinRefused(com, j, status, msg)
	}
	ids, status, msg, err := s.storeJoinPhotos(c, uploads)
	if msg != "" {
		return joinRefused(com, j, status, msg)
	}
	if err != nil {
		return s.joinFailed(c, com, j, err)
	}
	for range joinTries {
		next, err := report.Apply(r, report.Step{Action: report.Join, At: s.now(), Token: j.Token, InternalNote: j.Note, Photos: ids})
		if err != nil { // finished meanwhile
			s.deletePhotos(c, ids)
			return joinRefused(com, j, http.StatusConflict, "join.gone")
		}
		err = s.reports.UpdateReport(c, r.Version, next)
		if err == nil {
			return s.toJoined(c, r.ID, j.Token, again)
		}
		if !errors.Is(err, store.ErrConflict) {
			return s.joinFailed(c, com, j, err) // photos stay for the orphan clean-up: it may be stored
		}
		if r, err = s.reports.Report(c, r.Tracking()); err != nil {
			return s.joinFailed(c, com, j, err)
		}
	}
	return s.joinFailed(c, com, j, store.ErrConflict)
}

// joinFits checks that what a press adds stays within one joiner's bounds
// and the report's: status and message say why not.
func joinFits(r report.Report, j form.Join, photos int) (int, string) {
	old, again := r.Joiner(j.Token)
	switch {
	case !again && len(r.Joiners) >= maxJoiners:
		return http.StatusConflict, "join.full"
	case utf8.RuneCountInString(old.Note)+utf8.RuneCountInString(j.Note) > maxJoinNote:
		return http.StatusUnprocessableEntity, "field.note.max"
	case len(old.Photos)+photos > maxPhotos:
		return http.StatusUnprocessableEntity, "field.photos.too_many"
	}
	return 0, ""
}

// storeJoinPhotos processes and stores a joiner's photos, marked for staff
// only before any report refers to them.
func (s *Server) storeJoinPhotos(c *gin.Context, uploads []form.Upload) ([]string, int, string, error) {
	photos, field, err := s.processPhotos(c, uploads)
	if field != "" {
		return nil, http.StatusUnprocessableEntity, field, nil
	}
	if err != nil {
		return nil, 0, "", err
	}
	ids, err := s.storePhotos(c, photos)
	if err != nil {
		return nil, 0, "", err
	}
	for _, id := range ids {
		if _, err := s.photoStates.SavePhotoState(c, store.PhotoState{ID: id, StaffOnly: true}); err != nil {
			s.deletePhotos(c, ids)
			return nil, 0, "", err
		}
	}
	return ids, 0, "", nil
}

// joinFailed logs a storage failure and answers 503 with the note kept; a
// second press with the same form counts once.
func (s *Server) joinFailed(c *gin.Context, com community.Community, j form.Join, err error) error {
	s.Log.ErrorContext(c, "store join", "community", com.Code, "err", err)
	s.Metrics.DBErrors.Inc()
	c.Header("Retry-After", "30")
	return joinRefused(com, j, http.StatusServiceUnavailable, "join.save_failed")
}

// joinedCookie remembers, on one report's tracking page, the form token a
// browser joined it with: the page then offers that resident to add a note
// or photo (joinMore).
const joinedCookie = "gridline_joined"

// toJoined sends the resident to the report they joined (added: what they
// sent was added to an earlier press), remembering their token there.
func (s *Server) toJoined(c *gin.Context, id, token string, added bool) error {
	path := "/t/" + report.Tracking(id).String()
	if token != "" {
		http.SetCookie(c.Writer, &http.Cookie{
			Name: joinedCookie, Value: token, Path: path, MaxAge: 30 * 24 * 3600,
			HttpOnly: true, Secure: s.Config.Secure(), SameSite: http.SameSiteLaxMode,
		})
	}
	flag := "?joined=1"
	if added {
		flag = "?added=1"
	}
	c.Redirect(http.StatusSeeOther, path+flag)
	return nil
}

// joinMore is the form a tracking page offers the resident who joined the
// report from this browser, while it still takes residents: a note or a
// photo more, for staff, sent as a press of their own form again.
type joinMore struct{ Community, Token, Ref string }

// joinMoreFor is r's joinMore for this request, or nil.
func (s *Server) joinMoreFor(c *gin.Context, r report.Report) (*joinMore, error) {
	token, err := c.Cookie(joinedCookie)
	if err != nil || !r.HasJoined(token) || !report.Allowed(r.Status, report.Join) {
		return nil, nil
	}
	ref, err := s.signer.ref(c, r.ID)
	if err != nil {
		return nil, err
	}
	return &joinMore{Community: r.Community, Token: token, Ref: ref}, nil
}
