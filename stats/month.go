package stats

import "slices"

// Month is the tally of one month for every community: MongoDB's computed
// pattern, kept up to date by each change to a report instead of re-reading
// the reports, and bucketed by month so a period reads a handful of them.
type Month struct {
	Key         string // "2006-01", the month of the days below
	Communities map[string]*CommunityMonth
	// Counted is the version of each report whose mark this month holds, so
	// that a change applied twice (recovering after a crash) counts once.
	Counted map[string]int32
}

// CommunityMonth is one community's share of a Month, per day of the month
// (index 0 is the 1st).
type CommunityMonth struct {
	Days       [31][numCounters]int32 // by submission day (the cohort)
	Resolved   [31]int32              // first resolutions by the day they happened
	Scans      map[string]*[31]int32  // poster scans by poster kind and day
	Categories map[string]*[31][2]int32
	ToAccept   []Sample
	ToResolve  []Sample
}

// The two counts kept per category and cohort day.
const (
	catReceived = iota
	catResolved
)

// Sample is one duration of the loop, in milliseconds, filed under the
// cohort day of its report.
type Sample struct {
	Day int8 // 1–31
	MS  int64
}

// NewMonth is an empty tally for the month with the given key.
func NewMonth(key string) *Month {
	return &Month{Key: key, Communities: map[string]*CommunityMonth{}, Counted: map[string]int32{}}
}

// Replace puts the mark of a report at version in place of its old one
// (nil for a report new to the tallies), unless this month already counts
// that version or a later one: then it changes nothing and returns false.
func (m *Month) Replace(id string, version int32, old *Mark, next Mark) bool {
	have, counted := m.Counted[id]
	if counted && have >= version {
		return false
	}
	if old != nil && counted {
		m.Add(*old, -1)
	}
	m.Add(next, 1)
	m.Counted[id] = version
	return true
}

func (m *Month) community(code string) *CommunityMonth {
	c := m.Communities[code]
	if c == nil {
		c = &CommunityMonth{}
		m.Communities[code] = c
	}
	return c
}

// Add adds (sign 1) or takes out (sign −1) the parts of mk that fall in this
// month: the cohort's counters and samples, and its first resolution.
func (m *Month) Add(mk Mark, sign int32) {
	if !mk.Day.IsZero() && mk.Day.MonthKey() == m.Key {
		c := m.community(mk.Community)
		i := mk.Day.Day - 1
		for k, n := range mk.N {
			c.Days[i][k] += sign * n
		}
		cat := c.category(mk.Category)
		cat[i][catReceived] += sign * mk.N[nReceived]
		cat[i][catResolved] += sign * mk.N[nResolved]
		c.ToAccept = addSamples(c.ToAccept, mk.Day.Day, mk.ToAccept, sign)
		c.ToResolve = addSamples(c.ToResolve, mk.Day.Day, mk.ToResolve, sign)
	}
	if !mk.Resolved.IsZero() && mk.Resolved.MonthKey() == m.Key {
		m.community(mk.Community).Resolved[mk.Resolved.Day-1] += sign
	}
}

// AddScans counts n poster scans of the given kind on day d of this month.
func (m *Month) AddScans(community, kind string, d Day, n int32) {
	c := m.community(community)
	if c.Scans == nil {
		c.Scans = map[string]*[31]int32{}
	}
	if c.Scans[kind] == nil {
		c.Scans[kind] = &[31]int32{}
	}
	c.Scans[kind][d.Day-1] += n
}

func (c *CommunityMonth) category(name string) *[31][2]int32 {
	if c.Categories == nil {
		c.Categories = map[string]*[31][2]int32{}
	}
	if c.Categories[name] == nil {
		c.Categories[name] = &[31][2]int32{}
	}
	return c.Categories[name]
}

// addSamples appends the samples (sign 1) or removes one equal sample for
// each (sign −1): samples of one day and value are interchangeable for a
// percentile, so removing any equal one is exact.
func addSamples(s []Sample, day int, ms []int64, sign int32) []Sample {
	for _, v := range ms {
		x := Sample{Day: int8(day), MS: v}
		if sign > 0 {
			s = append(s, x)
			continue
		}
		if i := slices.Index(s, x); i >= 0 {
			s = slices.Delete(s, i, i+1)
		}
	}
	return s
}
