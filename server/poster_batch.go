package server

import (
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"gridline/community"
)

// showPosterBatch prints the chosen communities (?c=CODE, repeated) and every
// community of ?street=, one poster or card sheet per page, in the order of
// the poster page: the print page, or the PDF for /admin/posters/batch.pdf.
func (s *Server) showPosterBatch(c *gin.Context) error {
	coms, err := s.printableCommunities(c)
	if err != nil {
		return err
	}
	chosen := map[string]bool{}
	for _, code := range c.QueryArray("c") {
		chosen[code] = true
	}
	street := c.Query("street")
	var picked []community.Community
	for _, com := range coms {
		if chosen[com.Code] || street != "" && com.Street == street {
			picked = append(picked, com)
		}
	}
	switch {
	case len(picked) == 0:
		return s.renderPosterList(c, http.StatusUnprocessableEntity, "poster.none_chosen")
	case len(picked) > maxBatch:
		return s.renderPosterList(c, http.StatusUnprocessableEntity, "poster.too_many")
	}
	return s.printPosters(c, picked, strings.HasSuffix(c.FullPath(), ".pdf"), "gridline-posters")
}
