package database

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/FerretDB/FerretDB/ferretdb"
)

// ownWait is how long a server waits for a CLI command to release the
// embedded database before giving up.
const ownWait = 15 * time.Second

// embedded returns the URI of the embedded server whose files are in dir
// (DATA/db, absolute), starting it in this process when no other process
// holds it (or, with own, once the holder lets go). It listens on a Unix
// socket in dir, or, when addr is given (cmd/dbserver only), on that
// loopback TCP address instead. stop releases what was started.
func embedded(ctx context.Context, dir, addr string, own bool, log *slog.Logger) (string, func(), error) {
	if err := privateDir(dir); err != nil {
		return "", nil, err
	}
	lock, err := os.OpenFile(filepath.Join(dir, "embedded.lock"), os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return "", nil, fmt.Errorf("open lock file: %w", err)
	}
	err = syscall.Flock(int(lock.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
	for deadline := time.Now().Add(ownWait); own && errors.Is(err, syscall.EWOULDBLOCK) && time.Now().Before(deadline); {
		select {
		case <-ctx.Done():
			lock.Close()
			return "", nil, ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
		err = syscall.Flock(int(lock.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
	}
	if own && errors.Is(err, syscall.EWOULDBLOCK) {
		lock.Close()
		return "", nil, fmt.Errorf("another Gridline server is using %s (stop it, or give this one its own GRIDLINE_DATA_DIR)", filepath.Dir(dir))
	}
	if errors.Is(err, syscall.EWOULDBLOCK) {
		lock.Close()
		uri, err := joinRunning(ctx, dir)
		return uri, func() {}, err
	}
	if err != nil {
		lock.Close()
		return "", nil, fmt.Errorf("lock data directory: %w", err)
	}
	addrFile := filepath.Join(dir, addrName)
	os.Remove(addrFile) // a killed owner's: joiners wait for this one's
	uri, stop, err := startFerretDB(ctx, dir, addr, log)
	if err != nil {
		lock.Close()
		return "", nil, err
	}
	if err := os.WriteFile(addrFile, []byte(uri), 0o600); err != nil {
		stop()
		lock.Close()
		return "", nil, fmt.Errorf("record embedded address: %w", err)
	}
	return uri, func() {
		stop()
		os.Remove(addrFile)
		lock.Close() // releases the flock
	}, nil
}

// startFerretDB runs FerretDB with the SQLite handler in dir, listening on
// the socket in dir or, when addr is given, on that TCP address alone.
func startFerretDB(ctx context.Context, dir, addr string, log *slog.Logger) (string, func(), error) {
	listener, err := listenerFor(dir, addr)
	if err != nil {
		return "", nil, err
	}
	f, err := ferretdb.New(&ferretdb.Config{
		Listener:  listener,
		Handler:   "sqlite",
		SQLiteURL: "file:" + dir + "/",
		Logger:    slog.New(errorsOnly{Handler: log.With("component", "ferretdb").Handler()}),
	})
	if err != nil {
		return "", nil, fmt.Errorf("start embedded database: %w", err)
	}
	runCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = f.Run(runCtx)
	}()
	stop := func() { cancel(); <-done }
	if listener.Unix == "" {
		return f.MongoDBURI(), stop, nil
	}
	// Bound with the umask's mode; the 0700 directory already keeps others out.
	if err := os.Chmod(listener.Unix, 0o600); err != nil {
		stop()
		return "", nil, fmt.Errorf("embedded database socket: %w", err)
	}
	return socketURI(listener.Unix), stop, nil
}

// joinRunning waits for the owner of the lock to publish its address.
func joinRunning(ctx context.Context, dir string) (string, error) {
	deadline := time.Now().Add(10 * time.Second)
	for {
		b, err := os.ReadFile(filepath.Join(dir, addrName))
		if uri := strings.TrimSpace(string(b)); err == nil && uri != "" {
			return uri, nil
		}
		if time.Now().After(deadline) {
			return "", fmt.Errorf("another Gridline process holds %s but has not published its address", dir)
		}
		select {
		case <-ctx.Done():
			return "", ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// errorsOnly keeps FerretDB's chatty logs at error level. FerretDB adds
// attributes to its logger on every operation; they are only remembered
// here and applied when an error is logged, since formatting them each time
// cost about 40% of an insert's CPU.
type errorsOnly struct {
	slog.Handler
	pending []func(slog.Handler) slog.Handler // WithAttrs and WithGroup, in order
}

func (h errorsOnly) Enabled(ctx context.Context, l slog.Level) bool {
	return l >= slog.LevelError && h.Handler.Enabled(ctx, l)
}

func (h errorsOnly) Handle(ctx context.Context, r slog.Record) error {
	inner := h.Handler
	for _, f := range h.pending {
		inner = f(inner)
	}
	return inner.Handle(ctx, r)
}

func (h errorsOnly) WithAttrs(a []slog.Attr) slog.Handler {
	return h.with(func(in slog.Handler) slog.Handler { return in.WithAttrs(a) })
}

func (h errorsOnly) WithGroup(name string) slog.Handler {
	return h.with(func(in slog.Handler) slog.Handler { return in.WithGroup(name) })
}

func (h errorsOnly) with(f func(slog.Handler) slog.Handler) slog.Handler {
	return errorsOnly{Handler: h.Handler, pending: append(slices.Clip(h.pending), f)}
}
