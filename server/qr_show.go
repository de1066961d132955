package server

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"gridline/qr"
)

// showQRPNG serves the community's QR code as a PNG of ?size= pixels; with
// ?s=p or ?s=c it encodes that poster kind's marker too (see qrContent).
func (s *Server) showQRPNG(c *gin.Context) error {
	com, err := s.community(c)
	if err != nil {
		return err
	}
	b, err := qr.PNG(s.qrContent(c, com), qr.ClampSize(c.Query("size")))
	if err != nil {
		return err
	}
	c.Header("Cache-Control", "public, max-age=86400")
	c.Data(http.StatusOK, "image/png", b)
	return nil
}

// showQRSVG serves the community's QR code as an SVG, sharp at any print size.
func (s *Server) showQRSVG(c *gin.Context) error {
	com, err := s.community(c)
	if err != nil {
		return err
	}
	b, err := qr.SVG(s.qrContent(c, com))
	if err != nil {
		return err
	}
	c.Header("Cache-Control", "public, max-age=86400")
	c.Data(http.StatusOK, "image/svg+xml", b)
	return nil
}
