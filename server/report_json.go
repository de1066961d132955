package server

import (
	"mime"
	"net/http"

	"github.com/gin-gonic/gin"

	"gridline/report"
	"gridline/server/form"
)

// The report form's script (static/js/report.js) posts the same multipart
// form to the same address, asking for JSON with "Accept: application/json".
// It then gets its answer in words it can show while keeping the draft and the
// shrunk photos on the page, instead of a redirect or a re-rendered form:
//
//	200 {"tracking": "…", "url": "/t/…?new=1"}                sent (or sent before)
//	4xx/5xx {"notice": "…", "errors": {"field": "…"}, "token": "…"}  not sent
//
// Everything else (the plain form without JavaScript) is unchanged.

// wantsJSON reports whether the form's script sent the request.
func wantsJSON(c *gin.Context) bool {
	mt, _, _ := mime.ParseMediaType(c.GetHeader("Accept"))
	return mt == "application/json"
}

// formAnswer is what the script gets back.
type formAnswer struct {
	Tracking string            `json:"tracking,omitempty"`
	URL      string            `json:"url,omitempty"`
	Notice   string            `json:"notice,omitempty"`
	Errors   map[string]string `json:"errors,omitempty"` // field name → message, in the page's language
	Token    string            `json:"token,omitempty"`  // the token to send next (new when the old one was refused)
}

// sentJSON tells the script where the report is.
func (s *Server) sentJSON(c *gin.Context, id report.Tracking, url string) error {
	return s.answerJSON(c, http.StatusOK, formAnswer{Tracking: id.Display(), URL: url})
}

// formJSON is renderForm for the script: the notice and field messages,
// translated, and the token to use next.
func (s *Server) formJSON(c *gin.Context, status int, f form.Report, errs form.Errors, notice string) error {
	lang := language(c)
	a := formAnswer{Token: f.Token}
	var err error
	if notice != "" {
		if a.Notice, err = s.catalog.T(lang, notice); err != nil {
			return err
		}
	}
	if len(errs) > 0 {
		a.Errors = make(map[string]string, len(errs))
	}
	for field, id := range errs {
		if a.Errors[field], err = s.catalog.T(lang, id); err != nil {
			return err
		}
	}
	return s.answerJSON(c, status, a)
}

func (s *Server) answerJSON(c *gin.Context, status int, a formAnswer) error {
	c.Header("Cache-Control", "no-store")
	c.JSON(status, a)
	return nil
}
