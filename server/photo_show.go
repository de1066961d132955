package server

import (
	"errors"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"gridline/photostore"
)

// showPhoto serves a stored photo or its thumbnail. Photos never change, so
// they are cached for a year and revalidated by ETag.
func (s *Server) showPhoto(c *gin.Context) error {
	id := c.Param("id")
	if !photostore.ValidID(id) {
		return errNotFound()
	}
	name, etag := photostore.FullName(id), `"`+id+`"`
	if strings.HasSuffix(c.FullPath(), "/thumb") {
		name, etag = photostore.ThumbName(id), `"`+id+`-thumb"`
	}
	c.Header("ETag", etag)
	c.Header("Cache-Control", "public, max-age=31536000, immutable")
	if c.GetHeader("If-None-Match") == etag {
		c.Status(http.StatusNotModified)
		return nil
	}
	b, err := s.Photos.Get(c, name)
	if errors.Is(err, photostore.ErrNotFound) {
		c.Header("Cache-Control", "no-store")
		return errNotFound()
	}
	if err != nil {
		return err
	}
	c.Data(http.StatusOK, "image/jpeg", b)
	return nil
}
