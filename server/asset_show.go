package server

import (
	"mime"
	"net/http"
	"path"

	"github.com/gin-gonic/gin"
)

// showAsset serves an embedded static file; only a URL with the current
// content hash may be cached forever.
func (s *Server) showAsset(c *gin.Context) {
	b, current, err := s.assets.Open(c.Param("hash"), c.Param("name"))
	if err != nil {
		c.Status(http.StatusNotFound)
		return
	}
	if current {
		c.Header("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		c.Header("Cache-Control", "no-cache")
	}
	c.Data(http.StatusOK, mime.TypeByExtension(path.Ext(c.Param("name"))), b)
}

// showFavicon points browsers that ask for /favicon.ico at the embedded icon.
func (s *Server) showFavicon(c *gin.Context) {
	u, err := s.assets.URL("img/favicon.svg")
	if err != nil {
		c.Status(http.StatusNotFound)
		return
	}
	c.Redirect(http.StatusMovedPermanently, u)
}
