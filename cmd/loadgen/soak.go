package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"gridline/bench/latency"
)

// soakResult is what a soak measured and, with -verify, found stored.
type soakResult struct {
	subs    []submission
	elapsed time.Duration
	tally   *tally
	rss     rssFigures
	check   verification
}

// soak lets -concurrency residents submit reports in a loop for -duration
// while -readers read pages. Reports under way at the end may retry for
// -grace more. Then it checks the database (-verify) and fails on any
// report not acknowledged, lost, stored twice, or missing its photos.
func soak(ctx context.Context, cfg config, stdout io.Writer) (soakResult, error) {
	var res soakResult
	var rss *rssSampler
	if pid, ok := cfg.serverPID(); ok {
		var err error
		if rss, err = startRSS(pid, rssEvery); err != nil {
			return res, err
		}
	}
	fmt.Fprintf(stdout, "loadgen: %v of %d residents sending reports with %s to %s/c/%s (%.0f%% as the form's script), %d readers\n",
		cfg.duration, cfg.concurrency, cfg.photoLabel(), cfg.base, cfg.community, cfg.scriptShare*100, cfg.readers)

	start := time.Now()
	res.subs, res.tally = runSoak(ctx, cfg)
	res.elapsed = time.Since(start)
	if rss != nil {
		res.rss = rss.stop()
	}
	res.print(stdout, cfg)
	if cfg.codesOut != "" {
		if err := writeCodes(cfg.codesOut, res.subs); err != nil {
			return res, err
		}
	}
	var err error
	if cfg.verify {
		res.check, err = verify(ctx, cfg, res.subs, stdout)
		if err != nil {
			return res, err
		}
	}
	return res, res.problems(cfg)
}

// runSoak runs the residents and readers and returns every submission.
func runSoak(ctx context.Context, cfg config) ([]submission, *tally) {
	ctx, cancel := context.WithTimeout(ctx, cfg.duration+cfg.grace)
	defer cancel()
	during, stop := context.WithTimeout(ctx, cfg.duration) // no new report, no page view after -duration
	defer stop()
	client := newClient(cfg.concurrency+cfg.readers, cfg.requestTimeout)
	t, book := newTally(), &codebook{}
	var (
		mu   sync.Mutex
		subs []submission
		next atomic.Int64
		wg   sync.WaitGroup
	)
	scripts := int(cfg.scriptShare*float64(cfg.concurrency) + 0.5)
	for k := range cfg.concurrency {
		r := cfg.resident(client)
		wg.Go(func() {
			for during.Err() == nil {
				i := int(next.Add(1))
				if i > cfg.requests {
					return
				}
				s := r.submit(ctx, i, sending{cfg.attempts, cfg.think, k < scripts}, t)
				if s.tracking != "" {
					book.add(s.tracking)
				}
				mu.Lock()
				subs = append(subs, s)
				mu.Unlock()
			}
		})
	}
	for k := range cfg.readers {
		rd := reader{client: client, base: cfg.base, community: cfg.community, book: book}
		wg.Go(func() {
			if cfg.staffUser != "" {
				if err := rd.signIn(during, cfg.staffUser, cfg.staffPass); err != nil {
					t.failed(err)
					return
				}
			}
			rd.read(during, uint64(k), cfg.readPause, t)
		})
	}
	wg.Wait()
	return subs, t
}

func (res soakResult) print(w io.Writer, cfg config) {
	var results []result
	scripts := 0
	for _, s := range res.subs {
		results = append(results, result{latency: s.latency, err: s.err})
		if s.script {
			scripts++
		}
	}
	sum := summarize(results, res.elapsed)
	sum.noun = "reports"
	sum.print(w)
	fmt.Fprintf(w, "as the script:      %d of %d reports (JSON answers), the rest as a plain form (303)\n", scripts, len(res.subs))
	totals := sortedTotals(res.subs)
	fmt.Fprintf(w, "with retries:       p50 %v, p99 %v (first POST until acknowledged); %d reports needed more than one try\n",
		latency.Percentile(totals, 50).Round(time.Millisecond), latency.Percentile(totals, 99).Round(time.Millisecond), retried(res.subs))
	res.tally.print(w, min(res.elapsed, cfg.duration))
	if res.rss.pids != nil {
		printRSS(w, res.rss)
	}
}

// problems is the run's verdict: nil only when every report was
// acknowledged and, if checked, stored exactly once with its photos.
func (res soakResult) problems(cfg config) error {
	var errs []error
	acked := 0
	for _, s := range res.subs {
		if s.tracking != "" {
			acked++
		}
	}
	if n := len(res.subs) - acked; n > 0 {
		errs = append(errs, fmt.Errorf("%d of %d reports not acknowledged", n, len(res.subs)))
	}
	if acked == 0 {
		errs = append(errs, errors.New("no report acknowledged"))
	}
	if n := res.tally.lost503; n > 0 {
		errs = append(errs, fmt.Errorf("%d answers with status 503 lost the resident's text", n))
	}
	if n := len(res.tally.failures); n > 0 {
		errs = append(errs, fmt.Errorf("%d readers failed to start: %s", n, res.tally.failures[0]))
	}
	if cfg.want503 && res.tally.kept503 == 0 {
		errs = append(errs, errors.New("-want-503: no 503 answer seen (was the database cut?)"))
	}
	if cfg.verify {
		errs = append(errs, res.check.problems(cfg)...)
	}
	return errors.Join(errs...)
}

func writeCodes(path string, subs []submission) error {
	var b strings.Builder
	for _, s := range subs {
		if s.tracking != "" {
			b.WriteString(s.tracking + "\n")
		}
	}
	return os.WriteFile(path, []byte(b.String()), 0o644)
}
