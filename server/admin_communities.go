package server

import (
	"errors"
	"net/http"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"gridline/community"
	"gridline/server/form"
	"gridline/store"
)

// requireAdmin lets only administrators through.
func (s *Server) requireAdmin(c *gin.Context) {
	if !staff(c).Manages() {
		s.handle(s.showNotFound)(c)
		c.Abort()
		return
	}
	c.Next()
}

// showCommunities lists communities with their form URLs, and a form to add one.
func (s *Server) showCommunities(c *gin.Context) error {
	return s.renderCommunities(c, http.StatusOK, "", "", "")
}

func (s *Server) renderCommunities(c *gin.Context, status int, name, street, msg string) error {
	coms, err := s.places.Communities(c)
	if err != nil {
		return err
	}
	return s.renderStaff(c, status, "admin_communities", gin.H{
		"Communities": coms, "BaseURL": s.Config.BaseURL, "Name": name, "Street": street, "Error": msg,
	})
}

// createCommunity adds a community under a fresh code.
func (s *Server) createCommunity(c *gin.Context) error {
	name, street := form.CleanLine(c.PostForm("name")), form.CleanLine(c.PostForm("street"))
	if msg := checkPlaceName(name, street); msg != "" {
		return s.renderCommunities(c, http.StatusUnprocessableEntity, name, street, msg)
	}
	com, err := s.places.CreateCommunity(c, name, street)
	if err != nil {
		return err
	}
	s.audit(c, staff(c).Username, "community.add", com.Code, street+"/"+name)
	c.Redirect(http.StatusSeeOther, "/admin/communities/"+com.Code)
	return nil
}

// showCommunity is the edit page of one community and its grids.
func (s *Server) showCommunity(c *gin.Context) error {
	com, err := s.adminCommunity(c)
	if err != nil {
		return err
	}
	return s.renderStaff(c, http.StatusOK, "admin_community", gin.H{
		"Community": com, "BaseURL": s.Config.BaseURL, "GridsText": gridsText(com.Grids),
	})
}

// updateCommunity renames, moves, disables or re-enables a community and
// saves its grids (one "name|worker" per line).
func (s *Server) updateCommunity(c *gin.Context) error {
	com, err := s.adminCommunity(c)
	if err != nil {
		return err
	}
	com.Name, com.Street = form.CleanLine(c.PostForm("name")), form.CleanLine(c.PostForm("street"))
	com.Disabled = c.PostForm("disabled") == "1"
	grids, gridErr := parseGrids(c.PostForm("grids"))
	msg := checkPlaceName(com.Name, com.Street)
	if msg == "" && gridErr {
		msg = "admin.grids_invalid"
	}
	if msg != "" { // shown again with what was typed, grids included
		return s.renderStaff(c, http.StatusUnprocessableEntity, "admin_community", gin.H{
			"Community": com, "BaseURL": s.Config.BaseURL, "Error": msg, "GridsText": c.PostForm("grids"),
		})
	}
	com.Grids = grids
	if err := s.places.UpdateCommunity(c, com); err != nil {
		return err
	}
	s.audit(c, staff(c).Username, "community.update", com.Code, com.Street+"/"+com.Name)
	c.Redirect(http.StatusSeeOther, "/admin/communities/"+com.Code+"?done=1")
	return nil
}

func (s *Server) adminCommunity(c *gin.Context) (community.Community, error) {
	code, err := community.ParseCode(c.Param("code"))
	if err != nil {
		return community.Community{}, errNotFound()
	}
	com, err := s.places.Community(c, code)
	if errors.Is(err, store.ErrNotFound) {
		return community.Community{}, errNotFound()
	}
	return com, err
}

func checkPlaceName(name, street string) string {
	if name == "" || street == "" || utf8.RuneCountInString(name) > 40 || utf8.RuneCountInString(street) > 40 {
		return "admin.place_invalid"
	}
	return ""
}
