// Command scale measures Gridline's pages one request at a time, as one
// resident or one member of staff meets them, on a server holding a seeded
// history (bench/scale.sh seeds it and runs this for each size):
//
//	scale -base http://127.0.0.1:8080 -user bench -password … -requests 40
//
// It signs in, collects what the requests need through the pages a person
// would use (tracking codes from the export of the last 90 days, community
// codes, open reports from the inbox, the session's CSRF token), then, for
// each measurement, makes a few warm-up requests and times the rest over one
// keep-alive connection. Each measurement prints one line:
//
//	name requests p50_ms p99_ms [extra]
//
// (nearest-rank percentiles, each request timed to the last byte of its
// answer). An answer with another status than the page's (200, or 303 for a
// POST) stops the run with an error, so a broken page gives no figure. The
// transitions and submissions change the database: run it on a copy.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/url"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	_ "time/tzdata" // the display zone, where the system has no zone files
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "scale:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("scale", flag.ContinueOnError)
	fs.SetOutput(stderr)
	base := fs.String("base", "", "the server's URL, on a loopback address (required)")
	user := fs.String("user", "", "an admin account (required)")
	password := fs.String("password", "", "its password (required)")
	requests := fs.Int("requests", 40, "timed requests per measurement")
	warmup := fs.Int("warmup", 3, "untimed requests before them")
	timeout := fs.Duration("timeout", time.Minute, "the most one request may take")
	seed := fs.Uint64("seed", 1, "random seed for the reports and communities picked")
	zoneName := fs.String("zone", "Asia/Shanghai", "the server's display zone: the periods' dates are its")
	if err := fs.Parse(args); err != nil {
		return err
	}
	switch {
	case *user == "" || *password == "":
		return errors.New("-user and -password are required")
	case *requests < 1 || *requests > 10_000 || *warmup < 0:
		return errors.New("-requests: want 1 to 10,000; -warmup: want 0 or more")
	case *timeout <= 0:
		return errors.New("-timeout: want more than 0")
	}
	if err := checkLoopback(*base); err != nil {
		return err
	}
	zone, err := time.LoadLocation(*zoneName)
	if err != nil {
		return fmt.Errorf("-zone: %w", err)
	}
	c, err := newClient(strings.TrimSuffix(*base, "/"), *timeout)
	if err != nil {
		return err
	}
	if err := c.login(ctx, *user, *password); err != nil {
		return err
	}
	f, err := collect(ctx, c, time.Now().In(zone), *warmup+*requests)
	if err != nil {
		return fmt.Errorf("collect: %w", err)
	}
	fmt.Fprintf(stdout, "# %d tracking codes, %d communities, %d submitted and %d other open reports collected\n",
		len(f.codes), len(f.communities), len(f.submitted), len(f.others))
	fmt.Fprintln(stdout, "# name requests p50_ms p99_ms extra")
	rnd := rand.New(rand.NewPCG(*seed, *seed^0x5eed))
	for _, m := range measurements(c, f, rnd) {
		res, err := measure(ctx, m, *warmup, *requests)
		if err != nil {
			return err
		}
		extra := ""
		if m.extra != nil {
			extra = " " + m.extra()
		}
		fmt.Fprintf(stdout, "%-16s %4d %9.2f %9.2f%s\n", m.name, res.requests, ms(res.p50), ms(res.p99), extra)
	}
	return nil
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// checkLoopback refuses a server on another machine.
func checkLoopback(base string) error {
	u, err := url.Parse(base)
	if err != nil || u.Scheme != "http" || u.Host == "" {
		return fmt.Errorf("-base: want an http:// URL, got %q", base)
	}
	host := u.Hostname()
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return fmt.Errorf("-base: %q is not a loopback host", host)
	}
	return nil
}
