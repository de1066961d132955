package poster

// The A4 poster, in millimetres. The QR symbol is 96 mm wide without its
// quiet zone, well over the 8 cm a phone reads from across a corridor.
const (
	a4Margin = 14.0
	a4Symbol = 96.0
)

// a4 draws one community's A4 poster on the current page.
func (d *doc) a4(s Sheet, grid [][]bool) {
	x, w := a4Margin, pageW-2*a4Margin
	d.pdf.SetFillColor(brand.r, brand.g, brand.b)
	d.pdf.Rect(0, 0, pageW, 8, "F")

	d.line(s.Text.Title+" · "+s.Community, bold, 34, ink, x, 30, w, center)
	d.line(s.Street, regular, 18, muted, x, 41, w, center)

	side, module := qrBox(grid, a4Symbol)
	top := 47.0
	d.qr(grid, (pageW-side)/2, top, module)
	y := top + side + 1

	// What the form must show: the defence against a sticker pasted over the code.
	d.pdf.SetDrawColor(brand.r, brand.g, brand.b)
	d.pdf.SetLineWidth(0.6)
	lines := d.wrap(s.Text.Check, regular, 13, w-12)
	boxH := float64(len(lines))*6.5 + 5
	d.pdf.RoundedRect(x, y, w, boxH, 3, "1234", "D")
	d.paragraph(s.Text.Check, regular, 13, ink, x+6, y+7.5, w-12, 6.5, center)
	y += boxH + 11

	for i, st := range s.Text.Steps {
		cx := x + w/6 + float64(i)*w/3
		d.step(i+1, st, cx, y, 5.5, 15, w/3-4)
		if i < 2 {
			d.line("→", regular, 20, muted, cx+w/6-5, y+2.5, 10, center)
		}
	}
	y += 26

	d.line(s.Text.TypeIn, regular, 12, muted, x, y, w, center)
	d.line(s.FormURL, mono, 17, ink, x, y+8.5, w, center)
	d.line(s.Text.Code+" "+s.Code, bold, 20, ink, x, y+19, w, center)
	d.line(s.Text.Track+" "+s.TrackURL, regular, 12, muted, x, y+28, w, center)

	d.pdf.SetDrawColor(muted.r, muted.g, muted.b)
	d.pdf.SetLineWidth(0.3)
	d.pdf.Line(x, pageH-20, pageW-x, pageH-20)
	if s.Hotline != "" {
		d.line(s.Text.Hotline+" "+s.Hotline, bold, 15, ink, x, pageH-11, w, left)
	}
	if s.Issuer != "" {
		d.line(s.Text.Issuer+" "+s.Issuer, regular, 12, muted, x, pageH-11, w, right)
	}
}
