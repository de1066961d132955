package server

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

// routes lists every route of Gridline.
func (s *Server) routes() http.Handler {
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	r.RedirectTrailingSlash = false
	r.HandleMethodNotAllowed = true
	r.Use(s.recoverPanic, s.logRequest, s.secureHeaders, s.chooseLanguage)
	r.NoRoute(s.handle(s.showNotFound))
	r.NoMethod(s.handle(s.showNotFound))

	// Probes and assets.
	r.GET("/healthz", s.showHealth)
	r.GET("/readyz", s.showReady)
	r.GET("/static/:hash/*name", s.showAsset)
	r.GET("/favicon.ico", s.showFavicon)

	// Residents: the QR target, its codes, the report form and tracking.
	r.GET("/", s.handle(s.showHome))
	r.GET("/c/:code", s.handle(s.showReportForm))
	r.POST("/c/:code", s.handle(s.submitReport))
	r.GET("/c/:code/qr.png", s.handle(s.showQRPNG))
	r.GET("/c/:code/qr.svg", s.handle(s.showQRSVG))
	r.GET("/track", s.handle(s.lookupReport))
	r.GET("/t/:tracking", s.handle(s.showTracking))
	r.GET("/p/:id", s.handle(s.showPhoto))
	r.GET("/p/:id/thumb", s.handle(s.showPhoto))

	return r
}
