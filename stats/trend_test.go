package stats

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// What a trend chart adds to BarChart's allow-lists: lines and dots, still
// nothing that runs script, loads a resource or styles beyond the chart.
var (
	trendElements = map[string]bool{"polyline": true, "circle": true}
	trendAttrs    = map[string]bool{"points": true, "stroke-width": true, "cx": true, "cy": true, "r": true}
)

// parseTrend is parseSVG with the trend additions allowed. It swaps the
// package allow-lists for the call, so these tests must not run in parallel.
func parseTrend(t *testing.T, b []byte) *svgNode {
	t.Helper()
	elements, attrs := allowedElements, allowedAttrs
	defer func() { allowedElements, allowedAttrs = elements, attrs }()
	allowedElements, allowedAttrs = maps.Clone(elements), maps.Clone(attrs)
	maps.Copy(allowedElements, trendElements)
	maps.Copy(allowedAttrs, trendAttrs)
	return parseSVG(t, b)
}

// trendDays is n days labelled "10-01", "10-02", … with counts from f.
func trendDays(n int, f func(i int) (received, resolved int)) []TrendDay {
	days := make([]TrendDay, n)
	for i := range days {
		r, s := f(i)
		days[i] = TrendDay{Label: fmt.Sprintf("%02d-%02d", 10+i/31, 1+i%31), Received: r, Resolved: s}
	}
	return days
}

// childrenNamed returns svg's direct children named name.
func childrenNamed(svg *svgNode, name string) []*svgNode {
	var out []*svgNode
	for _, k := range svg.kids {
		if k.name == name {
			out = append(out, k)
		}
	}
	return out
}

// lineYs returns the y of each point of the polyline drawn in color.
func lineYs(t *testing.T, svg *svgNode, color string) []float64 {
	t.Helper()
	for _, l := range childrenNamed(svg, "polyline") {
		if l.attrs["stroke"] != color {
			continue
		}
		var ys []float64
		for _, p := range strings.Fields(l.attrs["points"]) {
			_, y, _ := strings.Cut(p, ",")
			v, err := strconv.ParseFloat(y, 64)
			if err != nil {
				t.Fatalf("point %q: %v", p, err)
			}
			ys = append(ys, v)
		}
		return ys
	}
	t.Fatalf("no polyline in %s", color)
	return nil
}

// texts returns what the chart's <text> elements with attr=value say: the
// x labels are at y=trendLabelY, the y tick values at x=trendLeft-6.
func texts(svg *svgNode, attr string, value int) []string {
	var out []string
	for _, k := range childrenNamed(svg, "text") {
		if attr == "" || k.attrs[attr] == strconv.Itoa(value) {
			out = append(out, k.text)
		}
	}
	return out
}

func xLabels(svg *svgNode) []string { return texts(svg, "y", trendLabelY) }

func TestTrendChartAccessible(t *testing.T) {
	title := `每日趋势 <上报> & "办结"`
	svg := parseTrend(t, TrendChart(title, "上报", "办结", trendDays(3, func(i int) (int, int) { return i, 1 })))
	for attr, want := range map[string]string{"role": "img", "aria-label": title, "width": "100%", "viewBox": "0 0 400 228"} {
		if got := svg.attrs[attr]; got != want {
			t.Errorf("svg %s=%q, want %q", attr, got, want)
		}
	}
	if len(svg.kids) == 0 || svg.kids[0].name != "title" || svg.kids[0].text != title {
		t.Errorf("first child is not <title>%s</title>: %+v", title, svg.kids)
	}
	if _, ok := svg.attrs["height"]; ok {
		t.Errorf("fixed height: the chart must scale with its container")
	}
}

func TestTrendChartHostileText(t *testing.T) {
	days := []TrendDay{{Label: hostile, Received: 1, Resolved: 2}, {Label: "bad \x00\x01\xff", Received: 3}}
	b := TrendChart(hostile, hostile, hostile, days)
	if strings.Contains(strings.ToLower(string(b)), "<script") || strings.Contains(string(b), `onload="`) {
		t.Fatalf("hostile text not escaped:\n%s", b)
	}
	svg := parseTrend(t, b)
	if svg.attrs["aria-label"] != hostile || svg.kids[0].text != hostile {
		t.Errorf("title not read back intact: %q, %q", svg.attrs["aria-label"], svg.kids[0].text)
	}
	want := hostile + ": " + hostile + " 1, " + hostile + " 2"
	if g := groups(svg); len(g) != 2 || g[0].kids[0].text != want {
		t.Errorf("day title not read back intact, want %q in %+v", want, g)
	}
	if n := len(slices.DeleteFunc(texts(svg, "", 0), func(s string) bool { return s != cut(hostile) })); n != 2 {
		t.Errorf("%d legend entries reading %q, want 2", n, cut(hostile))
	}
	if got := xLabels(svg); len(got) != 2 || got[0] != shortLabel(hostile) {
		t.Errorf("x labels %q, want the hostile one cut", got)
	}
}

