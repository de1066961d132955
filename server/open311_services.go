package server

import (
	"net/http"
	"path"
	"strconv"

	"github.com/gin-gonic/gin"

	"gridline/community"
	"gridline/server/open311"
)

// openChangeset is the discovery document's changeset: when the shape of
// this API last changed. The services themselves are read fresh from the
// categories on every request, so a client need not cache them long.
const openChangeset = "2026-12-02T00:00:00+08:00"

// showDiscovery is the service discovery document: where the GeoReport v2
// endpoint is, its formats, whom to call, and how to get a key.
func (s *Server) showDiscovery(c *gin.Context) error {
	lang := language(c)
	contact, err := s.catalog.T(lang, "open311.contact", "Hotline", s.Config.Hotline, "URL", s.Config.BaseURL)
	if err != nil {
		return err
	}
	keys, err := s.catalog.T(lang, "open311.key_service")
	if err != nil {
		return err
	}
	s.answer(c, http.StatusOK, open311.Discovery{
		Changeset: openChangeset, Contact: contact, KeyService: keys,
		Endpoints: []open311.Endpoint{{
			Specification: open311.Specification, URL: s.Config.BaseURL + "/open311/v2",
			Changeset: openChangeset, Type: "production", Formats: open311.Formats(),
		}},
	})
	return nil
}

// listServices lists one service per category, in the residents' order.
func (s *Server) listServices(c *gin.Context) error {
	cats, err := s.places.Categories(c)
	if err != nil {
		return err
	}
	list := make(open311.Services, 0, len(cats))
	for _, cat := range cats {
		svc, err := s.openService(language(c), cat)
		if err != nil {
			return err
		}
		list = append(list, svc)
	}
	s.answer(c, http.StatusOK, list)
	return nil
}

// openService is a category as a service: no extra fields (metadata
// false), answered with its request's ID at once (realtime).
func (s *Server) openService(lang string, cat community.Category) (open311.Service, error) {
	desc, err := s.catalog.T(lang, "open311.service_description", "Name", cat.Name, "Hours", strconv.Itoa(int(cat.Deadline.Hours())))
	if err != nil {
		return open311.Service{}, err
	}
	group, err := s.catalog.T(lang, "open311.group")
	if err != nil {
		return open311.Service{}, err
	}
	return open311.Service{Code: serviceCode(cat.Name), Name: cat.Name, Description: desc,
		Type: open311.Realtime, Group: group}, nil
}

// showService is a service's definition. No service has extra fields, so
// each is defined by its code and no attributes, as the spec has it for a
// service whose metadata is false.
func (s *Server) showService(c *gin.Context) error {
	code, _, _ := open311.Split(path.Base(c.Request.URL.Path))
	cats, err := s.places.Categories(c)
	if err != nil {
		return err
	}
	if _, ok := categoryOfCode(cats, code); !ok {
		return apiError(http.StatusNotFound, "open311.service_not_found")
	}
	s.answer(c, http.StatusOK, open311.Definition{Code: code})
	return nil
}
