package server

import (
	"cmp"
	"context"
	"errors"
	"net/http"
	"slices"
	"time"

	"github.com/gin-gonic/gin"

	"gridline/community"
	"gridline/report"
	"gridline/server/form"
	"gridline/store"
)

// submitReport stores a resident's report and sends them to its tracking page.
// Whatever fails, the resident's text comes back to them.
func (s *Server) submitReport(c *gin.Context) error {
	com, comErr := s.community(c)
	if pe := new(pageError); errors.As(comErr, &pe) {
		return comErr // no such community: nothing was meant for it
	}
	if comErr != nil {
		com = standInCommunity(c) // the database is down: answer 503 below, text kept
	}
	if !s.sameOrigin(c) {
		// Only the form's own page posts here. Refusing other sites stops a
		// third-party page from sending reports through its visitors'
		// browsers (and addresses, past the per-address limit).
		return &pageError{status: http.StatusForbidden, title: "error.forbidden.title",
			msg: "error.csrf.message", back: c.Request.URL.Path}
	}
	admitErr := s.admitSubmission(c) // before the body: see admitSubmission
	defer s.releaseUpload(c)
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, maxBody)
	f, uploads, errs, err := form.ParseReport(c.Request, s.reportLimits(c, admitErr))
	if done, rerr := s.refuseUpload(c, com, f, cmp.Or(err, admitErr)); done {
		return rerr
	}
	if comErr != nil {
		return s.saveFailed(c, com, f, comErr)
	}
	if err := s.checkReport(c, f, errs); err != nil {
		return s.saveFailed(c, com, f, err)
	}
	if len(errs) > 0 {
		return s.refuseForm(c, com, f, errs, len(uploads) > 0)
	}
	return s.storeReport(c, com, f, uploads)
}

// refuseUpload answers a submission that could not be read whole, was not
// let in, or was filled in by a bot; it reports whether it answered.
func (s *Server) refuseUpload(c *gin.Context, com community.Community, f form.Report, err error) (bool, error) {
	if r := refusal(err); r.status != 0 {
		if r.retryAfter != "" {
			c.Header("Retry-After", r.retryAfter)
		}
		var errs form.Errors
		if r.photosAgain && !wantsJSON(c) { // the script keeps the files
			errs = form.Errors{"photos": "form.photos_again"}
		}
		return true, s.renderForm(c, r.status, com, f, errs, r.notice)
	}
	if f.Website != "" {
		err = errors.New("honeypot field filled")
	}
	if err != nil {
		return true, &pageError{status: http.StatusBadRequest, title: "error.bad_request.title",
			msg: "error.bad_request.message", text: f.Text(), back: c.Request.URL.Path, err: err}
	}
	return false, nil
}

// checkReport adds to errs what is wrong with the fields: the validator's
// rules and a category from the stored list. Its error is the database's.
func (s *Server) checkReport(c *gin.Context, f form.Report, errs form.Errors) error {
	for field, msg := range s.validate.Check(f) {
		errs[field] = msg
	}
	cats, err := s.categoryNames(c)
	if err != nil {
		return err
	}
	if _, ok := errs["category"]; !ok && !slices.Contains(cats, f.Category) {
		errs["category"] = "field.category.oneof"
	}
	return nil
}

// storeReport stores a checked report and its photos, once per form token.
func (s *Server) storeReport(c *gin.Context, com community.Community, f form.Report, uploads []form.Upload) error {
	if prev, err := s.reports.ReportByToken(c, f.Token); err == nil {
		return s.toTracking(c, prev.ID) // a double tap or a retry: same report
	} else if !errors.Is(err, store.ErrNotFound) {
		return s.saveFailed(c, com, f, err)
	}
	photos, field, err := s.processPhotos(c, uploads)
	if field != "" {
		return s.refuseForm(c, com, f, form.Errors{"photos": field}, false)
	}
	if err != nil {
		return s.saveFailed(c, com, f, err)
	}
	ids, err := s.storePhotos(c, photos)
	if err != nil {
		return s.saveFailed(c, com, f, err)
	}
	created, err := s.reports.CreateReport(c, s.newReport(com, f, ids))
	if errors.Is(err, store.ErrDuplicate) {
		s.deletePhotos(c, ids) // another send of this form won
		return s.toTracking(c, created.ID)
	}
	if err != nil {
		return s.createFailed(c, com, f, ids, err)
	}
	s.Metrics.ReportsCreated.Inc()
	return s.toTracking(c, created.ID)
}

