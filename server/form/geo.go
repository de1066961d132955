package form

import (
	"strconv"

	"gridline/report"
)

// Geo returns the shared location of a validated form, or nil when the
// resident did not share one.
func (r Report) Geo() *report.GeoPoint {
	lat, err1 := strconv.ParseFloat(r.Lat, 64)
	lng, err2 := strconv.ParseFloat(r.Lng, 64)
	if r.Lat == "" || r.Lng == "" || err1 != nil || err2 != nil {
		return nil
	}
	acc, _ := strconv.ParseFloat(r.Accuracy, 64) // optional: 0 when absent
	return &report.GeoPoint{Lat: lat, Lng: lng, Accuracy: acc}
}

// DropGeo forgets a location that failed validation, so the form shown
// again does not carry it (the resident can press the button again).
func (r *Report) DropGeo(errs Errors) {
	for _, field := range []string{"lat", "lng", "accuracy"} {
		if _, bad := errs[field]; bad {
			r.Lat, r.Lng, r.Accuracy = "", "", ""
			return
		}
	}
}
