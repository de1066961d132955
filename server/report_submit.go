package server

import (
	"errors"
	"net/http"
	"slices"

	"github.com/gin-gonic/gin"

	"gridline/report"
	"gridline/server/form"
	"gridline/store"
)

// submitReport stores a resident's report and sends them to its tracking page.
// Whatever fails, the resident's text comes back to them.
func (s *Server) submitReport(c *gin.Context) error {
	com, err := s.community(c)
	if err != nil {
		return err
	}
	if !s.sameOrigin(c) {
		// Only the form's own page posts here. Refusing other sites stops a
		// third-party page from sending reports through its visitors'
		// browsers (and addresses, past the per-address limit).
		return &pageError{status: http.StatusForbidden, title: "error.forbidden.title",
			msg: "error.csrf.message", back: c.Request.URL.Path}
	}
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, maxBody)
	defer s.releaseUpload(c)
	f, uploads, errs, err := form.ParseReport(c.Request, form.Limits{
		MaxPhotos: maxPhotos, MaxPhotoBytes: maxPhotoBytes,
		BeforeFiles: func() error { return s.takeUpload(c) },
	})
	if tooLarge := new(http.MaxBytesError); errors.As(err, &tooLarge) {
		return s.renderForm(c, http.StatusRequestEntityTooLarge, com, f, nil, "form.too_large")
	}
	if errors.Is(err, errOverloaded) {
		c.Header("Retry-After", "10")
		return s.renderForm(c, http.StatusServiceUnavailable, com, f, nil, "form.busy")
	}
	if s.limited(c, s.submits) {
		return s.renderForm(c, http.StatusTooManyRequests, com, f, nil, "form.too_many")
	}
	if err != nil || f.Website != "" {
		if f.Website != "" {
			err = errors.New("honeypot field filled")
		}
		return &pageError{status: http.StatusBadRequest, title: "error.bad_request.title",
			msg: "error.bad_request.message", text: f.Text(), back: c.Request.URL.Path, err: err}
	}
	for field, msg := range s.validate.Check(f) {
		errs[field] = msg
	}
	cats, err := s.categoryNames(c)
	if err != nil {
		return s.saveFailed(c, com, f, err)
	}
	if _, ok := errs["category"]; !ok && !slices.Contains(cats, f.Category) {
		errs["category"] = "field.category.oneof"
	}
	if len(errs) > 0 {
		return s.refuseForm(c, com, f, errs, len(uploads) > 0)
	}

	if prev, err := s.Store.ReportByToken(c, f.Token); err == nil {
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
	created, err := s.Store.CreateReport(c, s.newReport(com, f, ids))
	if err != nil {
		s.deletePhotos(c, ids) // nothing half-stored
		if errors.Is(err, store.ErrDuplicate) {
			return s.toTracking(c, created.ID)
		}
		return s.saveFailed(c, com, f, err)
	}
	s.Metrics.ReportsCreated.Inc()
	return s.toTracking(c, created.ID)
}

func (s *Server) newReport(com store.Community, f form.Report, photos []string) report.Report {
	now := s.Store.Now()
	return report.Report{
		Community:   com.Code,
		Street:      com.Street,
		Category:    f.Category,
		Description: f.Description,
		Location:    f.Location,
		Geo:         f.Geo(),
		Contact:     report.Contact{Name: f.Name, Phone: f.Phone},
		Photos:      photos,
		Status:      report.Submitted,
		Timeline:    []report.Event{{At: now, Action: report.Submit, Status: report.Submitted}},
		SubmitToken: f.Token,
		CreatedAt:   now,
		UpdatedAt:   now,
	}
}

// refuseForm shows the form again with the resident's text and a note per field.
func (s *Server) refuseForm(c *gin.Context, com store.Community, f form.Report, errs form.Errors, hadPhotos bool) error {
	if _, ok := errs["photos"]; !ok && hadPhotos && !wantsJSON(c) { // the script keeps the photos
		errs["photos"] = "form.photos_again"
	}
	f.DropGeo(errs)
	notice := "form.fix_errors"
	if msg, ok := errs["token"]; ok {
		notice = msg
		f.Token, _ = newSubmitToken()
	}
	return s.renderForm(c, http.StatusUnprocessableEntity, com, f, errs, notice)
}

// saveFailed logs a storage failure and shows the form again, text kept, so
// the resident can press send again (the same token cannot make two reports).
func (s *Server) saveFailed(c *gin.Context, com store.Community, f form.Report, err error) error {
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
