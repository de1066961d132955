package server

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"gridline/community"
	"gridline/poster"
)

// countScan counts one scan when the form was opened from a poster's QR code
// (?s=p or ?s=c) and sends the phone on to the plain address, so that a
// reload or a shared link does not count again. Only the community, the
// poster kind and the day are kept: nothing about the person. Counting is
// best effort: when it fails the resident still gets the form.
func (s *Server) countScan(c *gin.Context, com community.Community) bool {
	k, ok := poster.ParseKind(c.Query("s"))
	if !ok {
		return false
	}
	// One address cannot inflate the counts past the look-up limit; over it
	// the scan is not counted, but the resident still gets the form. Nor can
	// another site, with an <img> or a link to the marked address.
	if !openedByHand(c) {
		c.Redirect(http.StatusSeeOther, "/c/"+com.Code)
		return true
	}
	if ok, _ := s.lookups.allow(clientKey(c), time.Now()); ok {
		day := s.now().In(s.zone).Format(time.DateOnly)
		if err := s.figures.RecordScan(c, com.Code, string(k), day); err != nil {
			s.Log.ErrorContext(c, "record scan", "community", com.Code, "err", err)
		}
	}
	c.Redirect(http.StatusSeeOther, "/c/"+com.Code)
	return true
}

// openedByHand reports whether the browser says (Fetch Metadata) that the
// address was opened as a page by the person, as a phone's camera or QR
// scanner opens it: not an image, frame or script, and not from another
// site. Browsers that send no such headers are believed.
func openedByHand(c *gin.Context) bool {
	dest, site := c.GetHeader("Sec-Fetch-Dest"), c.GetHeader("Sec-Fetch-Site")
	return (dest == "" || dest == "document") && (site == "" || site == "none" || site == "same-origin")
}

// qrContent is what a community's QR image encodes: its form URL, with a
// poster kind's marker when ?s= names one.
func (s *Server) qrContent(c *gin.Context, com community.Community) string {
	form := com.FormURL(s.Config.BaseURL)
	if k, ok := poster.ParseKind(c.Query("s")); ok {
		return poster.ScanURL(form, k)
	}
	return form
}
