package server

import (
	"errors"

	"github.com/gin-gonic/gin"

	"gridline/community"
	"gridline/poster"
	"gridline/store"
)

// maxBatch bounds the posters of one batch: a street has tens of communities.
const maxBatch = 200

// staffCommunity loads the community named in the URL if the signed-in
// account may see it and it takes reports; anything else is a 404.
func (s *Server) staffCommunity(c *gin.Context, typed string) (community.Community, error) {
	code, err := community.ParseCode(typed)
	if err != nil {
		return community.Community{}, errNotFound()
	}
	com, err := s.places.Community(c, code)
	if errors.Is(err, store.ErrNotFound) || err == nil && (com.Disabled || !staff(c).SeesCommunity(com.Street, com.Code)) {
		return community.Community{}, errNotFound()
	}
	return com, err
}

// posterKind reads ?kind=, A4 when absent or unknown.
func posterKind(c *gin.Context) poster.Kind {
	if k, ok := poster.ParseKind(c.Query("kind")); ok {
		return k
	}
	return poster.A4
}

// sheets builds what each community's poster says, in the request's language.
func (s *Server) sheets(c *gin.Context, coms []community.Community, k poster.Kind) ([]poster.Sheet, error) {
	lang := language(c)
	var text poster.Text
	for _, f := range []struct {
		dst *string
		id  string
	}{
		{&text.Title, "poster.title"}, {&text.Steps[0], "poster.step_scan"},
		{&text.Steps[1], "poster.step_describe"}, {&text.Steps[2], "poster.step_track"},
		{&text.TypeIn, "poster.type_in"}, {&text.Code, "poster.code"}, {&text.Track, "poster.track"},
		{&text.Hotline, "poster.hotline"}, {&text.Issuer, "poster.issuer"},
	} {
		v, err := s.catalog.T(lang, f.id)
		if err != nil {
			return nil, err
		}
		*f.dst = v
	}
	text.Lang = lang
	out := make([]poster.Sheet, 0, len(coms))
	for _, com := range coms {
		t := text
		check, err := s.catalog.T(lang, "poster.check", "Community", com.Name)
		if err != nil {
			return nil, err
		}
		t.Check = check
		form := com.FormURL(s.Config.BaseURL)
		out = append(out, poster.Sheet{
			Community: com.Name, Street: com.Street, Code: com.Code,
			ScanURL: poster.ScanURL(form, k), FormURL: form, TrackURL: s.Config.BaseURL + "/track",
			Hotline: s.Config.Hotline, Issuer: s.Config.Issuer, Text: t,
		})
	}
	return out, nil
}
