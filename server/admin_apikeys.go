package server

import (
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"

	"gridline/auth"
	"gridline/server/form"
	"gridline/store"
)

// showAPIKeys lists the Open311 API's keys, active and revoked, with a form
// to make one: each outside system that files reports gets its own, so the
// audit log says which one filed what, and one can be ended alone.
func (s *Server) showAPIKeys(c *gin.Context) error {
	return s.renderAPIKeys(c, http.StatusOK, gin.H{})
}

func (s *Server) renderAPIKeys(c *gin.Context, status int, data gin.H) error {
	keys, err := s.keys.APIKeys(c)
	if err != nil {
		return err
	}
	data["Keys"], data["Endpoint"] = keys, s.Config.BaseURL+"/open311/v2"
	return s.renderStaff(c, status, "admin_apikeys", data)
}

// createAPIKey makes a key and shows it on the answer, the one time it is
// shown: only its hash is stored, and it is never in a URL or the log.
func (s *Server) createAPIKey(c *gin.Context) error {
	name := form.CleanLine(c.PostForm("name"))
	keep := gin.H{"Name": name}
	if msg := auth.CheckKeyName(name); msg != "" {
		keep["Error"] = msg
		return s.renderAPIKeys(c, http.StatusUnprocessableEntity, keep)
	}
	k, secret, err := auth.NewAPIKey(name, staff(c).Username)
	if err != nil {
		return err
	}
	err = s.keys.CreateAPIKey(c, k)
	if errors.Is(err, store.ErrDuplicate) {
		keep["Error"] = "apikey.exists"
		return s.renderAPIKeys(c, http.StatusUnprocessableEntity, keep)
	}
	if err != nil {
		return err
	}
	s.audit(c, staff(c).Username, "apikey.add", name, "")
	return s.renderAPIKeys(c, http.StatusOK, gin.H{"NewName": name, "NewKey": secret})
}

// revokeAPIKey ends a key for good: the next request with it is refused.
func (s *Server) revokeAPIKey(c *gin.Context) error {
	name := c.Param("name")
	_, err := s.keys.RevokeAPIKey(c, name)
	if errors.Is(err, store.ErrNotFound) {
		return errNotFound()
	}
	if err != nil {
		return err
	}
	s.audit(c, staff(c).Username, "apikey.revoke", name, "")
	c.Redirect(http.StatusSeeOther, "/admin/apikeys")
	return nil
}
