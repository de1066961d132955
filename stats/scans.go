package stats

import "strconv"

// WithScans fills in the poster scans of each community row (scans maps a
// community code to its scans in the period) and adds them up into the
// streets and the total, which Compute leaves at 0.
func WithScans(s Summary, scans map[string]int) Summary {
	s.Total.Scans = 0
	for i := range s.Streets {
		st := &s.Streets[i]
		st.Scans = 0
		for j := range st.Communities {
			row := &st.Communities[j]
			row.Scans = scans[row.Code]
			st.Scans += row.Scans
		}
		s.Total.Scans += st.Scans
	}
	return s
}

// Conversion is reports received ÷ poster scans: how many scans of the
// posters became a report. Reports from an address typed in count too, so
// it can exceed 100 %.
func (r Row) Conversion() Rate { return Rate{N: r.Received, D: r.Scans} }

// MedianDays is the median in days with one decimal, or NoData: the public
// community page says how long things take in days.
func (d Durations) MedianDays() string {
	if d.N == 0 {
		return NoData
	}
	return strconv.FormatFloat(d.Median.Hours()/24, 'f', 1, 64)
}
