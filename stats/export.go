package stats

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"gridline/report"
)

// bom makes Excel read the file as UTF-8 instead of the system code page.
const bom = "\uFEFF"

// csvTime is how times are written in the export.
const csvTime = "2006-01-02 15:04"

// Label translates a message ID of the catalogs (status.*, rating.*, csv.*)
// into the reader's language.
type Label func(id string) string

// csvColumns are the message IDs of the export's columns. The resident's
// name and phone are included: the export is for staff only, like the staff
// report page.
func csvColumns() []string {
	return []string{
		"csv.tracking", "csv.street", "csv.community", "csv.category", "csv.status", "csv.description",
		"csv.location", "csv.name", "csv.phone", "csv.submitted", "csv.accepted", "csv.rejected",
		"csv.dispatched", "csv.taken", "csv.resolved", "csv.closed", "csv.rating", "csv.reopens",
		"csv.handler", "csv.due", "csv.overdue", "csv.source", "csv.night", "csv.residents",
	}
}

// CSV writes reports one row each, as they come, as CSV for Excel: UTF-8
// with a byte-order mark, a header in the reader's language (label), CRLF
// line ends. Each loop time is the first such step on the timeline, empty
// when it never happened (受理时间 is the first dispatch when that came
// before any acceptance), in zone (UTC when nil). names maps community codes
// to names; an unknown code is written as is. A cell a spreadsheet would run
// as a formula gets a leading apostrophe.
//
// 评价 is the latest verdict (the timeline does not record verdicts, the
// report keeps the latest), or 未评价（自动关闭） when the last closing step
// was automatic. 处理人 and 期限 are the latest dispatch's. 是否超期 judges
// the latest dispatch against its due time: resolved after it, or still open
// past it at now; empty when nothing is being judged. 来源 tells a
// resident's report from a grid worker's patrol find (巡查发现), and 夜巡
// says whether a patrol find was made in the night hours (empty for a
// resident's). 反映人数 is how many residents reported it: the filer and
// those who pressed 我也遇到.
type CSV struct {
	cw    *csv.Writer
	names map[string]string
	zone  *time.Location
	now   time.Time
	label Label
}

// NewCSV writes the byte-order mark and the header to w.
func NewCSV(w io.Writer, names map[string]string, zone *time.Location, now time.Time, label Label) (*CSV, error) {
	if zone == nil {
		zone = time.UTC
	}
	if _, err := io.WriteString(w, bom); err != nil {
		return nil, fmt.Errorf("stats: write csv: %w", err)
	}
	x := &CSV{cw: csv.NewWriter(w), names: names, zone: zone, now: now, label: label}
	x.cw.UseCRLF = true
	header := csvColumns()
	for i, id := range header {
		header[i] = label(id)
	}
	if err := x.cw.Write(header); err != nil {
		return nil, fmt.Errorf("stats: write csv: %w", err)
	}
	return x, nil
}

// Write writes one report's row.
func (x *CSV) Write(r report.Report) error {
	if err := x.cw.Write(csvRow(r, x.names, x.zone, x.now, x.label)); err != nil {
		return fmt.Errorf("stats: write csv: report %s: %w", r.ID, err)
	}
	return nil
}

// Flush writes out what is buffered; call it when done.
func (x *CSV) Flush() error {
	x.cw.Flush()
	if err := x.cw.Error(); err != nil {
		return fmt.Errorf("stats: write csv: %w", err)
	}
	return nil
}

func csvRow(r report.Report, names map[string]string, zone *time.Location, now time.Time, label Label) []string {
	l := readLoop(r)
	at := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.In(zone).Format(csvTime)
	}
	community := r.Community
	if name, ok := names[r.Community]; ok {
		community = name
	}
	status := label(l.status.MessageID())
	verdict := ""
	if l.lastClose == report.AutoClose {
		verdict = label("csv.auto_closed")
	} else if l.ratings > 0 && r.Rating.Valid() {
		verdict = label("rating." + string(r.Rating))
	}
	handler := lastDispatchedTo(r)
	source, night := label("csv.source_resident"), ""
	if l.patrol {
		source, night = label("csv.source_patrol"), label("csv.no")
		if l.night {
			night = label("csv.yes")
		}
	}
	overdue := ""
	if late, known := l.late(r.DueAt, now); known {
		overdue = label("csv.no")
		if late {
			overdue = label("csv.yes")
		}
	}
	row := []string{
		r.ID, r.Street, community, r.Category, status, r.Description, r.Location, r.Contact.Name, r.Contact.Phone,
		at(l.submitted), at(l.accepted), at(l.rejected), at(l.dispatched), at(l.taken), at(l.resolved), at(l.closed),
		verdict, strconv.Itoa(l.unsatisfied), handler, at(r.DueAt), overdue, source, night, strconv.Itoa(r.Residents()),
	}
	for i, cell := range row {
		row[i] = defuse(cell)
	}
	return row
}

// defuse keeps a spreadsheet from reading a cell as a formula (CSV
// injection): a cell starting with = + - @, a tab or a carriage return gets
// a leading apostrophe. Phone numbers written "+86…" get one too.
func defuse(cell string) string {
	if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
		return "'" + cell
	}
	return cell
}

// lastDispatchedTo names the worker or unit of the latest dispatch, from the
// timeline: the report itself forgets its assignee when it is reopened.
func lastDispatchedTo(r report.Report) string {
	for i := len(r.Timeline) - 1; i >= 0; i-- {
		if e := r.Timeline[i]; e.Action == report.Dispatch {
			if e.Assignee != "" {
				return e.Assignee
			}
			return e.Unit
		}
	}
	if r.Assignee != "" {
		return r.Assignee
	}
	return r.Unit
}
