package poster

// An A6 card is a quarter of an A4 sheet; its QR symbol is 62 mm wide,
// plenty at the arm's length of a lift or a door.
const (
	cardW      = pageW / 2
	cardH      = pageH / 2
	cardMargin = 7.0
	cardSymbol = 62.0
)

// cards draws four copies of one community's card on the current page, with
// dashed cut lines between them.
func (d *doc) cards(s Sheet, grid [][]bool) {
	for i := range 4 {
		d.card(s, grid, float64(i%2)*cardW, float64(i/2)*cardH)
	}
	d.pdf.SetDrawColor(0xb0, 0xb7, 0xc0)
	d.pdf.SetLineWidth(0.2)
	d.pdf.SetDashPattern([]float64{2, 2}, 0)
	d.pdf.Line(cardW, 0, cardW, pageH)
	d.pdf.Line(0, cardH, pageW, cardH)
	d.pdf.SetDashPattern(nil, 0)
}

// card draws one card with its top left corner at (ox, oy).
func (d *doc) card(s Sheet, grid [][]bool, ox, oy float64) {
	x, w := ox+cardMargin, cardW-2*cardMargin
	d.line(s.Text.Title, bold, 14, brand, x, oy+13, w, center)
	d.line(s.Community, bold, 20, ink, x, oy+22, w, center)
	d.line(s.Street, regular, 10, muted, x, oy+28, w, center)

	side, module := qrBox(grid, cardSymbol)
	top := oy + 30
	d.qr(grid, ox+(cardW-side)/2, top, module)
	y := top + side + 3

	steps := s.Text.Steps[0] + " → " + s.Text.Steps[1] + " → " + s.Text.Steps[2]
	d.line(steps, bold, 9, ink, x, y+0.5, w, center)
	y = d.paragraph(s.Text.Check, regular, 7.5, ink, x, y+5.5, w, 3.6, center)
	d.line(s.FormURL, mono, 8.5, ink, x, y+1.5, w, center)
	d.line(s.Text.Code+" "+s.Code, bold, 10, ink, x, y+7, w, center)
	if s.Hotline != "" {
		d.line(s.Text.Hotline+" "+s.Hotline, regular, 8, muted, x, oy+cardH-5, w, center)
	}
}
