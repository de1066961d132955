// Command loadgen plays residents against a running Gridline over HTTP, to
// measure the figures the issues ask for. Today that is the server's memory
// while many residents upload a 12-megapixel photo at once:
//
//	loadgen -community CODE -photo wood.jpg -concurrency 16 -pid "$SERVER_PID"
//
// Each resident opens the community's form, takes its one-time token and
// posts a report with the photo; a 303 to the tracking page counts as
// acknowledged. With -pid, loadgen also samples the server's resident set
// size from /proc while the residents run.
//
// It talks to loopback addresses only, and the number of requests and the
// time it runs are both bounded, so it cannot load someone else's server by
// mistake or run away.
package main

import (
	"context"
	"errors"
	"flag"
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
	maxRequests    = 10_000
	maxTimeout     = time.Hour
	rssEvery       = 50 * time.Millisecond
)

// config is what the flags ask for, checked.
type config struct {
	base        string // loopback URL, no trailing slash
	community   string
	photoPath   string
	photo       []byte
	concurrency int
	requests    int
	pid         int
	timeout     time.Duration
}

// run parses the flags, lets the residents loose, and prints the figures. It
// fails when any upload was not acknowledged, so scripts notice.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, cfg.timeout)
	defer cancel()

	var rss *rssSampler
	if cfg.pid != 0 {
		if rss, err = startRSS(cfg.pid, rssEvery); err != nil {
			return err
		}
	}
	fmt.Fprintf(stdout, "loadgen: %d uploads of %s (%.1f MiB) to %s/c/%s, %d at a time\n",
		cfg.requests, cfg.photoPath, mib(int64(len(cfg.photo))), cfg.base, cfg.community, cfg.concurrency)

	r := resident{client: newClient(cfg.concurrency), base: cfg.base, community: cfg.community, photo: cfg.photo}
	start := time.Now()
	results := visitAll(ctx, r, cfg.concurrency, cfg.requests)
	sum := summarize(results, time.Since(start))
	sum.print(stdout)
	if rss != nil {
		printRSS(stdout, rss.stop(), cfg.pid)
	}
	if sum.failed > 0 {
		return fmt.Errorf("%d of %d uploads not acknowledged", sum.failed, cfg.requests)
	}
	return nil
}

func parseFlags(args []string, stderr io.Writer) (config, error) {
	var cfg config
	fs := flag.NewFlagSet("loadgen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	base := fs.String("base", "http://127.0.0.1:8080", "Gridline's address; loopback hosts only")
	fs.StringVar(&cfg.community, "community", "", "community code whose form residents use (required)")
	fs.StringVar(&cfg.photoPath, "photo", "", "JPEG photo each resident attaches (required)")
	fs.IntVar(&cfg.concurrency, "concurrency", 16, "residents uploading at the same time")
	fs.IntVar(&cfg.requests, "requests", 0, "uploads in total (default: -concurrency)")
	fs.IntVar(&cfg.pid, "pid", 0, "server process whose VmRSS is sampled every 50 ms (optional)")
	fs.DurationVar(&cfg.timeout, "timeout", 2*time.Minute, "stop the run after this long")
	if err := fs.Parse(args); err != nil {
		return config{}, err
	}
	if fs.NArg() > 0 {
		return config{}, fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	if cfg.requests == 0 {
		cfg.requests = cfg.concurrency
	}
	var err error
	if cfg.base, err = loopbackBase(*base); err != nil {
		return config{}, err
	}
	if err := cfg.check(); err != nil {
		return config{}, err
	}
	cfg.concurrency = min(cfg.concurrency, cfg.requests) // no idle residents
	cfg.photo, err = readJPEG(cfg.photoPath)
	return cfg, err
}

func (c config) check() error {
	switch {
	case c.community == "":
		return errors.New("-community is required")
	case c.photoPath == "":
		return errors.New("-photo is required")
	case c.concurrency < 1 || c.concurrency > maxConcurrency:
		return fmt.Errorf("-concurrency: want 1 to %d, got %d", maxConcurrency, c.concurrency)
	case c.requests < 1 || c.requests > maxRequests:
		return fmt.Errorf("-requests: want 1 to %d, got %d", maxRequests, c.requests)
	case c.timeout <= 0 || c.timeout > maxTimeout:
		return fmt.Errorf("-timeout: want more than 0 and at most %v, got %v", maxTimeout, c.timeout)
	case c.pid < 0:
		return fmt.Errorf("-pid: want a process ID, got %d", c.pid)
	}
	return nil
}

// readJPEG reads the photo and checks it starts like a JPEG, so a wrong path
// fails here rather than as sixteen refused uploads.
func readJPEG(path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("-photo: %w", err)
	}
	if len(b) < 3 || b[0] != 0xFF || b[1] != 0xD8 || b[2] != 0xFF {
		return nil, fmt.Errorf("-photo: %s is not a JPEG", path)
	}
	return b, nil
}
