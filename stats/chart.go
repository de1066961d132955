package stats

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"math"
	"strconv"
)

// Bar is one bar of a chart. Text is shown after the bar (for example
// "75.0%" or "3/4"); when empty, Value is shown.
type Bar struct {
	Label string
	Value float64
	Text  string
}

// Chart geometry, in viewBox units (the SVG scales to its container's width).
// The box is as narrow as the trend chart's, so that scaled to a 360 px
// phone its 13-unit text stays about 11 px.
const (
	chartWidth  = 400
	labelRight  = 98 // labels are right-aligned here
	barLeft     = 104
	barMax      = 200 // the widest bar, leaving room for its text
	titleHeight = 32
	rowHeight   = 28
	barHeight   = 18
	labelRunes  = 7 // longer labels are cut, the full one is in the bar's <title>
)

// BarChart draws a horizontal bar chart as a standalone inline SVG: no
// script, no event handlers, no external fonts or styles. Bars are scaled to
// the largest value; negative, NaN and infinite values are drawn as zero.
// Every piece of text is XML-escaped, so the result is safe to embed as
// template.HTML.
func BarChart(title string, bars []Bar) []byte {
	height := titleHeight + len(bars)*rowHeight + 8
	var b bytes.Buffer
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="100%%" role="img" aria-label="%s" font-family="sans-serif" font-size="13">`,
		chartWidth, height, esc(title))
	fmt.Fprintf(&b, `<title>%s</title>`, esc(title))
	fmt.Fprintf(&b, `<text x="8" y="20" font-weight="bold" fill="#222">%s</text>`, esc(title))

	top := 0.0
	for _, bar := range bars {
		top = max(top, drawable(bar.Value))
	}
	if len(bars) > 0 {
		fmt.Fprintf(&b, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#999"/>`,
			barLeft, titleHeight, barLeft, titleHeight+len(bars)*rowHeight)
	}
	for i, bar := range bars {
		w := 0.0
		if top > 0 {
			w = drawable(bar.Value) / top * barMax
		}
		text := bar.Text
		if text == "" {
			text = strconv.FormatFloat(bar.Value, 'f', -1, 64)
		}
		y := titleHeight + i*rowHeight
		mid := y + rowHeight/2 + 5 // text baseline, roughly centred on the bar
		fmt.Fprintf(&b, `<g><title>%s: %s</title>`, esc(bar.Label), esc(text))
		fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="end" fill="#222">%s</text>`, labelRight, mid, esc(cut(bar.Label)))
		fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%s" height="%d" fill="#2f6fb0"/>`,
			barLeft, y+(rowHeight-barHeight)/2, strconv.FormatFloat(w, 'f', 1, 64), barHeight)
		fmt.Fprintf(&b, `<text x="%s" y="%d" fill="#222">%s</text></g>`,
			strconv.FormatFloat(barLeft+w+6, 'f', 1, 64), mid, esc(text))
	}
	b.WriteString(`</svg>`)
	return b.Bytes()
}

// drawable is v, or 0 for values a bar cannot show.
func drawable(v float64) float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
		return 0
	}
	return v
}

// cut shortens a label to labelRunes runes, ending in "…".
func cut(s string) string {
	r := []rune(s)
	if len(r) <= labelRunes {
		return s
	}
	return string(r[:labelRunes-1]) + "…"
}

// esc escapes s for XML text and double-quoted attributes (quotes, < > &,
// control characters); invalid characters become U+FFFD.
func esc(s string) string {
	var b bytes.Buffer
	_ = xml.EscapeText(&b, []byte(s)) // a bytes.Buffer does not fail
	return b.String()
}
