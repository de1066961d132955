// Command dbserver runs Gridline's embedded database (FerretDB on SQLite) on
// its own, on a fixed loopback TCP port, so that fault tests can stop and
// restart the database while a Gridline server pointed at it with MONGODB_URI
// stays up:
//
//	dbserver -data /tmp/db -addr 127.0.0.1:27018 &
//	MONGODB_URI=mongodb://127.0.0.1:27018/ gridline
//
// It prints the URI once the database answers, then runs until SIGINT or
// SIGTERM. The data directory is the same layout Gridline uses (DATA/db), and
// is held with the same lock, so a Gridline server cannot open it meanwhile.
//
// It is a test tool: unlike Gridline's own embedded database, which listens
// only on a Unix socket in its data directory, this one is reachable by every
// user and process on the machine, with no password. Give it throwaway data.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"syscall"
	"time"

	"gridline/database"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "dbserver:", err)
		os.Exit(1)
	}
}

// run opens the embedded database as its owner, prints its URI and waits.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("dbserver", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dataDir := fs.String("data", "", "data directory; the database lives in DATA/db (required)")
	addr := fs.String("addr", "127.0.0.1:27018", "loopback host:port to listen on")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *dataDir == "" || fs.NArg() > 0 {
		return errors.New("usage: dbserver -data DIR [-addr 127.0.0.1:PORT]")
	}
	if err := checkLoopback(*addr); err != nil {
		return err
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))

	openCtx, cancel := context.WithTimeout(ctx, 30*time.Second)
	db, err := database.Open(openCtx, database.Options{DataDir: *dataDir, Name: "gridline", Own: true, Addr: *addr}, log)
	cancel()
	if err != nil {
		return err
	}
	uri, err := database.EmbeddedURI(*dataDir)
	if err != nil {
		_ = db.Close(context.Background())
		return err
	}
	fmt.Fprintln(stdout, uri)

	<-ctx.Done()
	closeCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return db.Close(closeCtx)
}

// checkLoopback refuses to expose the database beyond this machine.
func checkLoopback(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("-addr: %w", err)
	}
	if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
		return fmt.Errorf("-addr: %q is not a loopback IP address", host)
	}
	return nil
}
