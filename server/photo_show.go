package server

import (
	"errors"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"gridline/photostore"
)

// showPhoto serves the public rendition of a photo or its thumbnail: the
// upload as is until staff blur it, the latest blurred rendition after, and
// nothing (404) while 先审后公开 holds it back. The original of a blurred
// photo is never served here; staff see it at /admin/photos/{id}/original.
//
// The URL a public page links (photo_public.go) carries the rendition's tag
// (?v=); served at that URL the rendition never changes, so it is cached
// for a year. Any other URL of the photo (the plain /p/{id} of an older
// page, a webhook or Open311, or a stale or guessed ?v=) answers with the
// current rendition but must be revalidated on every use, its ETag naming
// the rendition: no cache keeps a rendition at a URL that a later blur
// could make a page link again.
func (s *Server) showPhoto(c *gin.Context) error {
	id := c.Param("id")
	if !photostore.ValidID(id) {
		return errNotFound()
	}
	thumb := strings.HasSuffix(c.FullPath(), "/thumb")
	// A blur that finishes between reading the state and reading the file
	// removes the rendition just named: the second reading finds its own.
	for range 2 {
		served, err := s.servePublicPhoto(c, id, thumb)
		if served || err != nil {
			return err
		}
	}
	return errNotFound()
}

// servePublicPhoto answers with the photo's current public rendition, or
// says it was not there (served false, no error) when the rendition just
// read was replaced meanwhile. Error pages are never cached (render).
func (s *Server) servePublicPhoto(c *gin.Context, id string, thumb bool) (bool, error) {
	st, err := s.photoStates.PhotoState(c, id)
	if err != nil {
		return false, err
	}
	if s.held(st) {
		return false, errNotFound()
	}
	name, etag := publicFile(id, st.Rendition, thumb)
	cache := "public, max-age=31536000, immutable"
	if v, _ := c.GetQuery("v"); v != st.Rendition {
		cache = "public, no-cache"
	}
	if c.GetHeader("If-None-Match") == etag {
		c.Header("ETag", etag)
		c.Header("Cache-Control", cache)
		c.Status(http.StatusNotModified)
		return true, nil
	}
	b, err := s.Photos.Get(c, name)
	switch {
	case errors.Is(err, photostore.ErrNotFound) && st.Rendition != "":
		return false, nil
	case errors.Is(err, photostore.ErrNotFound):
		return false, errNotFound()
	case err != nil:
		return false, err
	}
	c.Header("ETag", etag)
	c.Header("Cache-Control", cache)
	c.Data(http.StatusOK, "image/jpeg", b)
	return true, nil
}
