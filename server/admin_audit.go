package server

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"
)

// auditPageSize is how many of the log's numbers one audit page covers.
const auditPageSize = 50

// showAudit shows one page of the audit log, newest first (?page=2 is the
// next older one). A page is read from the one or two buckets holding it, so
// an old page costs what the first does.
func (s *Server) showAudit(c *gin.Context) error {
	page, err := strconv.Atoi(c.DefaultQuery("page", "1"))
	if err != nil || page < 1 || page > 1_000_000 {
		return errNotFound()
	}
	entries, err := s.trail.AuditEntries(c, (page-1)*auditPageSize, auditPageSize)
	if err != nil {
		return err
	}
	data := gin.H{"Entries": entries, "Page": page}
	if page > 1 {
		data["Newer"] = page - 1
	}
	// Entries carry their number: the log goes on while this page's oldest is not the first.
	if n := len(entries); n > 0 && entries[n-1].Seq > 1 {
		data["Older"] = page + 1
	}
	return s.renderStaff(c, http.StatusOK, "admin_audit", data)
}
