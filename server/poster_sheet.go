package server

import (
	"context"
	"errors"

	"github.com/gin-gonic/gin"

	"gridline/poster"
	"gridline/report"
	"gridline/store"
)

// posterStore is what posters, scan counting and the public community page
// need from the database.
type posterStore interface {
	RecordScan(ctx context.Context, community, kind, day string) error
	Scans(ctx context.Context, from, to string, codes []string) (map[string]map[string]int, error)
	PublishedReports(ctx context.Context, community string, limit int) ([]store.Published, error)
}

// maxBatch bounds the posters of one batch: a street has tens of communities.
const maxBatch = 200

// staffCommunity loads the community named in the URL if the signed-in
// account may see it and it takes reports; anything else is a 404.
func (s *Server) staffCommunity(c *gin.Context, typed string) (store.Community, error) {
	code, err := report.ParseCommunityCode(typed)
	if err != nil {
		return store.Community{}, errNotFound()
	}
	com, err := s.Store.Community(c, code)
	if errors.Is(err, store.ErrNotFound) || err == nil && (com.Disabled || !staff(c).SeesCommunity(com.Street, com.Code)) {
		return store.Community{}, errNotFound()
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
func (s *Server) sheets(c *gin.Context, coms []store.Community, k poster.Kind) ([]poster.Sheet, error) {
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
		v, err := s.Catalog.T(lang, f.id)
		if err != nil {
			return nil, err
		}
		*f.dst = v
	}
	text.Lang = lang
	out := make([]poster.Sheet, 0, len(coms))
	for _, com := range coms {
		t := text
		check, err := s.Catalog.T(lang, "poster.check", "Community", com.Name)
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
