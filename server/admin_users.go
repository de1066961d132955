package server

import (
	"errors"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"gridline/auth"
	"gridline/community"
	"gridline/server/form"
	"gridline/store"
)

// showUsers lists staff accounts and a form to add one.
func (s *Server) showUsers(c *gin.Context) error {
	return s.renderUsers(c, http.StatusOK, gin.H{})
}

func (s *Server) renderUsers(c *gin.Context, status int, data gin.H) error {
	users, err := s.accounts.Users(c)
	if err != nil {
		return err
	}
	coms, err := s.places.Communities(c)
	if err != nil {
		return err
	}
	data["Users"], data["Communities"] = users, coms
	return s.renderStaff(c, status, "admin_users", data)
}

// createUser adds an account with the password the admin typed.
func (s *Server) createUser(c *gin.Context) error {
	u := auth.User{
		Username:    form.CleanLine(c.PostForm("username")),
		Role:        auth.Role(c.PostForm("role")),
		Street:      form.CleanLine(c.PostForm("street")),
		Communities: c.PostFormArray("community"),
	}
	keep := gin.H{"New": u}
	msg := auth.CheckUser(u)
	if msg == "" {
		u.Communities, msg = s.checkCommunities(c, u.Communities)
	}
	if msg != "" {
		keep["Error"] = msg
		return s.renderUsers(c, http.StatusUnprocessableEntity, keep)
	}
	hash, err := s.Hasher.Hash(c.PostForm("password"))
	if errors.Is(err, auth.ErrWeakPassword) {
		keep["Error"] = "admin.password_weak"
		return s.renderUsers(c, http.StatusUnprocessableEntity, keep)
	}
	if err != nil {
		return err
	}
	u.Hash = hash
	err = s.accounts.CreateUser(c, u)
	if errors.Is(err, store.ErrDuplicate) {
		keep["Error"] = "admin.user_exists"
		return s.renderUsers(c, http.StatusUnprocessableEntity, keep)
	}
	if err != nil {
		return err
	}
	s.audit(c, staff(c).Username, "user.add", u.Username, string(u.Role)+" "+u.Street+" "+strings.Join(u.Communities, ","))
	c.Redirect(http.StatusSeeOther, "/admin/users")
	return nil
}

// setUserDisabled turns an account off or back on, ending its sessions
// either way; an admin cannot lock themself out, and their own account is
// left alone (it is enabled, or they would not be signed in).
func (s *Server) setUserDisabled(c *gin.Context) error {
	name := c.Param("name")
	disable := c.PostForm("disabled") == "1"
	if name == staff(c).Username && disable {
		return s.renderUsers(c, http.StatusUnprocessableEntity, gin.H{"Error": "admin.disable_self"})
	}
	if name == staff(c).Username {
		c.Redirect(http.StatusSeeOther, "/admin/users")
		return nil
	}
	err := s.accounts.SetUserDisabled(c, name, disable)
	if errors.Is(err, store.ErrNotFound) {
		return errNotFound()
	}
	if err != nil {
		return err
	}
	action := "user.enable"
	if disable {
		action = "user.disable"
	}
	s.audit(c, staff(c).Username, action, name, "")
	c.Redirect(http.StatusSeeOther, "/admin/users")
	return nil
}

// checkCommunities returns the codes in their stored form, or a message ID
// unless every code names a community.
func (s *Server) checkCommunities(c *gin.Context, typed []string) ([]string, string) {
	codes := make([]string, 0, len(typed))
	for _, t := range typed {
		code, err := community.ParseCode(t)
		if err != nil {
			return typed, "admin.community_unknown"
		}
		if _, err := s.places.Community(c, code); err != nil {
			return typed, "admin.community_unknown"
		}
		codes = append(codes, code)
	}
	return codes, ""
}
