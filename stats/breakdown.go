package stats

import (
	"cmp"
	"fmt"
	"slices"
)

// Trend lists, per day of the range, the reports of the given communities
// received that day and those resolved for the first time that day, from the
// tallies; labels are "01-02".
func Trend(months map[string]*Month, codes []string, days Days) []TrendDay {
	var out []TrendDay
	for d := days.First; !days.Last.Before(d); d = d.Next() {
		td := TrendDay{Label: fmt.Sprintf("%02d-%02d", d.Month, d.Day)}
		if m := months[d.MonthKey()]; m != nil {
			for _, code := range codes {
				if c := m.Communities[code]; c != nil {
					td.Received += int(c.Days[d.Day-1][nReceived])
					td.Resolved += int(c.Resolved[d.Day-1])
				}
			}
		}
		out = append(out, td)
	}
	return out
}

// CategoryRow is one category's reports received in a period and how many
// of them were resolved (the cohort's 办结, as in Row).
type CategoryRow struct {
	Name               string
	Received, Resolved int
}

// Rate is the category's 办结 share of what it received.
func (c CategoryRow) Rate() Rate { return Rate{N: c.Resolved, D: c.Received} }

// ByCategory breaks the range's reports of the given communities down by
// category, most received first (ties by name).
func ByCategory(months map[string]*Month, codes []string, days Days) []CategoryRow {
	sums := map[string]*CategoryRow{}
	eachDay(months, codes, days, func(c *CommunityMonth, i int) {
		for name, counts := range c.Categories {
			row := sums[name]
			if row == nil {
				row = &CategoryRow{Name: name}
				sums[name] = row
			}
			row.Received += int(counts[i][catReceived])
			row.Resolved += int(counts[i][catResolved])
		}
	})
	out := make([]CategoryRow, 0, len(sums))
	for _, row := range sums {
		if row.Received > 0 {
			out = append(out, *row)
		}
	}
	slices.SortFunc(out, func(a, b CategoryRow) int {
		return cmp.Or(cmp.Compare(b.Received, a.Received), cmp.Compare(a.Name, b.Name))
	})
	return out
}

// ScansByKind adds up the poster scans of the range per community and kind.
func ScansByKind(months map[string]*Month, codes []string, days Days) map[string]map[string]int {
	out := map[string]map[string]int{}
	for _, code := range codes {
		eachDay(months, []string{code}, days, func(c *CommunityMonth, i int) {
			for kind, n := range c.Scans {
				if n[i] == 0 {
					continue
				}
				if out[code] == nil {
					out[code] = map[string]int{}
				}
				out[code][kind] += int(n[i])
			}
		})
	}
	return out
}

// eachDay calls f for every community tally and day index (0-based) of the
// range.
func eachDay(months map[string]*Month, codes []string, days Days, f func(c *CommunityMonth, i int)) {
	for _, key := range days.MonthKeys() {
		m := months[key]
		if m == nil {
			continue
		}
		in := inMonth(key, days)
		for _, code := range codes {
			c := m.Communities[code]
			if c == nil {
				continue
			}
			for day := 1; day <= 31; day++ {
				if in(day) {
					f(c, day-1)
				}
			}
		}
	}
}
