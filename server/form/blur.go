package form

import (
	"net/url"
	"strconv"
	"strings"

	"gridline/photo"
)

// Blur is the blur page's form (server/photo_blur_save.go): what to do, the
// regions drawn on the photo, and one region typed as percentages by
// someone without JavaScript. The typed fields are kept as typed, to show
// them again after a refusal.
type Blur struct {
	Do      string // BlurRegions or Review
	Regions []photo.Region
	// Left, Top, Width and Height are the typed region, in percent of the
	// photo's width and height.
	Left, Top, Width, Height string
}

// What a blur form asks for: blur the regions, or pass the photo for the
// public (先审后公开), blurring any regions given with it.
const (
	BlurRegions = "blur"
	Review      = "review"
)

// ParseBlur reads a posted blur form and returns the message ID of its first
// problem, or "". Each drawn region is a "region" value of four fractions
// of the photo, "x,y,w,h", as static/js/blur.js posts them. Their number is
// checked before any is parsed, so an absurd form costs nothing.
func ParseBlur(values url.Values) (Blur, string) {
	f := Blur{
		Do:   values.Get("do"),
		Left: CleanLine(values.Get("left")), Top: CleanLine(values.Get("top")),
		Width: CleanLine(values.Get("width")), Height: CleanLine(values.Get("height")),
	}
	if f.Do != BlurRegions && f.Do != Review {
		return f, "blur.bad_action"
	}
	drawn := values["region"]
	if len(drawn) > photo.MaxRegions {
		return f, "blur.too_many"
	}
	for _, v := range drawn {
		r, ok := parseRegion(strings.Split(v, ","), 1)
		if !ok {
			return f, "blur.bad_region"
		}
		f.Regions = append(f.Regions, r)
	}
	if f.Left != "" || f.Top != "" || f.Width != "" || f.Height != "" {
		r, ok := parseRegion([]string{f.Left, f.Top, f.Width, f.Height}, 100)
		if !ok {
			return f, "blur.bad_typed"
		}
		f.Regions = append(f.Regions, r)
	}
	switch {
	case len(f.Regions) > photo.MaxRegions:
		return f, "blur.too_many"
	case photo.CheckRegions(f.Regions) != nil:
		return f, "blur.outside"
	case f.Do == BlurRegions && len(f.Regions) == 0:
		return f, "blur.none"
	}
	return f, ""
}

// parseRegion reads x, y, w, h, each a decimal number, divided by scale.
// Whether the region lies inside the photo is photo.Region.Valid's to say.
func parseRegion(parts []string, scale float64) (photo.Region, bool) {
	if len(parts) != 4 {
		return photo.Region{}, false
	}
	var v [4]float64
	for i, p := range parts {
		p = strings.TrimSpace(p)
		if p == "" || len(p) > 24 {
			return photo.Region{}, false
		}
		n, err := strconv.ParseFloat(p, 64)
		if err != nil {
			return photo.Region{}, false
		}
		v[i] = n / scale
	}
	return photo.Region{X: v[0], Y: v[1], W: v[2], H: v[3]}, true
}
