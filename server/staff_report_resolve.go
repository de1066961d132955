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

// resolveReport records the public reply and up to four after-photos, which go
// through the same photo pipeline as residents' photos. The form's script
// gets every answer as JSON, errors included (staff_report_json.go).
func (s *Server) resolveReport(c *gin.Context) error {
	err := s.resolve(c)
	if err != nil && wantsJSON(c) {
		return s.failureJSON(c, err)
	}
	return err
}

// resolve is resolveReport for either kind of answer.
func (s *Server) resolve(c *gin.Context) error {
	r, err := s.staffReport(c)
	if err != nil {
		return err
	}
	if !staff(c).May(report.Resolve, r) {
		return s.forbidden(c, "error.not_yours.message")
	}
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, maxBody)
	values, uploads, errs, err := form.ReadMultipart(c.Request, "photos", form.Limits{MaxPhotos: maxPhotos, MaxPhotoBytes: maxPhotoBytes})
	st, msg := s.stepFromForm(c, r, report.Resolve, values["public"], values["internal"]) // keeps the text typed
	if tooLarge := new(http.MaxBytesError); errors.As(err, &tooLarge) || errors.Is(err, form.ErrTooMuch) {
		return s.renderStaffReport(c, http.StatusRequestEntityTooLarge, r, "form.too_large", "")
	}
	if errors.Is(err, errStalled) {
		return s.renderStaffReport(c, http.StatusRequestTimeout, r, "limits.form_too_slow", "")
	}
	if err != nil {
		return &pageError{status: http.StatusBadRequest, title: "error.bad_request.title", msg: "error.bad_request.message", err: err}
	}
	if photoMsg := errs["photos"]; photoMsg != "" {
		return s.renderStaffReport(c, http.StatusUnprocessableEntity, r, photoMsg, "")
	}
	if msg != "" {
		return s.renderStaffReport(c, http.StatusUnprocessableEntity, r, msg, "")
	}
	if st.PublicNote == "" { // checked before any photo work
		return s.renderStaffReport(c, http.StatusUnprocessableEntity, r, "staff.reply_required", "")
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
	applied, err := s.applyStep(c, r, st)
	if !applied && !s.photosKept(c, r.Tracking(), st.Photos) {
		s.deletePhotos(c, st.Photos) // the step was refused: its photos belong to nothing
	}
	return err
}

// photosKept asks the database again whether the report refers to photos
// after a step that failed: the write may have landed and only its answer
// been lost. When the database cannot say, the photos stay; the orphan
// clean-up removes them later if nothing refers to them.
func (s *Server) photosKept(c *gin.Context, id report.Tracking, photos []string) bool {
	if len(photos) == 0 {
		return false
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(c), 5*time.Second)
	defer cancel()
	r, err := s.reports.Report(ctx, id)
	if err != nil {
		return !errors.Is(err, store.ErrNotFound)
	}
	return slices.Contains(r.AfterPhotos, photos[0])
}
