package server

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"gridline/qr"
)

// showQRPNG serves the community's QR code as a PNG of ?size= pixels.
func (s *Server) showQRPNG(c *gin.Context) error {
	com, err := s.community(c)
	if err != nil {
		return err
	}
	b, err := qr.PNG(com.FormURL(s.Config.BaseURL), qr.ClampSize(c.Query("size")))
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
	b, err := qr.SVG(com.FormURL(s.Config.BaseURL))
	if err != nil {
		return err
	}
	c.Header("Cache-Control", "public, max-age=86400")
	c.Data(http.StatusOK, "image/svg+xml", b)
	return nil
}
