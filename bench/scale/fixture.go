package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// fixture is what the measurements draw on, collected once through the
// pages a person would use, before anything is timed.
type fixture struct {
	csrf        string   // the session's token for staff POSTs
	codes       []string // tracking codes of the last 90 days' reports (export)
	communities []string // community codes (public list)
	categories  []string // what the form offers
	submitted   []string // IDs of reports waiting to be accepted, newest first
	others      []string // IDs of other open reports, for notes
	// The periods, as dates in the display zone.
	today, yearAgo, lastMonthFirst, lastMonthLast string
}

var (
	communityRE = regexp.MustCompile(`href="/communities/([^"/?]+)"`)
	reportRE    = regexp.MustCompile(`href="/admin/reports/([0-9A-Za-z]+)"`)
)

// openStatuses are the open states other than submitted: where notes go.
var openStatuses = []string{"accepted", "dispatched", "in_progress", "reopened", "resolved"}

// collect reads the fixture; need is how many distinct reports the
// transition measurement uses (warm-up included).
func collect(ctx context.Context, c *client, now time.Time, need int) (fixture, error) {
	f := fixture{
		today:          now.Format(time.DateOnly),
		yearAgo:        now.AddDate(0, 0, -364).Format(time.DateOnly),
		lastMonthFirst: time.Date(now.Year(), now.Month()-1, 1, 0, 0, 0, 0, now.Location()).Format(time.DateOnly),
		lastMonthLast:  time.Date(now.Year(), now.Month(), 0, 0, 0, 0, 0, now.Location()).Format(time.DateOnly),
	}
	home, err := c.get(ctx, "/admin")
	if err != nil {
		return f, err
	}
	if f.csrf, err = hiddenField(home.body, "csrf"); err != nil {
		return f, fmt.Errorf("staff home: %w", err)
	}
	list, err := c.get(ctx, "/communities")
	if err != nil {
		return f, err
	}
	if f.communities = links(list.body, communityRE); len(f.communities) == 0 {
		return f, fmt.Errorf("/communities lists no community")
	}
	form, err := c.get(ctx, "/c/"+f.communities[0])
	if err != nil {
		return f, err
	}
	if f.categories = links(form.body, optionRE); len(f.categories) == 0 {
		return f, fmt.Errorf("the report form offers no category")
	}
	recent, err := c.get(ctx, "/admin/export.csv?from="+now.AddDate(0, 0, -89).Format(time.DateOnly)+"&to="+f.today)
	if err != nil {
		return f, err
	}
	if f.codes, err = trackingCodes(recent.body); err != nil {
		return f, err
	}
	if f.submitted, err = inboxIDs(ctx, c, "submitted", need); err != nil {
		return f, err
	}
	for _, status := range openStatuses {
		ids, err := inboxIDs(ctx, c, status, need)
		if err != nil {
			return f, err
		}
		f.others = append(f.others, ids...)
	}
	if len(f.submitted)+len(f.others) < need {
		return f, fmt.Errorf("%d open reports, want at least %d", len(f.submitted)+len(f.others), need)
	}
	return f, nil
}

// open lists every open report collected.
func (f fixture) open() []string { return slices.Concat(f.submitted, f.others) }

// inboxIDs pages through the inbox filtered by status until it has need
// report IDs or the pages run out.
func inboxIDs(ctx context.Context, c *client, status string, need int) ([]string, error) {
	var ids []string
	for page := 1; len(ids) < need; page++ {
		q := url.Values{"status": {status}, "page": {strconv.Itoa(page)}}
		r, err := c.get(ctx, "/admin/reports?"+q.Encode())
		if err != nil {
			return nil, err
		}
		found := links(r.body, reportRE)
		if len(found) == 0 {
			break
		}
		ids = append(ids, found...)
	}
	return ids[:min(len(ids), need)], nil
}

// trackingCodes reads the first column of an export, the tracking code.
func trackingCodes(export []byte) ([]string, error) {
	records, err := csvRecords(export)
	if err != nil {
		return nil, err
	}
	var codes []string
	for _, rec := range records {
		codes = append(codes, strings.TrimPrefix(rec[0], "'"))
	}
	if len(codes) == 0 {
		return nil, fmt.Errorf("the export of the last 90 days has no rows")
	}
	return codes, nil
}

// csvRecords parses an export, without its byte-order mark and header.
func csvRecords(export []byte) ([][]string, error) {
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(export, []byte("\uFEFF"))))
	records, err := r.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	if len(records) == 0 {
		return nil, fmt.Errorf("export: no header")
	}
	return records[1:], nil
}
