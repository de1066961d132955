package server

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"

	"gridline/community"
	"gridline/server/form"
	"gridline/store"
)

// showHome sends visitors without a poster to the progress look-up.
func (s *Server) showHome(c *gin.Context) error {
	c.Redirect(http.StatusSeeOther, "/track")
	return nil
}

// showReportForm is the page a poster's QR code opens.
func (s *Server) showReportForm(c *gin.Context) error {
	com, err := s.community(c)
	if err != nil {
		return err
	}
	if s.countScan(c, com) {
		return nil
	}
	token, err := s.signer.newToken(c, com.Code)
	if err != nil {
		return err
	}
	return s.renderForm(c, http.StatusOK, com, form.Report{Token: token}, nil, "")
}

// community loads the community named in the URL, or explains that there is none.
func (s *Server) community(c *gin.Context) (community.Community, error) {
	missing := &pageError{status: http.StatusNotFound, title: "error.community.title", msg: "error.community.message"}
	code, err := community.ParseCode(c.Param("code"))
	if err != nil {
		return community.Community{}, missing
	}
	com, err := s.places.Community(c, code)
	if errors.Is(err, store.ErrNotFound) || err == nil && com.Disabled {
		return community.Community{}, missing
	}
	return com, err
}

func (s *Server) renderForm(c *gin.Context, status int, com community.Community, f form.Report, errs form.Errors, notice string) error {
	if wantsJSON(c) { // the page's script sent it: it keeps the draft and shows the messages
		return s.formJSON(c, status, f, errs, notice)
	}
	cats, err := s.categoryNames(c)
	if err != nil { // the database is down: still give the resident their text back
		s.Log.ErrorContext(c, "list categories", "err", err)
		cats = names(s.Config.Categories)
	}
	similar, err := s.similarReports(c, com.Code, f.Category)
	if err != nil { // the form matters more than the list
		s.Log.ErrorContext(c, "list similar reports", "err", err)
	}
	return s.render(c, status, "form", gin.H{
		"Community":  newPublicPlace(com),
		"Categories": cats,
		"Form":       f,
		"Errors":     fieldErrors(errs),
		"Notice":     notice,
		"Similar":    similar,
		"Now":        s.now(),
	})
}

// freshToken is a new token for a community's form; when the form key
// cannot be read, an unsigned one, which still sends a report (only
// 我也遇到 asks for the signature).
func (s *Server) freshToken(ctx context.Context, community string) string {
	if token, err := s.signer.newToken(ctx, community); err == nil {
		return token
	}
	token, _ := newSubmitToken()
	return token
}

// fieldError is what the field_error partial shows beside one field.
type fieldError struct{ ID, Msg string }

func fieldErrors(errs form.Errors) map[string]*fieldError {
	out := map[string]*fieldError{}
	for field, msg := range errs {
		out[field] = &fieldError{ID: field, Msg: msg}
	}
	return out
}

// newSubmitToken makes the form's one-time token; a retry that carries the same
// token finds the report it already made.
func newSubmitToken() (string, error) {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return hex.EncodeToString(b), nil
}

// categoryNames lists the categories residents choose from, in order.
func (s *Server) categoryNames(ctx context.Context) ([]string, error) {
	cats, err := s.places.Categories(ctx)
	if err != nil {
		return nil, err
	}
	return names(cats), nil
}

// names lists the categories' names, in order.
func names(cats []community.Category) []string {
	out := make([]string, len(cats))
	for i, c := range cats {
		out[i] = c.Name
	}
	return out
}
