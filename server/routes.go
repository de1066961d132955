package server

import (
	"fmt"
	"net/http"

	"github.com/gin-gonic/gin"
)

// routes lists every route of Gridline.
func (s *Server) routes() (http.Handler, error) {
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	if err := r.SetTrustedProxies(s.Config.TrustedProxies); err != nil {
		return nil, fmt.Errorf("GRIDLINE_TRUSTED_PROXIES: %w", err)
	}
	// Handlers pass the *gin.Context on as their context.Context: with the
	// fallback on, its Done, Err and Value are the request's, so a client
	// that goes away cancels the database calls and the wait for a photo
	// decode slot made for it (see docs/ARCHITECTURE.md, Requests).
	r.ContextWithFallback = true
	r.RedirectTrailingSlash = false
	r.HandleMethodNotAllowed = true
	r.Use(s.recoverPanic, s.logRequest, s.secureHeaders, s.chooseLanguage, s.limitBody)
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
	r.POST("/c/:code/join", s.handle(s.joinReport))
	r.GET("/c/:code/qr.png", s.handle(s.showQRPNG))
	r.GET("/c/:code/qr.svg", s.handle(s.showQRSVG))
	r.GET("/track", s.limit(s.lookups), s.handle(s.lookupReport))
	r.GET("/t/:tracking", s.limit(s.lookups), s.handle(s.showTracking))
	// A photo's public rendition: blurred where staff blurred it, none while
	// 先审后公开 holds it back (photo_show.go).
	r.GET("/p/:id", s.handle(s.showPhoto))
	r.GET("/p/:id/thumb", s.handle(s.showPhoto))
	r.POST("/t/:tracking/rate", s.limit(s.lookups), s.handle(s.rateReport))

	// Public community pages: each community's numbers and published results
	// (linked from its form), and the list of communities per street. The
	// numbers are computed per request, so they share the look-up limit.
	r.GET("/communities", s.handle(s.showCommunityList))
	r.GET("/communities/:code", s.limit(s.lookups), s.handle(s.showCommunityPage))

	// Open311 GeoReport v2 (open311_*.go): discovery, services and requests
	// in XML or JSON, as the path's extension says. Reading is public and
	// shows only public fields, limited like look-ups; filing a request
	// needs an API key and is limited per address and per key.
	for _, ext := range []string{".xml", ".json"} {
		r.GET("/open311/v2/discovery"+ext, s.openLimit(s.lookups), s.openAPI(s.showDiscovery))
		r.GET("/open311/v2/services"+ext, s.openLimit(s.lookups), s.openAPI(s.listServices))
		r.GET("/open311/v2/requests"+ext, s.openLimit(s.lookups), s.openAPI(s.listRequests))
		r.POST("/open311/v2/requests"+ext, s.openLimit(s.apiPosts), s.openAPI(s.postRequest))
	}
	r.GET("/open311/v2/services/:code", s.openLimit(s.lookups), s.openAPI(s.showService))
	r.GET("/open311/v2/requests/:id", s.openLimit(s.lookups), s.openAPI(s.showRequest))

	// Staff sign-in.
	r.GET("/admin/login", s.handle(s.showLogin))
	r.POST("/admin/login", s.limit(s.logins), s.handle(s.login))

	// The console: every route below needs a session, and every POST its CSRF token.
	staff := r.Group("/admin", s.requireStaff, s.checkCSRF)
	staff.POST("/logout", s.handle(s.logout))
	staff.GET("", s.handle(s.showStaffHome))
	staff.GET("/reports", s.handle(s.showInbox))
	staff.GET("/reports/:id", s.handle(s.showStaffReport))
	staff.POST("/reports/:id/resolve", s.handle(s.resolveReport))
	// 回头看: a visit to a closed report whose category asks for one, with a photo.
	staff.POST("/reports/:id/recheck", s.handle(s.recheckReport))
	staff.POST("/reports/:id/:action", s.handle(s.actOnReport))
	// A photo of a report the account sees: its blur page (遮挡与审核), where
	// faces, plates and door numbers are blurred in the public rendition
	// and, with 先审后公开 on, the photo is passed for the public; and the
	// original as uploaded, which only staff ever see.
	staff.GET("/photos/:photo", s.handle(s.showPhotoBlur))
	staff.POST("/photos/:photo", s.handle(s.savePhotoBlur))
	staff.GET("/photos/:photo/original", s.handle(s.showOriginalPhoto))
	staff.GET("/photos/:photo/original/thumb", s.handle(s.showOriginalPhoto))
	// 巡查上报: staff file what they find on patrol in a community they
	// serve; multipart, so the CSRF token travels in the query.
	staff.GET("/patrol", s.handle(s.showPatrolForm))
	staff.POST("/patrol", s.handle(s.submitPatrol))
	staff.GET("/stats", s.handle(s.showStats))
	staff.GET("/export.csv", s.handle(s.exportCSV))

	// Every account changes its own password (the current one is asked for);
	// its other sessions end.
	staff.GET("/password", s.handle(s.showPassword))
	staff.POST("/password", s.handle(s.changePassword))

	// QR posters of the communities the account sees: the chooser, a batch
	// (?c=CODE… and/or ?street=), one community; ?kind=p (A4) or c (A6
	// cards); the print page, or the server's PDF with .pdf.
	staff.GET("/posters", s.handle(s.showPosters))
	staff.GET("/posters/batch", s.handle(s.showPosterBatch))
	staff.GET("/posters/batch.pdf", s.handle(s.showPosterBatch))
	staff.GET("/posters/:community", s.handle(s.showPoster))

	// Administration: communities, categories, accounts, the audit log.
	admin := staff.Group("", s.requireAdmin)
	admin.GET("/communities", s.handle(s.showCommunities))
	admin.POST("/communities", s.handle(s.createCommunity))
	admin.GET("/communities/:code", s.handle(s.showCommunity))
	admin.POST("/communities/:code", s.handle(s.updateCommunity))
	admin.GET("/categories", s.handle(s.showCategories))
	admin.POST("/categories", s.handle(s.saveCategory))
	admin.GET("/users", s.handle(s.showUsers))
	admin.POST("/users", s.handle(s.createUser))
	admin.POST("/users/:name/disabled", s.handle(s.setUserDisabled))
	// Admins reset another account's password (typed, or generated and shown
	// once); every session of that account ends.
	admin.GET("/users/:name/password", s.handle(s.showResetPassword))
	admin.POST("/users/:name/password", s.handle(s.resetPassword))
	admin.GET("/audit", s.handle(s.showAudit))
	// Keys of the Open311 API: made (shown once), listed, revoked.
	admin.GET("/apikeys", s.handle(s.showAPIKeys))
	admin.POST("/apikeys", s.handle(s.createAPIKey))
	admin.POST("/apikeys/:name/revoke", s.handle(s.revokeAPIKey))
	// Webhook endpoints: listed with their failed deliveries, added (the
	// secret is never shown again), removed, failed deliveries resent.
	admin.GET("/webhooks", s.handle(s.showWebhooks))
	admin.POST("/webhooks", s.handle(s.addWebhook))
	admin.POST("/webhooks/:hook/remove", s.handle(s.removeWebhook))
	admin.POST("/webhooks/:hook/resend", s.handle(s.resendWebhook))

	return r, nil
}
