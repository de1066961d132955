package stats

import "strconv"

// Residents is the reports residents sent: those received less the finds
// grid workers filed on patrol (巡查上报).
func (r Row) Residents() int { return r.Received - r.Patrol }

// Conversion is residents' reports ÷ poster scans: how many scans of the
// posters became a report. Patrol finds are left out, since no scan made
// them; residents' reports from an address typed in count, so it can exceed
// 100 %.
func (r Row) Conversion() Rate { return Rate{N: r.Residents(), D: r.Scans} }

// MedianDays is the median in days with one decimal, or NoData: the public
// community page says how long things take in days.
func (d Durations) MedianDays() string {
	if d.N == 0 {
		return NoData
	}
	return strconv.FormatFloat(d.Median.Hours()/24, 'f', 1, 64)
}
