package server

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"gridline/report"
)

// The 办结 form's script is the resident form's (static/js/report.js serves
// every form with photos). It posts the same multipart form to the same
// address, asking for JSON with "Accept: application/json", and reads the
// same answers as on the resident form (report_json.go):
//
//	200 {"url": "/admin/reports/…?done=resolve"}  resolved: where to go next
//	4xx/5xx {"notice": "…"}                        not resolved, and why, in the page's language
//
// so that a refusal or a failure leaves the worker's reply and shrunk photos
// on the phone, for another try. The plain form without JavaScript gets the
// pages and redirects it always got.

// stepDone sends staff back to the report after a stored step: a redirect,
// or its address for the script.
func (s *Server) stepDone(c *gin.Context, id string, action report.Action) error {
	url := "/admin/reports/" + id + "?done=" + string(action)
	if wantsJSON(c) {
		return s.answerJSON(c, http.StatusOK, formAnswer{URL: url})
	}
	c.Redirect(http.StatusSeeOther, url)
	return nil
}

// stepRefusedJSON is renderStaffReport for the script: the notice, in words.
// A conflict with the very step this account already stored (same action,
// same public text) is a retry of a send whose answer was lost on the way
// back, as happens when the signal drops: it is answered as done, the way a
// resident's repeated token finds the report it made, and nothing is stored
// twice.
func (s *Server) stepRefusedJSON(c *gin.Context, status int, r report.Report, notice, by string) error {
	if status == http.StatusConflict {
		if action, ok := ownStepStored(c, r); ok {
			return s.stepDone(c, r.ID, action)
		}
	}
	return s.noticeJSON(c, status, notice, "By", by)
}

// ownStepStored reports whether the step the request asks for is the latest
// of its kind on r and was taken by the signed-in account with the same
// public text.
func ownStepStored(c *gin.Context, r report.Report) (report.Action, bool) {
	v, _ := c.Get(typedKey)
	typed, ok := v.(typedStep)
	if !ok || typed.Action == "" {
		return "", false
	}
	for i := len(r.Timeline) - 1; i >= 0; i-- {
		if e := r.Timeline[i]; e.Action == typed.Action {
			return typed.Action, e.Actor == staff(c).Username && e.PublicNote == typed.Public
		}
	}
	return "", false
}

// failureJSON answers the script for an error that would otherwise be an
// error page: a report gone from the account's view, a body that could not
// be read, the database down.
func (s *Server) failureJSON(c *gin.Context, err error) error {
	pe := s.pageErrorOf(c, err)
	return s.noticeJSON(c, pe.status, pe.msg)
}

// noticeJSON answers the script with one message, translated.
func (s *Server) noticeJSON(c *gin.Context, status int, msg string, args ...any) error {
	text, err := s.catalog.T(language(c), msg, args...)
	if err != nil {
		return err
	}
	return s.answerJSON(c, status, formAnswer{Notice: text})
}
