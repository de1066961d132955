package server

import (
	"errors"
	"net/http"
	"slices"
	"strings"

	"github.com/gin-gonic/gin"

	"gridline/photostore"
	"gridline/report"
	"gridline/store"
)

// showOriginalPhoto serves staff a photo as it was uploaded, whatever was
// blurred or held back for the public: what they must see to handle the
// report. Only staff who see the photo's report get it (the rest get the
// same 404 as for no photo), and only their own browser may keep it, asking
// again each time, so a session that ended shows it no more.
func (s *Server) showOriginalPhoto(c *gin.Context) error {
	id, _, err := s.photoReport(c)
	if err != nil {
		return err
	}
	name, etag := photostore.FullName(id), `"`+id+`-original"`
	if strings.HasSuffix(c.FullPath(), "/thumb") {
		name, etag = photostore.ThumbName(id), `"`+id+`-original-thumb"`
	}
	if c.GetHeader("If-None-Match") == etag {
		c.Header("ETag", etag)
		c.Header("Cache-Control", "private, no-cache")
		c.Status(http.StatusNotModified)
		return nil
	}
	b, err := s.Photos.Get(c, name)
	if errors.Is(err, photostore.ErrNotFound) {
		return errNotFound()
	}
	if err != nil {
		return err
	}
	c.Header("ETag", etag)
	c.Header("Cache-Control", "private, no-cache")
	c.Data(http.StatusOK, "image/jpeg", b)
	return nil
}

// photoReport finds the report photo :photo belongs to, if the signed-in
// staff may see it. A malformed ID, a photo no report refers to and a
// report the account does not see all get the same 404.
func (s *Server) photoReport(c *gin.Context) (string, report.Report, error) {
	id := c.Param("photo")
	if !photostore.ValidID(id) {
		return "", report.Report{}, errNotFound()
	}
	owner, err := s.photoStates.PhotoReport(c, id)
	if errors.Is(err, store.ErrNotFound) {
		return "", report.Report{}, errNotFound()
	}
	if err != nil {
		return "", report.Report{}, err
	}
	code, err := report.ParseTracking(owner)
	if err != nil {
		return "", report.Report{}, errNotFound()
	}
	r, err := s.seenReport(c, code)
	if err != nil {
		return "", report.Report{}, err
	}
	if !carriesPhoto(r, id) {
		return "", report.Report{}, errNotFound()
	}
	return id, r, nil
}

// carriesPhoto reports whether r shows photo id: the resident's, an
// after-photo, one a step of its timeline carries (a re-check's) or a
// joiner's (我也遇到). The photo references only ever grow, so the report
// itself has the last word.
func carriesPhoto(r report.Report, id string) bool {
	if slices.Contains(r.Photos, id) || slices.Contains(r.AfterPhotos, id) {
		return true
	}
	for _, e := range r.Timeline {
		if slices.Contains(e.Photos, id) {
			return true
		}
	}
	return slices.ContainsFunc(r.Joiners, func(j report.Joiner) bool { return slices.Contains(j.Photos, id) })
}
