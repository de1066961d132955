package server

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

// publicStreet is one street of the public list and its communities, as
// public pages may show them (see public_view.go).
type publicStreet struct {
	Street      string        `from:"community.Community.Street"`
	Communities []publicPlace // grouped by street
}

// showCommunityList lists the communities that take reports, per street,
// each linking to its public page.
func (s *Server) showCommunityList(c *gin.Context) error {
	all, err := s.places.Communities(c)
	if err != nil {
		return err
	}
	var streets []publicStreet
	for _, com := range all {
		if com.Disabled {
			continue
		}
		if n := len(streets); n == 0 || streets[n-1].Street != com.Street {
			streets = append(streets, publicStreet{Street: com.Street})
		}
		last := &streets[len(streets)-1]
		last.Communities = append(last.Communities, newPublicPlace(com))
	}
	return s.render(c, http.StatusOK, "communities", gin.H{"Streets": streets})
}
