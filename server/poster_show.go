package server

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/gin-gonic/gin"

	"gridline/community"
	"gridline/poster"
)

// showPoster is one community's poster, ?kind=p (A4, the default) or c (a
// sheet of four A6 cards): the print page, or the PDF when the address ends
// in .pdf.
func (s *Server) showPoster(c *gin.Context) error {
	typed, pdf := strings.CutSuffix(c.Param("community"), ".pdf")
	com, err := s.staffCommunity(c, typed)
	if err != nil {
		return err
	}
	return s.printPosters(c, []community.Community{com}, pdf, "gridline-poster-"+com.Code)
}

// printPosters answers with one page per community: the print page, or the
// PDF made on the server for print shops.
func (s *Server) printPosters(c *gin.Context, coms []community.Community, pdf bool, name string) error {
	k := posterKind(c)
	sheets, err := s.sheets(c, coms, k)
	if err != nil {
		return err
	}
	if !pdf {
		return s.renderStaff(c, http.StatusOK, "poster_print", gin.H{
			"Sheets": sheets, "Kind": string(k), "Cards": k == poster.Card,
			"PDF":    c.Request.URL.Path + ".pdf?" + c.Request.URL.RawQuery,
			"A4Link": kindLink(c, poster.A4), "CardLink": kindLink(c, poster.Card),
		})
	}
	b, err := s.posters.PDF(k, sheets)
	if err != nil {
		return err
	}
	suffix := map[poster.Kind]string{poster.A4: "a4", poster.Card: "cards"}[k]
	c.Header("Content-Disposition", fmt.Sprintf(`inline; filename="%s-%s.pdf"`, name, suffix))
	c.Header("Cache-Control", "no-store")
	c.Data(http.StatusOK, "application/pdf", b)
	return nil
}

// kindLink is this print page for another poster kind.
func kindLink(c *gin.Context, k poster.Kind) string {
	q := url.Values{}
	for key, v := range c.Request.URL.Query() {
		q[key] = v
	}
	q.Set("kind", string(k))
	return c.Request.URL.Path + "?" + q.Encode()
}
