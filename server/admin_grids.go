package server

import (
	"strings"
	"unicode/utf8"

	"gridline/community"
	"gridline/server/form"
)

// parseGrids reads one grid per line, "name|worker" (the worker optional).
// It reports whether any line was malformed.
func parseGrids(text string) ([]community.Grid, bool) {
	var grids []community.Grid
	for _, line := range strings.Split(form.CleanText(text), "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		name, worker, _ := strings.Cut(line, "|")
		name, worker = strings.TrimSpace(name), strings.TrimSpace(worker)
		if name == "" || utf8.RuneCountInString(name) > 40 || len(worker) > 64 || len(grids) == 100 {
			return nil, true
		}
		grids = append(grids, community.Grid{Name: name, Worker: worker})
	}
	return grids, false
}

// gridsText writes grids back in the form parseGrids reads.
func gridsText(grids []community.Grid) string {
	var b strings.Builder
	for _, g := range grids {
		b.WriteString(g.Name)
		if g.Worker != "" {
			b.WriteString("|" + g.Worker)
		}
		b.WriteString("\n")
	}
	return b.String()
}
