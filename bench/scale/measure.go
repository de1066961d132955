package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/url"
	"regexp"
	"slices"
	"time"

	"gridline/bench/latency"
)

// measurement is one output line: one kind of request, made over and over.
type measurement struct {
	name string
	// once makes the i-th request (0 is the first warm-up) and returns how
	// long its timed part took.
	once func(ctx context.Context, i int) (time.Duration, error)
	// extra, when set, is written after the figures.
	extra func() string
}

// measurements lists what is measured, in order: reads first, then the
// requests that change reports.
func measurements(c *client, f fixture, rnd *rand.Rand) []measurement {
	pick := func(xs []string) string { return xs[rnd.IntN(len(xs))] }
	open := f.open()
	return []measurement{
		page(c, "tracking", func(int) string { return "/t/" + pick(f.codes) }),
		page(c, "community", func(i int) string { return "/communities/" + f.communities[i%len(f.communities)] }),
		page(c, "form", func(i int) string { return "/c/" + f.communities[i%len(f.communities)] }),
		page(c, "staff_home", fixed("/admin")),
		page(c, "inbox", fixed("/admin/reports")),
		page(c, "inbox_community", fixed("/admin/reports?community="+url.QueryEscape(f.communities[0]))),
		page(c, "inbox_status", fixed("/admin/reports?status=dispatched")),
		page(c, "inbox_closed", fixed("/admin/reports?status=closed")),
		page(c, "staff_report", func(int) string { return "/admin/reports/" + pick(open) }),
		page(c, "stats_month", fixed("/admin/stats")),
		page(c, "stats_year", fixed("/admin/stats?from="+f.yearAgo+"&to="+f.today)),
		export(c, "/admin/export.csv?from="+f.lastMonthFirst+"&to="+f.lastMonthLast),
		transition(c, f),
		submit(c, f, pick),
		join(c, f),
	}
}

func fixed(path string) func(int) string { return func(int) string { return path } }

// page times a GET of the page path(i), which must answer 200.
func page(c *client, name string, path func(i int) string) measurement {
	return measurement{name: name, once: func(ctx context.Context, i int) (time.Duration, error) {
		r, err := c.get(ctx, path(i))
		return r.elapsed, err
	}}
}

// export times the download of a period's CSV and counts its rows.
func export(c *client, path string) measurement {
	rows := 0
	return measurement{
		name: "export_month",
		once: func(ctx context.Context, _ int) (time.Duration, error) {
			r, err := c.get(ctx, path)
			if err != nil {
				return 0, err
			}
			records, err := csvRecords(r.body)
			rows = len(records)
			return r.elapsed, err
		},
		extra: func() string { return fmt.Sprintf("rows=%d", rows) },
	}
}

// transition times one staff action per request, each on a report of its
// own: accepting a submitted report while there are any, then an internal
// note on another open one. The counts include the warm-up.
func transition(c *client, f fixture) measurement {
	accepts, notes := 0, 0
	return measurement{
		name: "transition",
		once: func(ctx context.Context, i int) (time.Duration, error) {
			form := url.Values{"csrf": {f.csrf}}
			action, id := "accept", ""
			if i < len(f.submitted) {
				id = f.submitted[i]
				form.Set("public", "已受理，我们会尽快安排处理。")
				accepts++
			} else {
				action, id = "note", f.others[i-len(f.submitted)]
				form.Set("internal", fmt.Sprintf("已电话联系居民，约定上门时间（压测 %d）。", i))
				notes++
			}
			path := "/admin/reports/" + id + "/" + action
			r, err := c.post(ctx, path, formType, []byte(form.Encode()), "/admin/reports/"+id+"?done="+action)
			return r.elapsed, err
		},
		extra: func() string { return fmt.Sprintf("accept=%d note=%d", accepts, notes) },
	}
}

// submit times a resident's report without photos: the form is fetched
// first (untimed) for its one-time token, then only the POST is timed.
func submit(c *client, f fixture, pick func([]string) string) measurement {
	return measurement{name: "submit", once: func(ctx context.Context, i int) (time.Duration, error) {
		code := pick(f.communities)
		formPage, err := c.get(ctx, "/c/"+code)
		if err != nil {
			return 0, err
		}
		token, err := hiddenField(formPage.body, "token")
		if err != nil {
			return 0, fmt.Errorf("form of %s: %w", code, err)
		}
		body, contentType, err := reportForm(token, pick(f.categories),
			fmt.Sprintf("小区东门路灯不亮已经三天了，晚上出行不安全，请尽快维修。（压测 %d）", i), "东门岗亭旁")
		if err != nil {
			return 0, err
		}
		r, err := c.post(ctx, "/c/"+code, contentType, body, "/t/")
		return r.elapsed, err
	}}
}

// joinRE finds the references of the open reports a form lists.
var joinRE = regexp.MustCompile(`name="report" value="([0-9a-f]{16})"`)

// join times a resident's 我也遇到: a community's form is fetched first
// (untimed) for its token and the first report it lists, then only the
// POST is timed. Communities whose form lists nothing are passed over.
func join(c *client, f fixture) measurement {
	return measurement{name: "join", once: func(ctx context.Context, i int) (time.Duration, error) {
		for k := range f.communities {
			code := f.communities[(i+k)%len(f.communities)]
			formPage, err := c.get(ctx, "/c/"+code)
			if err != nil {
				return 0, err
			}
			refs := links(formPage.body, joinRE)
			if len(refs) == 0 {
				continue
			}
			token, err := hiddenField(formPage.body, "token")
			if err != nil {
				return 0, fmt.Errorf("form of %s: %w", code, err)
			}
			body := url.Values{"token": {token}, "report": {refs[0]}}.Encode()
			r, err := c.post(ctx, "/c/"+code+"/join", formType, []byte(body), "/t/")
			return r.elapsed, err
		}
		return 0, fmt.Errorf("no community's form lists an open report")
	}}
}

// result is one measurement's figures.
type result struct {
	requests int
	p50, p99 time.Duration
}

// measure makes warmup untimed requests, then n timed ones, one after another.
func measure(ctx context.Context, m measurement, warmup, n int) (result, error) {
	lat := make([]time.Duration, 0, n)
	for i := range warmup + n {
		d, err := m.once(ctx, i)
		if err != nil {
			return result{}, fmt.Errorf("%s, request %d: %w", m.name, i+1, err)
		}
		if i >= warmup {
			lat = append(lat, d)
		}
	}
	slices.Sort(lat)
	return result{requests: n, p50: latency.Percentile(lat, 50), p99: latency.Percentile(lat, 99)}, nil
}
