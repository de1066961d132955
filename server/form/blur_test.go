package form

import (
	"net/url"
	"strings"
	"testing"

	"gridline/photo"
)

// TestParseBlur: drawn regions arrive as fractions, a typed one as
// percentages; anything outside the photo, empty, unreadable or too many is
// refused with its own message, and a blur without a region is no blur.
func TestParseBlur(t *testing.T) {
	many := url.Values{"do": {"blur"}}
	for range photo.MaxRegions + 1 {
		many.Add("region", "0.1,0.1,0.1,0.1")
	}
	for _, tt := range []struct {
		name    string
		values  url.Values
		msg     string
		regions []photo.Region
	}{
		{"drawn", url.Values{"do": {"blur"}, "region": {"0.1,0.2,0.3,0.4", " 0 , 0 , 1 , 1 "}}, "",
			[]photo.Region{{X: 0.1, Y: 0.2, W: 0.3, H: 0.4}, {X: 0, Y: 0, W: 1, H: 1}}},
		{"typed", url.Values{"do": {"blur"}, "left": {"10"}, "top": {"20"}, "width": {"50"}, "height": {"25.5"}}, "",
			[]photo.Region{{X: 0.1, Y: 0.2, W: 0.5, H: 0.255}}},
		{"review alone", url.Values{"do": {"review"}}, "", nil},
		{"review with a region", url.Values{"do": {"review"}, "region": {"0.5,0.5,0.5,0.5"}}, "",
			[]photo.Region{{X: 0.5, Y: 0.5, W: 0.5, H: 0.5}}},
		{"no action", url.Values{"region": {"0.1,0.2,0.3,0.4"}}, "blur.bad_action", nil},
		{"odd action", url.Values{"do": {"delete"}}, "blur.bad_action", nil},
		{"blur without a region", url.Values{"do": {"blur"}}, "blur.none", nil},
		{"one too many", many, "blur.too_many", nil},
		{"three numbers", url.Values{"do": {"blur"}, "region": {"0.1,0.2,0.3"}}, "blur.bad_region", nil},
		{"five numbers", url.Values{"do": {"blur"}, "region": {"0.1,0.2,0.3,0.4,0.5"}}, "blur.bad_region", nil},
		{"words", url.Values{"do": {"blur"}, "region": {"left,top,width,height"}}, "blur.bad_region", nil},
		{"empty number", url.Values{"do": {"blur"}, "region": {"0.1,,0.3,0.4"}}, "blur.bad_region", nil},
		{"huge number", url.Values{"do": {"blur"}, "region": {strings.Repeat("1", 400) + ",0,0.1,0.1"}}, "blur.bad_region", nil},
		{"past the edge", url.Values{"do": {"blur"}, "region": {"0.8,0.1,0.3,0.4"}}, "blur.outside", nil},
		{"negative", url.Values{"do": {"blur"}, "region": {"-0.1,0.1,0.3,0.4"}}, "blur.outside", nil},
		{"zero size", url.Values{"do": {"blur"}, "region": {"0.1,0.1,0,0.4"}}, "blur.outside", nil},
		{"not a number", url.Values{"do": {"blur"}, "region": {"NaN,0.1,0.2,0.2"}}, "blur.outside", nil},
		{"infinite", url.Values{"do": {"blur"}, "region": {"0.1,0.1,Inf,0.2"}}, "blur.outside", nil},
		{"typed past the edge", url.Values{"do": {"blur"}, "left": {"60"}, "top": {"0"}, "width": {"50"}, "height": {"10"}}, "blur.outside", nil},
		{"typed in part", url.Values{"do": {"blur"}, "left": {"10"}}, "blur.bad_typed", nil},
		{"typed words", url.Values{"do": {"blur"}, "left": {"十"}, "top": {"0"}, "width": {"5"}, "height": {"5"}}, "blur.bad_typed", nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f, msg := ParseBlur(tt.values)
			if msg != tt.msg {
				t.Fatalf("message %q, want %q", msg, tt.msg)
			}
			if msg != "" {
				return
			}
			if len(f.Regions) != len(tt.regions) {
				t.Fatalf("regions %v, want %v", f.Regions, tt.regions)
			}
			for i, r := range f.Regions {
				w := tt.regions[i]
				if d := max(abs(r.X-w.X), abs(r.Y-w.Y), abs(r.W-w.W), abs(r.H-w.H)); d > 1e-12 {
					t.Errorf("region %d %+v, want %+v", i, r, w)
				}
			}
		})
	}
}

func abs(v float64) float64 { return max(v, -v) }