func TestTrendChartScale(t *testing.T) {
	const h = trendBase - trendTop
	tests := []struct {
		name               string
		days               []TrendDay
		received, resolved []float64 // y of each point
		ticks              []string
	}{
		{"max reaches the top", []TrendDay{{"a", 10, 5}, {"b", 0, 10}, {"c", 2, 0}},
			[]float64{trendTop, trendBase, trendBase - 0.2*h}, []float64{trendTop + 0.5*h, trendTop, trendBase}, []string{"0", "5", "10"}},
		{"axis rounded up", []TrendDay{{"a", 7, 0}, {"b", 4, 2}},
			[]float64{trendBase - 7.0/8*h, trendTop + 0.5*h}, []float64{trendBase, trendBase - 0.25*h}, []string{"0", "2", "4", "6", "8"}},
		{"negative on the baseline", []TrendDay{{"a", -3, 1}, {"b", 1, -1}},
			[]float64{trendBase, trendTop}, []float64{trendTop, trendBase}, []string{"0", "1"}},
		{"all zero", []TrendDay{{"a", 0, 0}, {"b", 0, 0}},
			[]float64{trendBase, trendBase}, []float64{trendBase, trendBase}, []string{"0", "1"}},
		{"large", []TrendDay{{"a", 120, 0}}, []float64{trendBase - 120.0/150*h}, []float64{trendBase}, []string{"0", "50", "100", "150"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			svg := parseTrend(t, TrendChart("图", "上报", "办结", tt.days))
			for _, s := range []struct {
				color string
				want  []float64
			}{{receivedColor, tt.received}, {resolvedColor, tt.resolved}} {
				got := lineYs(t, svg, s.color)
				if len(got) != len(s.want) {
					t.Fatalf("%s: %d points, want %d", s.color, len(got), len(s.want))
				}
				for i := range got {
					if math.Abs(got[i]-s.want[i]) > 0.05 {
						t.Errorf("%s day %d: y=%v, want %v", s.color, i, got[i], s.want[i])
					}
				}
			}
			if ticks := texts(svg, "x", trendLeft-6); !slices.Equal(ticks, tt.ticks) {
				t.Errorf("y ticks %q, want %q", ticks, tt.ticks)
			}
		})
	}
}

func TestTrendChartDays(t *testing.T) {
	for _, n := range []int{1, 2, 8, 9, 31, 32, 365, 366} {
		t.Run(strconv.Itoa(n), func(t *testing.T) {
			svg := parseTrend(t, TrendChart("图", "上报", "办结", trendDays(n, func(i int) (int, int) { return i % 7, i % 5 })))
			if g := groups(svg); len(g) != n {
				t.Errorf("%d day groups, want %d", len(g), n)
			}
			if got := xLabels(svg); len(got) < 1 || len(got) > trendXLabels || got[0] != "10-01" {
				t.Errorf("%d x labels %q, want 1 to %d starting at the first day", len(got), got, trendXLabels)
			}
			dots, want := 0, 0
			for _, g := range groups(svg) {
				dots += len(childrenNamed(g, "circle"))
			}
			if n <= trendDots {
				want = 2 * n // a dot per series and day, so one day still shows
			}
			if dots != want {
				t.Errorf("%d dots, want %d", dots, want)
			}
		})
	}
}

func TestTrendChartEmpty(t *testing.T) {
	svg := parseTrend(t, TrendChart("每日趋势", "上报", "办结", nil))
	if len(groups(svg)) != 0 || len(childrenNamed(svg, "polyline")) != 0 || len(xLabels(svg)) != 0 {
		t.Errorf("an empty chart plots something: %+v", svg.kids)
	}
	if svg.kids[0].text != "每日趋势" || len(childrenNamed(svg, "line")) < 2 {
		t.Errorf("an empty chart needs its title and axes: %+v", svg.kids)
	}
	if !slices.Contains(texts(svg, "", 0), NoData) {
		t.Errorf("an empty chart does not say %q", NoData)
	}
}

func TestTrendChartMonth(t *testing.T) {
	received := []int{4, 7, 3, 0, 5, 9, 12, 6, 2, 8, 5, 3, 7, 10, 4, 1, 0, 6, 8, 5, 3, 9, 11, 7, 2, 4, 6, 5, 8, 3, 2}
	days := trendDays(31, func(i int) (int, int) { return received[i], received[(i+3)%31] / 2 })
	svg := parseTrend(t, TrendChart("十月每日上报与办结", "上报", "办结", days))
	if g := groups(svg); len(g) != 31 || g[6].kids[0].text != "10-07: 上报 12, 办结 4" || g[30].kids[0].text != "10-31: 上报 2, 办结 1" {
		t.Errorf("%d day groups, want 31 titled with their day's numbers", len(g))
	}
	ys := lineYs(t, svg, receivedColor) // the busiest day, 12, on an axis to 15
	if want := trendBase - 12.0/15*(trendBase-trendTop); math.Abs(ys[6]-want) > 0.05 || ys[3] != trendBase {
		t.Errorf("the busiest day at y=%v, want %v; the empty one at y=%v", ys[6], want, ys[3])
	}
	if got := xLabels(svg); fmt.Sprint(got) != "[10-01 10-05 10-09 10-13 10-17 10-21 10-25 10-29]" {
		t.Errorf("x labels %q", got)
	}
}
