package server

import (
	"context"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
)

// showHealth answers while the process is up.
func (s *Server) showHealth(c *gin.Context) {
	c.String(http.StatusOK, "ok\n")
}

// showReady answers 200 only while the database answers, so a load balancer
// stops sending residents to an instance that cannot store their reports.
func (s *Server) showReady(c *gin.Context) {
	ctx, cancel := context.WithTimeout(c, 2*time.Second)
	defer cancel()
	if err := s.ping(ctx); err != nil {
		s.Log.WarnContext(c, "not ready", "err", err)
		c.String(http.StatusServiceUnavailable, "database unavailable\n")
		return
	}
	c.String(http.StatusOK, "ready\n")
}
