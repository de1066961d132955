package server

import (
	"cmp"
	"context"
	"slices"
	"time"
	"unicode/utf8"

	"gridline/report"
)

// What the report form shows of other open reports of its community, so a
// resident with the same problem presses 我也遇到 instead of reporting it
// again (report_join.go).
const (
	similarDays    = 30 // reports made in the last 30 days
	similarListed  = 20 // listed at most; the page shows 5 (CSS), the script picks which
	similarExcerpt = 40 // characters of the description shown
)

// publicSimilar is what the report form shows of an open report of its
// community. It has no tracking code: whoever holds one may rate the report
// once resolved, and the form is open to anyone who scans the poster. Ref
// names the report to the join form instead (formSigner.ref).
type publicSimilar struct {
	Ref       string        `from:"report.Report.ID"`
	Category  string        `from:"report.Report.Category"`
	Status    report.Status `from:"report.Report.Status"`
	CreatedAt time.Time     `from:"report.Report.CreatedAt"`
	Excerpt   string        `from:"report.Report.Description"`
	Photo     []publicPhoto `from:"report.Report.Photos"` // the first, if any
	Joined    int           `from:"report.Report.Joined"`
}

// Residents is how many residents reported it so far.
func (p publicSimilar) Residents() int { return 1 + p.Joined }

// joinable lists the open reports of community a resident may join, made
// since a time: from the work queue, never the history.
func (s *Server) joinable(ctx context.Context, community string, since time.Time) ([]report.Report, error) {
	work, err := s.reports.OpenReports(ctx)
	if err != nil {
		return nil, err
	}
	var out []report.Report
	for _, r := range work {
		if r.Community == community && report.Allowed(r.Status, report.Join) && !r.CreatedAt.Before(since) {
			out = append(out, r)
		}
	}
	return out, nil
}

// similarReports lists the open reports of the community from the last 30
// days for the form: those of the chosen category first, then newest first.
func (s *Server) similarReports(ctx context.Context, community, category string) ([]publicSimilar, error) {
	rs, err := s.joinable(ctx, community, s.now().AddDate(0, 0, -similarDays))
	if err != nil {
		return nil, err
	}
	other := func(r report.Report) int { // 0 for the chosen category: first
		if r.Category == category {
			return 0
		}
		return 1
	}
	slices.SortFunc(rs, func(a, b report.Report) int {
		return cmp.Or(cmp.Compare(other(a), other(b)), b.CreatedAt.Compare(a.CreatedAt), cmp.Compare(a.ID, b.ID))
	})
	rs = rs[:min(len(rs), similarListed)]
	out := make([]publicSimilar, 0, len(rs))
	for _, r := range rs {
		ref, err := s.signer.ref(ctx, r.ID)
		if err != nil {
			return nil, err
		}
		p := publicSimilar{Ref: ref, Category: r.Category, Status: r.Status, CreatedAt: r.CreatedAt,
			Excerpt: excerpt(r.Description, similarExcerpt), Joined: r.Joined}
		if len(r.Photos) > 0 {
			p.Photo = newPublicPhotos(r.Photos[:1])
			if err := s.withPhotoStates(ctx, p.Photo); err != nil {
				return nil, err
			}
		}
		out = append(out, p)
	}
	return out, nil
}

// excerpt is the first n characters of text, with an ellipsis when cut.
func excerpt(text string, n int) string {
	if utf8.RuneCountInString(text) <= n {
		return text
	}
	return string([]rune(text)[:n]) + "…"
}
