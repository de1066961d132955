package report

import (
	"fmt"
	"slices"
	"strings"
)

// LoopTable renders Loop as the Markdown table docs/ARCHITECTURE.md shows,
// so the document is generated from the rules rather than kept beside them
// (TestLoopTableInArchitecture fails when the two differ).
func LoopTable() string {
	var b strings.Builder
	b.WriteString("| action | from | to | who may |\n|---|---|---|---|\n")
	for _, r := range Loop() {
		action := string(r.Action)
		if r.Rating != "" {
			action += " (" + string(r.Rating) + ")"
		}
		if r.Finding != "" {
			action += " (" + string(r.Finding) + ")"
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", action, fromCell(r.From), toCell(r.To), whoCell(r.Who))
	}
	return b.String()
}

// fromCell names the states a row starts from.
func fromCell(from []Status) string {
	switch {
	case len(from) == 0:
		return "— (a new report)"
	case slices.Equal(from, Statuses()):
		return "any state"
	}
	names := make([]string, len(from))
	for i, s := range from {
		names[i] = string(s)
	}
	return strings.Join(names, ", ")
}

// toCell names the state a row leads to.
func toCell(to Status) string {
	if to == "" {
		return "unchanged"
	}
	return string(to)
}

// whoCell names the parties who may take a row's action.
func whoCell(who []Who) string {
	names := make([]string, len(who))
	for i, w := range who {
		names[i] = string(w)
	}
	return strings.Join(names, "; ")
}
