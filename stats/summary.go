package stats

import (
	"slices"
	"strings"
	"time"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"gridline/report"
)

// UnknownStreet is the street of reports whose community is not in the list
// given to Compute (deleted, or from another instance); their community code
// stands in for its name.
const UnknownStreet = "—"

// Community is what Compute needs to know about a community.
type Community struct{ Code, Name, Street string }

// Period is the half-open interval [From, To) in which reports were submitted.
type Period struct{ From, To time.Time }

// Contains reports whether t lies in [From, To).
func (p Period) Contains(t time.Time) bool { return !t.Before(p.From) && t.Before(p.To) }

// Row is the figures of one community, one street or the total, for the
// reports submitted in the period (see the package documentation).
type Row struct {
	Code   string // community code; empty on street and total rows
	Name   string // community or street name; empty on the total row
	Street string // empty on the total row

	Received int
	Accepted int
	Rejected int
	Resolved int

	ResolutionRate   Rate      // 办结率: Resolved ÷ (Received − rejected and never resolved)
	OnTimeRate       Rate      // first resolution by the due time ÷ resolved with a known due time
	ToAccept         Durations // submission → acceptance, one sample per accepted report
	ToResolve        Durations // dispatch → resolution, one sample per Resolve event
	SatisfactionRate Rate      // (满意 + 基本满意) ÷ ratings
	Reopens          int       // ratings of 不满意
	Overdue          int       // dispatched or in progress and past due at now

	Patrol            int  // 巡查发现: found by grid workers on patrol (the rest came from residents)
	NightPatrol       int  // 夜巡发现: of those, found in the night hours
	Rechecks          int  // 回头看 made on the period's reports
	RecheckOnTimeRate Rate // re-checks made by their due ÷ re-checks
	RelapseRate       Rate // 反弹率: re-checks that found the problem back ÷ re-checks

	// Joins counts the presses of 我也遇到 on the period's reports: more
	// residents with a problem already reported, not more reports, so
	// Received and every rate leave them out.
	Joins int

	// Scans counts poster scans; another issue fills it, Compute leaves 0.
	Scans int
}

// StreetSummary is a street's row and the rows of its communities.
type StreetSummary struct {
	Row
	Communities []Row
}

// Summary is everything /admin/stats shows for one period.
type Summary struct {
	Total   Row
	Streets []StreetSummary
}

// Compute counts the reports submitted in p, per community, per street and
// in total, from their timelines; other reports passed in are ignored, so the
// caller may load a wider set. A report counts under the street its community
// has in communities, not the one copied onto the report. Every given
// community gets a row, with zeros when nothing was reported. Streets and
// their communities are in Chinese (pinyin) order of name, ties by code, with
// UnknownStreet last. now decides what is overdue.
func Compute(reports []report.Report, communities []Community, p Period, now time.Time) Summary {
	byCode := make(map[string]*tally)
	var all []*tally
	for _, c := range communities {
		if _, dup := byCode[c.Code]; dup {
			continue // the first one wins
		}
		t := &tally{Row: Row{Code: c.Code, Name: c.Name, Street: c.Street}}
		byCode[c.Code] = t
		all = append(all, t)
	}
	for _, r := range reports {
		l := readLoop(r)
		if !p.Contains(l.submitted) {
			continue
		}
		t, ok := byCode[r.Community]
		if !ok {
			t = &tally{Row: Row{Code: r.Community, Name: unknownName(r.Community), Street: UnknownStreet}}
			byCode[r.Community] = t
			all = append(all, t)
		}
		t.add(l, r.DueAt, now)
	}
	return group(all)
}

func unknownName(code string) string {
	if code == "" {
		return UnknownStreet
	}
	return code
}

// group sorts the community tallies and sums them into streets and a total.
func group(all []*tally) Summary {
	sortTallies(all)
	var (
		s      Summary
		total  tally
		street *tally
		rows   []Row
	)
	flush := func() {
		if street != nil {
			s.Streets = append(s.Streets, StreetSummary{Row: street.row(), Communities: rows})
		}
	}
	for _, t := range all {
		if street == nil || street.Street != t.Street {
			flush()
			street, rows = &tally{Row: Row{Name: t.Street, Street: t.Street}}, nil
		}
		street.merge(t)
		total.merge(t)
		rows = append(rows, t.row())
	}
	flush()
	s.Total = total.row()
	return s
}

// sortTallies orders by street, then community name, then code, comparing
// names as Chinese (by pinyin), with UnknownStreet last.
func sortTallies(all []*tally) {
	col := collate.New(language.Chinese) // not safe for concurrent use: one per call
	cmp := func(a, b string) int {
		if c := col.CompareString(a, b); c != 0 {
			return c
		}
		return strings.Compare(a, b) // a total order, so a street's rows stay together
	}
	less := func(a, b *tally) int {
		if ua, ub := a.Street == UnknownStreet, b.Street == UnknownStreet; ua != ub {
			if ua {
				return 1
			}
			return -1
		}
		if c := cmp(a.Street, b.Street); c != 0 {
			return c
		}
		if c := cmp(a.Name, b.Name); c != 0 {
			return c
		}
		return cmp(a.Code, b.Code)
	}
	slices.SortFunc(all, less)
}
