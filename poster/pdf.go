package poster

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/go-pdf/fpdf"

	"gridline/qr"
)

// ErrNoSheets means a PDF was asked for with nothing to print.
var ErrNoSheets = errors.New("poster: no sheets to print")

// A4 paper in millimetres.
const (
	pageW = 210.0
	pageH = 297.0
	ptMM  = 25.4 / 72 // one point in millimetres
)

// PDF lays out one A4 page per sheet: an A4 poster, or four identical A6
// cards with cut marks.
func (p *Printer) PDF(k Kind, sheets []Sheet) ([]byte, error) {
	if len(sheets) == 0 {
		return nil, ErrNoSheets
	}
	if _, ok := ParseKind(string(k)); !ok {
		return nil, fmt.Errorf("poster: unknown kind %q", k)
	}
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetMargins(0, 0, 0)
	pdf.SetAutoPageBreak(false, 0)
	pdf.SetCreator("Gridline", true)
	pdf.SetTitle(sheets[0].Text.Title+" · "+sheets[0].Community, true)
	if lang := sheets[0].Text.Lang; lang != "" {
		pdf.SetLang(lang)
	}
	p.addFonts(pdf)
	d := &doc{Printer: p, pdf: pdf}
	for _, s := range sheets {
		grid, err := qr.Bitmap(s.ScanURL)
		if err != nil {
			return nil, fmt.Errorf("poster: %s: %w", s.Code, err)
		}
		pdf.AddPage()
		if k == Card {
			d.cards(s, grid)
		} else {
			d.a4(s, grid)
		}
	}
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		return nil, fmt.Errorf("poster: write PDF: %w", err)
	}
	return buf.Bytes(), nil
}

// doc is one PDF being drawn; positions are millimetres from the page's top
// left, font sizes points.
type doc struct {
	*Printer
	pdf *fpdf.Fpdf
}

// align places a line inside its box.
type align int

const (
	left align = iota
	center
	right
)

// rgb is a colour of ink.
type rgb struct{ r, g, b int }

var (
	ink   = rgb{0x1b, 0x1f, 0x24}
	muted = rgb{0x4d, 0x56, 0x61}
	brand = rgb{0x0a, 0x5e, 0xc2}
	white = rgb{0xff, 0xff, 0xff}
)

// measure is the width of s in millimetres.
func (d *doc) measure(s string, st style, size float64) float64 {
	w := 0.0
	for _, r := range d.runs(s, st) {
		d.pdf.SetFont(r.family, "", size)
		w += d.pdf.GetStringWidth(r.text)
	}
	return w
}

// line draws s on one line, its baseline at y, aligned in [x, x+w]. When s
// is wider than w the size shrinks until it fits, down to 60 %; the size
// used is returned.
func (d *doc) line(s string, st style, size float64, c rgb, x, y, w float64, a align) float64 {
	tw := d.measure(s, st, size)
	if tw > w {
		size = max(size*w/tw, size*0.6)
		tw = d.measure(s, st, size)
	}
	switch a {
	case center:
		x += (w - tw) / 2
	case right:
		x += w - tw
	}
	d.pdf.SetTextColor(c.r, c.g, c.b)
	for _, r := range d.runs(s, st) {
		d.pdf.SetFont(r.family, "", size)
		if st == bold && r.cjk { // Droid has no bold: fill and outline
			d.pdf.SetDrawColor(c.r, c.g, c.b)
			d.pdf.SetLineWidth(size * ptMM * 0.04)
			d.pdf.SetTextRenderingMode(2)
		}
		d.pdf.Text(x, y, r.text)
		d.pdf.SetTextRenderingMode(0)
		x += d.pdf.GetStringWidth(r.text)
	}
	return size
}

// paragraph wraps s to lines of at most w and draws them from baseline y,
// leading apart; it returns the baseline after the last line.
func (d *doc) paragraph(s string, st style, size float64, c rgb, x, y, w, leading float64, a align) float64 {
	for _, l := range d.wrap(s, st, size, w) {
		d.line(l, st, size, c, x, y, w, a)
		y += leading
	}
	return y
}

// qr draws the code with its top left corner at (x, y), module millimetres
// per module: one filled path of a rectangle per run of dark modules, so
// adjacent rectangles leave no hairline between them.
func (d *doc) qr(grid [][]bool, x, y, module float64) {
	k := 1 / ptMM
	var b bytes.Buffer
	b.WriteString("q 0 g\n")
	for my, row := range grid {
		for mx := 0; mx < len(row); {
			if !row[mx] {
				mx++
				continue
			}
			w := 1
			for mx+w < len(row) && row[mx+w] {
				w++
			}
			fmt.Fprintf(&b, "%.3f %.3f %.3f %.3f re\n", (x+float64(mx)*module)*k,
				(pageH-y-float64(my+1)*module)*k, float64(w)*module*k, module*k)
			mx += w
		}
	}
	b.WriteString("f Q")
	d.pdf.RawWriteStr(b.String())
}

// qrBox is the side of a code whose symbol, quiet zone excluded, is symbol
// millimetres wide, and the size of one module.
func qrBox(grid [][]bool, symbol float64) (side, module float64) {
	n := float64(len(grid))
	module = symbol / (n - 8) // the bitmap has 4 light modules on each side
	return module * n, module
}

// step draws a numbered circle and a step's text under it, centred on cx.
func (d *doc) step(n int, text string, cx, y, r, size, w float64) {
	d.pdf.SetFillColor(brand.r, brand.g, brand.b)
	d.pdf.Circle(cx, y, r, "F")
	d.line(fmt.Sprint(n), bold, r*2.2/ptMM*0.55, white, cx-r, y+r*0.38, 2*r, center)
	d.line(text, bold, size, ink, cx-w/2, y+r+size*ptMM*1.3, w, center)
}
