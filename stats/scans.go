package stats

import "strconv"

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
