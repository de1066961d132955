package server

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"gridline/community"
)

// posterStreet is one street on the poster page, with its communities.
type posterStreet struct {
	Street      string
	Communities []posterCommunity
}

// posterCommunity is a community and its poster scans this month by kind.
type posterCommunity struct {
	community.Community
	Scans map[string]int // poster kind → scans
}

// showPosters lets staff choose communities, or a whole street, to print
// posters or cards for, in the browser or as a PDF.
func (s *Server) showPosters(c *gin.Context) error {
	return s.renderPosterList(c, http.StatusOK, "")
}

// renderPosterList shows the chooser with an optional notice (a message ID).
func (s *Server) renderPosterList(c *gin.Context, status int, notice string) error {
	coms, err := s.printableCommunities(c)
	if err != nil {
		return err
	}
	codes := make([]string, len(coms))
	for i, com := range coms {
		codes[i] = com.Code
	}
	now := s.now().In(s.zone)
	from := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, s.zone).Format(time.DateOnly)
	to := now.AddDate(0, 0, 1).Format(time.DateOnly)
	scans, err := s.figures.Scans(c, from, to, codes)
	if err != nil {
		return err
	}
	var streets []posterStreet
	for _, com := range coms {
		if n := len(streets); n == 0 || streets[n-1].Street != com.Street {
			streets = append(streets, posterStreet{Street: com.Street})
		}
		last := &streets[len(streets)-1]
		last.Communities = append(last.Communities, posterCommunity{Community: com, Scans: scans[com.Code]})
	}
	chosen := map[string]bool{}
	for _, code := range c.QueryArray("c") {
		chosen[code] = true
	}
	return s.renderStaff(c, status, "admin_posters", gin.H{
		"Streets": streets, "Chosen": chosen, "Kind": string(posterKind(c)), "Notice": notice,
	})
}

// printableCommunities are the enabled communities the account sees, by
// street and name.
func (s *Server) printableCommunities(c *gin.Context) ([]community.Community, error) {
	all, err := s.visibleCommunities(c, staff(c))
	if err != nil {
		return nil, err
	}
	var out []community.Community
	for _, com := range all {
		if !com.Disabled {
			out = append(out, com)
		}
	}
	return out, nil
}
