// Command findbyid measures the database alone: FindOne by _id on the
// reports collection in a loop, with the client settings Gridline uses for
// its embedded database (a pool of one connection), so that the tracking
// page's rate under wrk can be read against what the database itself gives:
//
//	findbyid -data "$GRIDLINE_DATA_DIR" -codes codes.txt -duration 10s -workers 8
//
// The codes are tracking codes, one a line (loadgen -codes writes them); the
// workers pick them at random, as bench/tracking.lua does (on the embedded
// database a report stored later takes longer to find, so the order matters).
// It talks to databases on this machine only (the embedded one's Unix
// socket, or a loopback address) and stops after -duration or -max finds,
// whichever comes first.
package main

import (
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/signal"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"gridline/bench/latency"
	"gridline/database"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "findbyid:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("findbyid", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dataDir := fs.String("data", "", "the server's GRIDLINE_DATA_DIR: the embedded database's address (its Unix socket) is read from DATA/db/embedded.addr")
	uri := fs.String("mongo", "", "a MongoDB URI on this machine (Unix socket or loopback) instead of -data")
	dbName := fs.String("db", "gridline", "database name")
	codesFile := fs.String("codes", "", "tracking codes, one a line (required)")
	duration := fs.Duration("duration", 10*time.Second, "how long to run, at most 10m")
	workers := fs.Int("workers", 8, "goroutines calling FindOne at once (they share the one connection)")
	maxFinds := fs.Int64("max", 10_000_000, "stop after this many finds")
	if err := fs.Parse(args); err != nil {
		return err
	}
	switch {
	case *duration <= 0 || *duration > 10*time.Minute:
		return errors.New("-duration: want more than 0 and at most 10m")
	case *workers < 1 || *workers > 256:
		return errors.New("-workers: want 1 to 256")
	}
	codes, err := readCodes(*codesFile)
	if err != nil {
		return err
	}
	if *uri == "" {
		if *dataDir == "" {
			return errors.New("-data or -mongo is required")
		}
		if *uri, err = database.EmbeddedURI(*dataDir); err != nil {
			return err
		}
	}
	if err := database.CheckLocal(*uri); err != nil {
		return err
	}
	// As database.Open connects to the embedded server: one connection.
	client, err := mongo.Connect(options.Client().ApplyURI(*uri).SetMaxPoolSize(1).
		SetServerSelectionTimeout(10 * time.Second).SetConnectTimeout(5 * time.Second))
	if err != nil {
		return err
	}
	defer client.Disconnect(context.WithoutCancel(ctx))
	reports := client.Database(*dbName).Collection("reports")
	if err := reports.FindOne(ctx, bson.M{"_id": codes[0]}).Err(); err != nil {
		return fmt.Errorf("first find of %s: %w", codes[0], err)
	}

	lat, elapsed, err := findLoop(ctx, reports, codes, *workers, time.Now().Add(*duration), *maxFinds)
	if err != nil {
		return err
	}
	slices.Sort(lat)
	fmt.Fprintf(stdout, "driver FindOne by _id: %d finds in %.1f s = %.0f/s; latency p50 %v, p99 %v (pool of one connection, %d workers, %d reports at random)\n",
		len(lat), elapsed.Seconds(), float64(len(lat))/elapsed.Seconds(),
		latency.Percentile(lat, 50).Round(10*time.Microsecond), latency.Percentile(lat, 99).Round(10*time.Microsecond), *workers, len(codes))
	return nil
}

// findLoop runs the workers until end, or until max finds were made, and
// returns every find's latency. The finds themselves get no deadline (the
// driver refuses to send one that would run past it), so the run ends when
// the last find under way is answered.
func findLoop(ctx context.Context, reports *mongo.Collection, codes []string, workers int, end time.Time, max int64) ([]time.Duration, time.Duration, error) {
	var (
		next    atomic.Int64
		mu      sync.Mutex
		all     []time.Duration
		firstEr error
		wg      sync.WaitGroup
	)
	start := time.Now()
	for w := range workers {
		wg.Go(func() {
			rnd := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), uint64(w)))
			var lat []time.Duration
			defer func() { mu.Lock(); all = append(all, lat...); mu.Unlock() }()
			for ctx.Err() == nil && time.Now().Before(end) {
				i := next.Add(1)
				if i > max {
					return
				}
				t := time.Now()
				var doc bson.Raw
				err := reports.FindOne(ctx, bson.M{"_id": codes[rnd.IntN(len(codes))]}).Decode(&doc)
				if err != nil {
					mu.Lock()
					firstEr = cmp.Or(firstEr, err)
					mu.Unlock()
					return
				}
				lat = append(lat, time.Since(t))
			}
		})
	}
	wg.Wait()
	return all, time.Since(start), firstEr
}

func readCodes(path string) ([]string, error) {
	if path == "" {
		return nil, errors.New("-codes is required")
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	codes := strings.Fields(string(b))
	if len(codes) == 0 {
		return nil, fmt.Errorf("%s: no tracking codes", path)
	}
	return codes, nil
}
