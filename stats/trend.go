package stats

import (
	"bytes"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// TrendDay is one day of a trend as the chart shows it: its label (for
// example "11-02") and the reports received (上报) and resolved (办结) that
// day. It is not a Day: the caller counts the days and chooses the label.
type TrendDay struct {
	Label              string
	Received, Resolved int
}

// Trend chart geometry, in viewBox units. The box is narrower than
// BarChart's so that, scaled to a 360 px phone, 13-unit text is still about
// 11 px: the statistics page is read on phones as much as on desks.
const (
	trendWidth    = 400
	trendHeight   = 228
	trendLeft     = 44  // y tick values are right-aligned just left of the plot
	trendRight    = 392 // right edge of the plot
	trendTop      = 56  // the top tick
	trendBase     = 200 // the baseline, count 0
	trendLabelY   = 218 // x labels
	trendXLabels  = 8   // more than this overlap on a phone
	trendLabelMax = 6   // runes of an x label: "11-02" fits, the full one is in the day's <title>
	trendDots     = 31  // up to a month every day gets a dot, so a single day still shows
	receivedColor = "#2f6fb0"
	resolvedColor = "#e07b00" // blue and orange stay apart for colour-blind readers
)

// TrendChart draws, per day, the reports received and resolved as two lines
// in a standalone inline SVG, under the same rules as BarChart: no script, no
// event handlers, no external fonts or styles, every text XML-escaped.
//
// Lines rather than columns because the period runs from one day to a year:
// 366 pairs of columns would be narrower than a pixel on a phone, while a
// line stays readable and a dot per day (up to a month) keeps short periods
// and single days visible. Each day is a <g> whose <title> carries its
// numbers, over a transparent band the width of the day, so hovering or
// tapping anywhere above a day shows them. Negative counts are drawn as zero.
func TrendChart(title, receivedLabel, resolvedLabel string, days []TrendDay) []byte {
	top, step := trendScale(days)
	var b bytes.Buffer
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="100%%" role="img" aria-label="%s" font-family="sans-serif" font-size="13">`,
		trendWidth, trendHeight, esc(title))
	fmt.Fprintf(&b, `<title>%s</title>`, esc(title))
	fmt.Fprintf(&b, `<text x="8" y="20" font-weight="bold" fill="#222">%s</text>`, esc(title))
	legendEntry(&b, 8, receivedColor, receivedLabel)
	legendEntry(&b, trendWidth/2, resolvedColor, resolvedLabel)
	for i := 0; i <= top/step; i++ {
		v, y := i*step, countY(i*step, top)
		fmt.Fprintf(&b, `<line x1="%d" y1="%s" x2="%d" y2="%s" stroke="#e4e4e4"/>`, trendLeft, coord(y), trendRight, coord(y))
		fmt.Fprintf(&b, `<text x="%d" y="%s" text-anchor="end" fill="#555">%d</text>`, trendLeft-6, coord(y+4), v)
	}
	fmt.Fprintf(&b, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#999"/>`, trendLeft, trendTop, trendLeft, trendBase)
	fmt.Fprintf(&b, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#999"/>`, trendLeft, trendBase, trendRight, trendBase)
	if len(days) == 0 {
		fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="middle" fill="#555">%s</text></svg>`,
			(trendLeft+trendRight)/2, (trendTop+trendBase)/2, NoData)
		return b.Bytes()
	}

	every := (len(days) + trendXLabels - 1) / trendXLabels
	for i := 0; i < len(days); i += every {
		fmt.Fprintf(&b, `<text x="%s" y="%d" text-anchor="middle" fill="#555">%s</text>`,
			coord(dayX(i, len(days))), trendLabelY, esc(shortLabel(days[i].Label)))
	}
	trendLine(&b, days, top, receivedColor, func(d TrendDay) int { return d.Received })
	trendLine(&b, days, top, resolvedColor, func(d TrendDay) int { return d.Resolved })

	slot := float64(trendRight-trendLeft) / float64(len(days))
	for i, d := range days {
		fmt.Fprintf(&b, `<g><title>%s: %s %d, %s %d</title>`, esc(d.Label), esc(receivedLabel), d.Received, esc(resolvedLabel), d.Resolved)
		fmt.Fprintf(&b, `<rect x="%s" y="%d" width="%s" height="%d" fill="transparent"/>`,
			coord(trendLeft+float64(i)*slot), trendTop, coord(slot), trendBase-trendTop)
		if len(days) <= trendDots {
			fmt.Fprintf(&b, `<circle cx="%s" cy="%s" r="3" fill="%s"/>`, coord(dayX(i, len(days))), coord(countY(d.Received, top)), receivedColor)
			fmt.Fprintf(&b, `<circle cx="%s" cy="%s" r="3" fill="%s"/>`, coord(dayX(i, len(days))), coord(countY(d.Resolved, top)), resolvedColor)
		}
		b.WriteString(`</g>`)
	}
	b.WriteString(`</svg>`)
	return b.Bytes()
}

// legendEntry names a series next to a swatch of its colour. The label is
// cut like BarChart's so the two entries cannot run into each other.
func legendEntry(b *bytes.Buffer, x int, color, label string) {
	fmt.Fprintf(b, `<rect x="%d" y="34" width="14" height="4" fill="%s"/>`, x, color)
	fmt.Fprintf(b, `<text x="%d" y="41" fill="#222">%s</text>`, x+20, esc(cut(label)))
}

// trendLine draws one count per day as a polyline, one point per day.
func trendLine(b *bytes.Buffer, days []TrendDay, top int, color string, count func(TrendDay) int) {
	points := make([]string, len(days))
	for i, d := range days {
		points[i] = coord(dayX(i, len(days))) + "," + coord(countY(count(d), top))
	}
	width := "2"
	if len(days) > trendDots {
		width = "1.25" // a year of heavy lines would merge into one band
	}
	fmt.Fprintf(b, `<polyline points="%s" fill="none" stroke="%s" stroke-width="%s"/>`, strings.Join(points, " "), color, width)
}

// trendScale returns the top of the y axis and the step between ticks: the
// step is 1, 2 or 5 times a power of ten and the top the largest count
// rounded up to a multiple of it, in at most four steps, so the few tick
// values are round and fit a phone. An all-zero period gets the axis 0–1.
func trendScale(days []TrendDay) (top, step int) {
	most := 0
	for _, d := range days {
		most = max(most, d.Received, d.Resolved)
	}
	for p := 1; p <= math.MaxInt/50; p *= 10 {
		for _, k := range [...]int{1, 2, 5} {
			if step = k * p; step*4 >= most {
				return max(step, (most+step-1)/step*step), step
			}
		}
	}
	return most, most // beyond any real count; still terminates
}

// dayX is the centre of day i of n across the plot.
func dayX(i, n int) float64 {
	return trendLeft + (float64(i)+0.5)*float64(trendRight-trendLeft)/float64(n)
}

// countY is the height of a count on an axis running from 0 to top;
// negative counts sit on the baseline.
func countY(v, top int) float64 {
	return trendBase - float64(max(v, 0))/float64(top)*(trendBase-trendTop)
}

// shortLabel cuts an x label to trendLabelMax runes, ending in "…", so
// thinned labels cannot run into each other.
func shortLabel(s string) string {
	if r := []rune(s); len(r) > trendLabelMax {
		return string(r[:trendLabelMax-1]) + "…"
	}
	return s
}

// coord writes a coordinate with one decimal, enough at any screen size.
func coord(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) }
