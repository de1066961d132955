package server

import (
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"

	"gridline/auth"
)

// showPassword is where a signed-in account changes its own password.
func (s *Server) showPassword(c *gin.Context) error {
	return s.renderPassword(c, http.StatusOK, "", c.Query("changed") == "1")
}

func (s *Server) renderPassword(c *gin.Context, status int, msg string, changed bool) error {
	return s.renderStaff(c, status, "staff_password", gin.H{"Error": msg, "Changed": changed})
}

// changePassword sets the signed-in account's own password. The account is
// the session's, never a form field. The current password is asked for, so
// that a session left open is not enough to take the account over, and a
// wrong one counts towards the login throttle. The account's other sessions
// end; this browser gets a new session in the new epoch.
func (s *Server) changePassword(c *gin.Context) error {
	u, ip := staff(c), clientKey(c)
	if msg, err := s.throttled(c, u.Username, ip); err != nil || msg != "" {
		if err != nil {
			return err
		}
		return s.renderPassword(c, http.StatusTooManyRequests, msg, false)
	}
	if !s.Hasher.Check(u.Hash, c.PostForm("current")) {
		if err := s.accounts.RecordLoginFailure(c, "user:"+u.Username, "ip:"+ip); err != nil {
			return err
		}
		s.audit(c, u.Username, "password.change_failed", u.Username, "")
		return s.renderPassword(c, http.StatusUnprocessableEntity, "password.current_wrong", false)
	}
	if c.PostForm("new") != c.PostForm("confirm") {
		return s.renderPassword(c, http.StatusUnprocessableEntity, "password.mismatch", false)
	}
	hash, err := s.Hasher.Hash(c.PostForm("new"))
	if errors.Is(err, auth.ErrWeakPassword) {
		return s.renderPassword(c, http.StatusUnprocessableEntity, "password.weak", false)
	}
	if err != nil {
		return err
	}
	updated, err := s.accounts.SetPassword(c, u.Username, hash)
	if err != nil {
		return err
	}
	if err := s.accounts.DeleteSession(c, c.MustGet(sessionKey).(auth.Session).ID); err != nil {
		return err
	}
	if err := s.startSession(c, updated); err != nil {
		return err
	}
	s.audit(c, u.Username, "password.change", u.Username, "")
	c.Redirect(http.StatusSeeOther, "/admin/password?changed=1")
	return nil
}
