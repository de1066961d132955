package server

import (
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"

	"gridline/auth"
	"gridline/store"
)

// showResetPassword is the page where an admin gives another account a new
// password. It is a page of its own, reached from the accounts list, because
// a reset signs the account out everywhere: the account is named at the top
// and the form is full width on a phone, not a button in a table row.
func (s *Server) showResetPassword(c *gin.Context) error {
	name := c.Param("name")
	if name == staff(c).Username {
		c.Redirect(http.StatusSeeOther, "/admin/password")
		return nil
	}
	if _, err := s.accounts.User(c, name); err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return errNotFound()
		}
		return err
	}
	return s.renderReset(c, http.StatusOK, gin.H{"Name": name})
}

func (s *Server) renderReset(c *gin.Context, status int, data gin.H) error {
	return s.renderStaff(c, status, "admin_password", data)
}

// resetPassword sets another account's password: the one the admin typed,
// or a generated one shown once on the answer (never in a URL or the log).
// The account's sessions all end. Admins change their own password on the
// password page, where the current one is asked for.
func (s *Server) resetPassword(c *gin.Context) error {
	name := c.Param("name")
	keep := gin.H{"Name": name}
	if name == staff(c).Username {
		keep["Error"] = "password.reset_self"
		return s.renderReset(c, http.StatusUnprocessableEntity, keep)
	}
	password, how := c.PostForm("password"), "typed"
	if password == "" {
		generated, err := auth.NewPassword()
		if err != nil {
			return err
		}
		password, how = generated, "generated"
		keep["NewPassword"] = generated
	}
	hash, err := s.Hasher.Hash(password)
	if errors.Is(err, auth.ErrWeakPassword) {
		delete(keep, "NewPassword")
		keep["Error"] = "password.weak"
		return s.renderReset(c, http.StatusUnprocessableEntity, keep)
	}
	if err != nil {
		return err
	}
	_, err = s.accounts.SetPassword(c, name, hash)
	if errors.Is(err, store.ErrNotFound) {
		return errNotFound()
	}
	if err != nil {
		return err
	}
	s.audit(c, staff(c).Username, "user.password_reset", name, how)
	keep["Done"] = true
	return s.renderReset(c, http.StatusOK, keep)
}
