package server

import (
	"net/http"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"gridline/community"
	"gridline/server/form"
)

// showCategories lists categories with their deadlines and a form for each.
func (s *Server) showCategories(c *gin.Context) error {
	return s.renderCategories(c, http.StatusOK, "")
}

func (s *Server) renderCategories(c *gin.Context, status int, msg string) error {
	cats, err := s.places.Categories(c)
	if err != nil {
		return err
	}
	return s.renderStaff(c, status, "admin_categories", gin.H{"Categories": cats, "Error": msg})
}

// saveCategory creates a category or changes its deadline and position.
func (s *Server) saveCategory(c *gin.Context) error {
	name := form.CleanLine(c.PostForm("name"))
	hours, herr := strconv.Atoi(c.PostForm("hours"))
	pos, perr := strconv.Atoi(c.DefaultPostForm("position", "0"))
	if name == "" || utf8.RuneCountInString(name) > 20 || herr != nil || hours < 1 || hours > 24*90 || perr != nil {
		return s.renderCategories(c, http.StatusUnprocessableEntity, "admin.category_invalid")
	}
	cat := community.Category{Name: name, Deadline: time.Duration(hours) * time.Hour, Position: pos}
	if err := s.places.SaveCategory(c, cat); err != nil {
		return err
	}
	s.audit(c, staff(c).Username, "category.save", name, strconv.Itoa(hours)+"h")
	c.Redirect(http.StatusSeeOther, "/admin/categories")
	return nil
}
