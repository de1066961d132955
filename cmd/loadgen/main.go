// Command loadgen plays residents and staff against a running Gridline over
// HTTP, to measure the figures the issues ask for and to prove that no
// acknowledged report is lost. It has two modes.
//
// A burst: many residents upload a 12-megapixel photo at the same moment,
// for the server's peak memory:
//
//	loadgen -community CODE -photo wood.jpg -concurrency 16 -pid "$SERVER_PID"
//
// A soak, for a fixed time: residents submit reports in a loop (retrying with
// the same token on network errors and 5xx, as the phone form does) while
// readers open tracking and community pages; afterwards loadgen connects to
// the database itself and checks that exactly the acknowledged reports exist,
// once each, with their photo files:
//
//	loadgen -community CODE -photo wood.jpg -duration 60s -concurrency 8 -readers 2 \
//	  -pidfile server.pid -verify -data "$GRIDLINE_DATA_DIR"
//
// A 303 to the tracking page (or the script's JSON answer with its URL)
// counts as acknowledged. With -pid or -pidfile, loadgen also samples the
// server's resident set size from /proc.
//
// It talks to loopback addresses only, and the number of requests and the
// time it runs are both bounded, so it cannot load someone else's server by
// mistake or run away.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "loadgen:", err)
		os.Exit(1)
	}
}

// Bounds on what one run may do.
const (
	maxConcurrency = 256
	maxReaders     = 64
	maxRequests    = 10_000
	maxAttempts    = 100
	maxTimeout     = time.Hour
	rssEvery       = 50 * time.Millisecond
)

// run parses the flags and runs a burst or a soak. It fails when a report
// was not acknowledged, lost or stored twice, so scripts notice.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	if cfg.duration > 0 {
		_, err := soak(ctx, cfg, stdout)
		return err
	}
	return burst(ctx, cfg, stdout)
}

// burst sends -requests residents, -concurrency at a time, once each.
func burst(ctx context.Context, cfg config, stdout io.Writer) error {
	ctx, cancel := context.WithTimeout(ctx, cfg.timeout)
	defer cancel()
	var rss *rssSampler
	if pid, ok := cfg.serverPID(); ok {
		var err error
		if rss, err = startRSS(pid, rssEvery); err != nil {
			return err
		}
	}
	fmt.Fprintf(stdout, "loadgen: %d uploads of %s to %s/c/%s, %d at a time\n",
		cfg.requests, cfg.photoLabel(), cfg.base, cfg.community, cfg.concurrency)

	r := cfg.resident(newClient(cfg.concurrency, cfg.requestTimeout))
	start := time.Now()
	results := visitAll(ctx, r, cfg.concurrency, cfg.requests)
	sum := summarize(results, time.Since(start))
	sum.print(stdout)
	if rss != nil {
		printRSS(stdout, rss.stop())
	}
	if sum.failed > 0 {
		return fmt.Errorf("%d of %d uploads not acknowledged", sum.failed, cfg.requests)
	}
	return nil
}
