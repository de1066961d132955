package server

import (
	"fmt"
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

// categoryRow is a category as its form shows it: the re-check delay in
// whole days, as admins set it.
type categoryRow struct {
	community.Category
	RecheckDays int
}

func (s *Server) renderCategories(c *gin.Context, status int, msg string) error {
	cats, err := s.places.Categories(c)
	if err != nil {
		return err
	}
	rows := make([]categoryRow, len(cats))
	for i, cat := range cats {
		rows[i] = categoryRow{Category: cat, RecheckDays: int(cat.Recheck / recheckDay)}
	}
	return s.renderStaff(c, status, "admin_categories", gin.H{"Categories": rows, "Error": msg})
}

// recheckDay is the unit admins set a re-check delay in.
const recheckDay = 24 * time.Hour

// maxRecheckDays bounds a re-check delay: a year after closing.
const maxRecheckDays = 365

// saveCategory creates a category or changes its deadline, position,
// re-check delay (回头看) and what happens to a patrol find of its kind.
// The form carries every setting, since the category is stored whole.
func (s *Server) saveCategory(c *gin.Context) error {
	cat, msg := categoryFromForm(c)
	if msg != "" {
		return s.renderCategories(c, http.StatusUnprocessableEntity, msg)
	}
	if err := s.places.SaveCategory(c, cat); err != nil {
		return err
	}
	detail := fmt.Sprintf("%dh recheck=%dd patrol_assign=%t", int(cat.Deadline.Hours()), int(cat.Recheck/recheckDay), cat.PatrolAssign)
	s.audit(c, staff(c).Username, "category.save", cat.Name, detail)
	c.Redirect(http.StatusSeeOther, "/admin/categories")
	return nil
}

// categoryFromForm reads a category from its form, or returns the message
// ID of what is wrong. An empty re-check field, like 0, asks for none.
func categoryFromForm(c *gin.Context) (community.Category, string) {
	name := form.CleanLine(c.PostForm("name"))
	hours, herr := strconv.Atoi(c.PostForm("hours"))
	pos, perr := strconv.Atoi(c.DefaultPostForm("position", "0"))
	if name == "" || utf8.RuneCountInString(name) > 20 || herr != nil || hours < 1 || hours > 24*90 || perr != nil {
		return community.Category{}, "admin.category_invalid"
	}
	days, derr := 0, error(nil)
	if typed := c.PostForm("recheck_days"); typed != "" {
		days, derr = strconv.Atoi(typed)
	}
	if derr != nil || days < 0 || days > maxRecheckDays {
		return community.Category{}, "admin.recheck_invalid"
	}
	return community.Category{
		Name: name, Deadline: time.Duration(hours) * time.Hour, Position: pos,
		Recheck: time.Duration(days) * recheckDay, PatrolAssign: c.PostForm("patrol_assign") == "1",
	}, ""
}
