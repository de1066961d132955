package poster

import (
	"fmt"

	"github.com/go-pdf/fpdf"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/gomono"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/sfnt"

	"gridline/poster/font"
)

// style is a typeface of the poster; each has a Latin font and takes the
// glyphs it lacks (Chinese) from the CJK font.
type style int

const (
	regular style = iota
	bold
	mono
)

// cjkFamily is the CJK font's name inside the PDF. It has no bold; bold
// Chinese is drawn filled and outlined.
const cjkFamily = "droid"

var latinFamily = [...]string{regular: "goregular", bold: "gobold", mono: "gomono"}

// face is one font file and its character map.
type face struct {
	family string
	ttf    []byte
	cmap   *sfnt.Font
}

// Printer makes poster PDFs. It parses the fonts' character maps once; it is
// safe for concurrent use.
type Printer struct {
	latin [3]face
	cjk   face
}

// New parses the embedded fonts.
func New() (*Printer, error) {
	var p Printer
	for st, ttf := range [...][]byte{regular: goregular.TTF, bold: gobold.TTF, mono: gomono.TTF} {
		f, err := parseFace(latinFamily[st], ttf)
		if err != nil {
			return nil, err
		}
		p.latin[st] = f
	}
	f, err := parseFace(cjkFamily, font.CJK)
	if err != nil {
		return nil, err
	}
	p.cjk = f
	return &p, nil
}

func parseFace(family string, ttf []byte) (face, error) {
	f, err := sfnt.Parse(ttf)
	if err != nil {
		return face{}, fmt.Errorf("poster: font %s: %w", family, err)
	}
	return face{family: family, ttf: ttf, cmap: f}, nil
}

// addFonts registers every font with a new document.
func (p *Printer) addFonts(pdf *fpdf.Fpdf) {
	for _, f := range p.latin {
		pdf.AddUTF8FontFromBytes(f.family, "", f.ttf)
	}
	pdf.AddUTF8FontFromBytes(cjkFamily, "", p.cjk.ttf)
}

// run is a piece of text set in one font.
type run struct {
	text   string
	family string
	cjk    bool
}

// runs splits s by font: a character goes to the style's Latin font when
// that has it, else to the CJK font when that has it, else to the Latin font
// (which prints its missing-glyph box).
func (p *Printer) runs(s string, st style) []run {
	var (
		out []run
		buf sfnt.Buffer
	)
	latin := p.latin[st]
	for _, r := range s {
		cjk := false
		if i, err := latin.cmap.GlyphIndex(&buf, r); err != nil || i == 0 {
			i, err := p.cjk.cmap.GlyphIndex(&buf, r)
			cjk = err == nil && i != 0
		}
		family := latin.family
		if cjk {
			family = cjkFamily
		}
		if n := len(out); n > 0 && out[n-1].family == family {
			out[n-1].text += string(r)
			continue
		}
		out = append(out, run{text: string(r), family: family, cjk: cjk})
	}
	return out
}
