package server

import (
	"errors"
	"net/http"
	"time"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"gridline/report"
	"gridline/server/form"
	"gridline/store"
)

const maxComment = 200

// recheckAfter is how long after a report of the category closes its
// re-check (回头看) falls due; a category since removed asks for none.
func (s *Server) recheckAfter(c *gin.Context, category string) (time.Duration, error) {
	cat, err := s.places.Category(c, category)
	if errors.Is(err, store.ErrNotFound) {
		return 0, nil
	}
	return cat.Recheck, err
}

// rateReport takes the resident's verdict on a resolved report. Whoever holds
// the tracking code may rate, once per resolution; 不满意 reopens the report.
func (s *Server) rateReport(c *gin.Context) error {
	code, msg := parseTracking(c.Param("tracking"))
	if msg != "" {
		return errNotFound()
	}
	r, err := s.reports.Report(c, code)
	if errors.Is(err, store.ErrNotFound) {
		return errNotFound()
	}
	if err != nil {
		return err
	}
	comment := form.CleanText(c.PostForm("comment"))
	st := report.Step{Action: report.Rate, At: s.now(), Rating: report.Rating(c.PostForm("rating")), PublicNote: comment}
	switch {
	case !s.sameOrigin(c):
		return &pageError{status: http.StatusForbidden, title: "error.forbidden.title", msg: "error.csrf.message", text: comment, back: "/t/" + r.ID}
	case !residentMayRate(r):
		return s.renderTracking(c, http.StatusConflict, r, "rate.already", comment)
	case !st.Rating.Valid():
		return s.renderTracking(c, http.StatusUnprocessableEntity, r, "rate.choose", comment)
	case utf8.RuneCountInString(comment) > maxComment:
		return s.renderTracking(c, http.StatusUnprocessableEntity, r, "rate.too_long", comment)
	}
	if st.RecheckAfter, err = s.recheckAfter(c, r.Category); err != nil {
		return err
	}
	next, err := report.Apply(r, st) // a verdict that closes it sets the re-check due
	if err != nil {
		return err
	}
	err = s.reports.UpdateReport(c, r.Version, next)
	if errors.Is(err, store.ErrConflict) {
		return s.renderTracking(c, http.StatusConflict, r, "rate.already", comment)
	}
	if err != nil {
		return err
	}
	c.Redirect(http.StatusSeeOther, "/t/"+r.ID+"?rated=1")
	return nil
}

// residentMayRate reports whether the tracking page offers and accepts a
// rating: the report is resolved and a resident filed it. A patrol find has
// no resident to ask; it closes itself after the rating window.
func residentMayRate(r report.Report) bool {
	return r.Source == report.FromResident && report.Allowed(r.Status, report.Rate)
}
