package qr

import (
	"bytes"
	"fmt"
)

// SVG renders the same code as PNG as a scalable SVG, for printed posters:
// it stays sharp at any size. The viewBox counts modules, quiet zone
// included; a white background is drawn so the quiet zone survives on a
// coloured page, and the dark modules are one path of horizontal runs with
// crisp edges. The intrinsic size is DefaultSize pixels, like the default
// PNG; CSS or a print layout can scale it freely.
func SVG(content string) ([]byte, error) {
	grid, err := modules(content)
	if err != nil {
		return nil, err
	}
	n := len(grid)
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" shape-rendering="crispEdges">`,
		DefaultSize, DefaultSize, n, n)
	fmt.Fprintf(&b, `<rect width="%d" height="%d" fill="#fff"/>`, n, n)
	b.WriteString(`<path fill="#000" d="`)
	for y, row := range grid {
		for x := 0; x < len(row); {
			if !row[x] {
				x++
				continue
			}
			w := 1
			for x+w < len(row) && row[x+w] {
				w++
			}
			fmt.Fprintf(&b, "M%d %dh%dv1h-%dz", x, y, w, w)
			x += w
		}
	}
	b.WriteString(`"/></svg>` + "\n")
	return b.Bytes(), nil
}
