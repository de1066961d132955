package server

import (
	"errors"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"gridline/report"
	"gridline/store"
)

// showTracking is the public page of one report: its state and timeline, never
// the resident's name or phone, never staff-only notes.
func (s *Server) showTracking(c *gin.Context) error {
	code, msg := parseTracking(c.Param("tracking"))
	if msg != "" {
		return s.renderLookup(c, http.StatusNotFound, c.Param("tracking"), msg)
	}
	r, err := s.reports.Report(c, code)
	if errors.Is(err, store.ErrNotFound) {
		return s.renderLookup(c, http.StatusNotFound, code.Display(), "lookup.not_found")
	}
	if err != nil {
		return err
	}
	return s.renderTracking(c, http.StatusOK, r, "", "")
}

// renderTracking shows the public page with an optional notice (a message ID)
// and the resident's comment kept after a refused rating.
func (s *Server) renderTracking(c *gin.Context, status int, r report.Report, notice, comment string) error {
	com, err := s.places.Community(c, r.Community)
	if err != nil {
		return err
	}
	p := newPublicReport(r)
	if err := s.withReportPhotoStates(c, p); err != nil {
		return err
	}
	more, err := s.joinMoreFor(c, r)
	if err != nil {
		return err
	}
	return s.render(c, status, "track", gin.H{
		"Report":    p,
		"Community": newPublicPlace(com),
		"New":       c.Query("new") == "1",
		"Rated":     c.Query("rated") == "1",
		"Joined":    c.Query("joined") == "1",
		"Added":     c.Query("added") == "1",
		"JoinMore":  more,
		"CanRate":   residentMayRate(r),
		"Ratings":   report.Ratings(),
		"Notice":    notice,
		"Comment":   comment,
	})
}

// lookupReport is the look-up form; a good code goes straight to its page.
func (s *Server) lookupReport(c *gin.Context) error {
	typed := c.Query("code")
	if typed == "" {
		return s.renderLookup(c, http.StatusOK, "", "")
	}
	code, msg := parseTracking(typed)
	if msg != "" {
		return s.renderLookup(c, http.StatusUnprocessableEntity, typed, msg)
	}
	if _, err := s.reports.Report(c, code); errors.Is(err, store.ErrNotFound) {
		return s.renderLookup(c, http.StatusNotFound, typed, "lookup.not_found")
	} else if err != nil {
		return err
	}
	c.Redirect(http.StatusSeeOther, "/t/"+code.String())
	return nil
}

func (s *Server) renderLookup(c *gin.Context, status int, typed, msg string) error {
	var fe *fieldError
	if msg != "" {
		fe = &fieldError{ID: "code", Msg: msg}
	}
	// What was typed is shown back: valid UTF-8, cut short on a character.
	typed = strings.ToValidUTF8(typed, "\uFFFD")
	if len(typed) > 40 {
		cut := 40
		for !utf8.RuneStart(typed[cut]) {
			cut--
		}
		typed = typed[:cut]
	}
	return s.render(c, status, "lookup", gin.H{"Code": typed, "Error": fe})
}

// parseTracking checks a typed code without asking the database; a mistyped
// one gets the message that fits.
func parseTracking(typed string) (report.Tracking, string) {
	code, err := report.ParseTracking(typed)
	switch {
	case errors.Is(err, report.ErrTrackingCheck):
		return "", "lookup.check"
	case err != nil:
		return "", "lookup.format"
	}
	return code, ""
}