// createFailed answers a report whose insert failed, which does not mean it
// was not stored (see storedAfterAll): the resident goes to the report the
// form's token has, or gets the form back.
func (s *Server) createFailed(c *gin.Context, com community.Community, f form.Report, ids []string, err error) error {
	prev, ours, found := s.storedAfterAll(c, f.Token, ids)
	if ours {
		s.Metrics.ReportsCreated.Inc() // this very insert was stored
	}
	if found {
		return s.toTracking(c, prev.ID)
	}
	return s.saveFailed(c, com, f, err)
}

// storedAfterAll asks the database again, after an insert of a report with
// photos ids failed, whether the form's token has a report: the insert may
// have been committed and only its answer lost (the database killed after
// its commit, a connection cut). A sender who went away before the insert
// began stored nothing: the store starts no change for a cancelled request,
// and carries through one it has begun.
//
// found says the token has a report, prev, and ours that it is this very
// insert (it holds these photos); another send of the form that won leaves
// the photos to nothing, and they are removed. With no report they are
// removed too; when the database cannot say, they stay (the orphan clean-up
// removes them later if no report refers to them), so a retry with the same
// token reaches a report with its photos.
func (s *Server) storedAfterAll(c *gin.Context, token string, ids []string) (prev report.Report, ours, found bool) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(c), 5*time.Second)
	defer cancel()
	prev, findErr := s.reports.ReportByToken(ctx, token)
	switch {
	case findErr == nil && slices.Equal(prev.Photos, ids):
		return prev, true, true
	case findErr == nil:
		s.deletePhotos(c, ids) // another send of this form was stored
		return prev, false, true
	case errors.Is(findErr, store.ErrNotFound):
		s.deletePhotos(c, ids) // nothing half-stored
	default:
		s.Log.WarnContext(c, "report may be stored; photos kept for the orphan clean-up", "photos", ids, "err", findErr)
	}
	return report.Report{}, false, false
}

// standInCommunity names the community by the code in the address when it
// cannot be read, so the form shown again still posts to the right place.
func standInCommunity(c *gin.Context) community.Community {
	code, _ := community.ParseCode(c.Param("code"))
	return community.Community{Code: code, Name: code}
}

// newReport makes the submitted report of a checked form through the loop's
// Submit row (report.New), as every later step goes through report.Apply.
func (s *Server) newReport(com community.Community, f form.Report, photos []string) report.Report {
	return report.New(report.Submission{
		Community:   com.Code,
		Street:      com.Street,
		Category:    f.Category,
		Description: f.Description,
		Location:    f.Location,
		Geo:         f.Geo(),
		Contact:     report.Contact{Name: f.Name, Phone: f.Phone},
		Photos:      photos,
		SubmitToken: f.Token,
	}, s.now())
}

// refuseForm shows the form again with the resident's text and a note per field.
func (s *Server) refuseForm(c *gin.Context, com community.Community, f form.Report, errs form.Errors, hadPhotos bool) error {
	if _, ok := errs["photos"]; !ok && hadPhotos && !wantsJSON(c) { // the script keeps the photos
		errs["photos"] = "form.photos_again"
	}
	f.DropGeo(errs)
	notice := "form.fix_errors"
	if msg, ok := errs["token"]; ok {
		notice = msg
		f.Token = s.freshToken(c, com.Code)
	}
	return s.renderForm(c, http.StatusUnprocessableEntity, com, f, errs, notice)
}

// saveFailed logs a storage failure and shows the form again, text kept, so
// the resident can press send again (the same token cannot make two reports).
func (s *Server) saveFailed(c *gin.Context, com community.Community, f form.Report, err error) error {
	s.Log.ErrorContext(c, "store report", "community", com.Code, "err", err)
	s.Metrics.DBErrors.Inc()
	c.Header("Retry-After", "30")
	return s.renderForm(c, http.StatusServiceUnavailable, com, f, nil, "form.save_failed")
}

func (s *Server) toTracking(c *gin.Context, id string) error {
	url := "/t/" + report.Tracking(id).String() + "?new=1"
	if wantsJSON(c) {
		return s.sentJSON(c, report.Tracking(id), url)
	}
	c.Redirect(http.StatusSeeOther, url)
	return nil
}
