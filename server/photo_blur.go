package server

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"gridline/photo"
	"gridline/report"
	"gridline/server/form"
	"gridline/store"
)

// showPhotoBlur is a photo's blur page (遮挡与审核): the original shown large,
// on which staff drag rectangles over faces, plates and door numbers
// (static/js/blur.js; without JavaScript, one rectangle typed as
// percentages at a time), what the public sees of it now, and, with
// 先审后公开 on, the button that passes it for the public.
func (s *Server) showPhotoBlur(c *gin.Context) error {
	id, r, err := s.photoReport(c)
	if err != nil {
		return err
	}
	st, err := s.photoStates.PhotoState(c, id)
	if err != nil {
		return err
	}
	return s.renderPhotoBlur(c, http.StatusOK, photoPage{ID: id, Report: r, State: st})
}

// photoPage is what the blur page shows: the photo, its report and state,
// and after a refusal the form as sent and why.
type photoPage struct {
	ID     string
	Report report.Report
	State  store.PhotoState
	Form   form.Blur
	Error  string // a message ID
}

// renderPhotoBlur shows the blur page with status.
func (s *Server) renderPhotoBlur(c *gin.Context, status int, p photoPage) error {
	return s.renderStaff(c, status, "admin_photo", gin.H{
		"Photo":    p.ID,
		"Report":   p.Report.Tracking(),
		"Public":   s.publicPhotoOf(p.ID, p.State),
		"Blurred":  regionsText(p.State.Regions),
		"Count":    len(p.State.Regions),
		"Left":     photo.MaxRegions - len(p.State.Regions),
		"Max":      photo.MaxRegions,
		"Review":   s.Config.PhotoReview,
		"Reviewed": p.State.Reviewed,
		"Form":     p.Form,
		"Error":    p.Error,
		"Done":     c.Query("done"),
	})
}

// regionsText writes regions as blur.js reads them (and the form posts
// them): "x,y,w,h" fractions, separated by spaces. The script outlines the
// regions already blurred, so staff see what is done.
func regionsText(regions []photo.Region) string {
	var b strings.Builder
	for i, r := range regions {
		if i > 0 {
			b.WriteByte(' ')
		}
		for j, v := range []float64{r.X, r.Y, r.W, r.H} {
			if j > 0 {
				b.WriteByte(',')
			}
			b.WriteString(strconv.FormatFloat(v, 'f', -1, 64))
		}
	}
	return b.String()
}
