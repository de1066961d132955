package stats

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"math"
	"strconv"
	"strings"
	"testing"
)

// hostile tries to leave the text, open a script, add a handler and break
// out of an attribute.
const hostile = `</text><script>alert(1)</script><text onload="x" a='b'>&amp; & < > "`

// svgNode is an element of the chart, as encoding/xml reads it back.
type svgNode struct {
	name  string
	attrs map[string]string
	text  string // character data directly inside
	kids  []*svgNode
}

// The only elements and attributes a chart may contain: nothing that runs
// script, loads a resource or styles beyond the chart.
var (
	allowedElements = map[string]bool{"svg": true, "title": true, "g": true, "text": true, "rect": true, "line": true}
	allowedAttrs    = map[string]bool{
		"xmlns": true, "viewBox": true, "width": true, "height": true, "role": true, "aria-label": true,
		"font-family": true, "font-size": true, "font-weight": true, "fill": true, "stroke": true,
		"x": true, "y": true, "x1": true, "y1": true, "x2": true, "y2": true, "text-anchor": true,
	}
)

// parseSVG decodes a chart strictly and checks every element and attribute
// against the allow-lists.
func parseSVG(t *testing.T, b []byte) *svgNode {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(b))
	var root *svgNode
	var stack []*svgNode
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("not well-formed XML: %v\n%s", err, b)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			if !allowedElements[tok.Name.Local] {
				t.Errorf("element <%s> in chart", tok.Name.Local)
			}
			n := &svgNode{name: tok.Name.Local, attrs: map[string]string{}}
			for _, a := range tok.Attr {
				name := a.Name.Local
				if a.Name.Space != "" && a.Name.Space != "xmlns" {
					name = a.Name.Space + ":" + name
				}
				if !allowedAttrs[name] || strings.HasPrefix(strings.ToLower(name), "on") {
					t.Errorf("attribute %s=%q on <%s>", name, a.Value, n.name)
				}
				n.attrs[name] = a.Value
			}
			if len(stack) > 0 {
				p := stack[len(stack)-1]
				p.kids = append(p.kids, n)
			} else if root != nil {
				t.Fatalf("more than one root element")
			} else {
				root = n
			}
			stack = append(stack, n)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) > 0 {
				stack[len(stack)-1].text += string(tok)
			} else if strings.TrimSpace(string(tok)) != "" {
				t.Errorf("text outside the svg: %q", tok)
			}
		case xml.ProcInst, xml.Directive:
			t.Errorf("unexpected %T in chart", tok)
		}
	}
	if root == nil || root.name != "svg" {
		t.Fatalf("root is not <svg>: %s", b)
	}
	return root
}

func TestBarChartAccessible(t *testing.T) {
	title := `办结率 <按社区> & "对比"`
	svg := parseSVG(t, BarChart(title, []Bar{{Label: "北锣鼓巷社区", Value: 75, Text: "75.0%"}}))
	for attr, want := range map[string]string{"role": "img", "aria-label": title, "width": "100%", "viewBox": "0 0 400 68"} {
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

func TestBarChartHostileText(t *testing.T) {
	b := BarChart(hostile, []Bar{
		{Label: hostile, Value: 1, Text: hostile},
		{Label: "a&b <c>", Value: 2},
		{Label: "bad \x00\x01\xff bytes", Value: 3},
	})
	if bytes.Contains(bytes.ToLower(b), []byte("<script")) || bytes.Contains(b, []byte(`onload="`)) {
		t.Fatalf("hostile text not escaped:\n%s", b)
	}
	svg := parseSVG(t, b)
	bars := groups(svg)
	if len(bars) != 3 {
		t.Fatalf("%d bars, want 3", len(bars))
	}
	if got := bars[0].kids[0].text; got != hostile+": "+hostile {
		t.Errorf("bar title %q, want the hostile text back intact", got)
	}
	if got := bars[1].kids[1].text; got != "a&b <c>" {
		t.Errorf("label %q, want %q", got, "a&b <c>")
	}
	if got := bars[1].kids[3].text; got != "2" {
		t.Errorf("value text %q, want the value when Text is empty", got)
	}
}

func TestBarChartScale(t *testing.T) {
	tests := []struct {
		name   string
		bars   []Bar
		widths []float64
	}{
		{"scaled to the largest", []Bar{{"a", 10, ""}, {"b", 5, ""}, {"c", 2.5, ""}}, []float64{200, 100, 50}},
		{"zero and unusable values", []Bar{{"a", 4, ""}, {"b", 0, ""}, {"c", -3, ""}, {"d", math.NaN(), ""}, {"e", math.Inf(1), ""}}, []float64{200, 0, 0, 0, 0}},
		{"all zero", []Bar{{"a", 0, "—"}, {"b", 0, "—"}}, []float64{0, 0}},
		{"none", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			svg := parseSVG(t, BarChart("图", tt.bars))
			bars := groups(svg)
			if len(bars) != len(tt.widths) {
				t.Fatalf("%d bars, want %d", len(bars), len(tt.widths))
			}
			for i, g := range bars {
				w, err := strconv.ParseFloat(g.kids[2].attrs["width"], 64)
				if err != nil || w != tt.widths[i] {
					t.Errorf("bar %d width %q, want %v", i, g.kids[2].attrs["width"], tt.widths[i])
				}
			}
		})
	}
}

func TestBarChartLongLabel(t *testing.T) {
	long := "一个名字特别特别特别长的社区居民委员会"
	bars := groups(parseSVG(t, BarChart("图", []Bar{{Label: long, Value: 1}})))
	if got, want := bars[0].kids[1].text, "一个名字特别…"; got != want {
		t.Errorf("label %q, want %q", got, want)
	}
	if got := bars[0].kids[0].text; !strings.HasPrefix(got, long) {
		t.Errorf("bar title %q lost the full label", got)
	}
}

// groups returns the chart's bars: <g><title/><text label/><rect/><text value/></g>.
func groups(svg *svgNode) []*svgNode {
	var out []*svgNode
	for _, k := range svg.kids {
		if k.name == "g" {
			out = append(out, k)
		}
	}
	return out
}
