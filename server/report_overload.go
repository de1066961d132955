package server

import (
	"errors"
	"time"

	"github.com/gin-gonic/gin"
)

// errOverloaded means every upload slot stayed busy: the request is refused
// with 503 before its photos are read, instead of queueing them in memory.
var errOverloaded = errors.New("server: too many uploads at once")

const (
	uploadKey  = "upload_slot"
	uploadWait = 3 * time.Second // how long a submission may wait for a slot
)

// takeUpload reserves an upload slot for this request, waiting briefly.
func (s *Server) takeUpload(c *gin.Context) error {
	t := time.NewTimer(uploadWait)
	defer t.Stop()
	select {
	case s.uploads <- struct{}{}:
		c.Set(uploadKey, true)
		return nil
	case <-t.C:
		s.Metrics.Overloaded.Inc()
		return errOverloaded
	case <-c.Request.Context().Done():
		return c.Request.Context().Err()
	}
}

// releaseUpload frees the slot if this request took one.
func (s *Server) releaseUpload(c *gin.Context) {
	if c.GetBool(uploadKey) {
		<-s.uploads
	}
}
