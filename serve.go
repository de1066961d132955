package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"path/filepath"
	"time"

	"gridline/auth"
	"gridline/config"
	"gridline/database"
	"gridline/jobs"
	"gridline/metrics"
	"gridline/photostore"
	"gridline/server"
	"gridline/store"
	"gridline/webhook"
)

// serve builds the HTTP server and runs it, with the background jobs, the
// webhook sender and the metrics address, until ctx ends; then it shuts
// down gracefully.
func serve(ctx context.Context, cfg config.Config, db *database.DB, st *store.Store, hasher auth.Hasher, log *slog.Logger) error {
	photos, err := photoStore(cfg, db)
	if err != nil {
		return err
	}
	m := metrics.New()
	h, err := server.New(server.Deps{Config: cfg, Store: st, Photos: photos, Hasher: hasher, Metrics: m, Log: log})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	log.Info("serving", "addr", ln.Addr().String(), "base_url", cfg.BaseURL, "embedded_db", db.Embedded)

	jobsCtx, stopJobs := context.WithCancel(ctx)
	jobsDone := make(chan struct{})
	go func() {
		defer close(jobsDone)
		jobs.Run(jobsCtx, st, photos, cfg.RatingWindow, time.Minute, log)
	}()
	defer func() { stopJobs(); <-jobsDone }()

	// Webhook deliveries go out from here alone, never from a request: a
	// slow or dead endpoint holds a sender's slot, not a resident.
	sender := webhook.NewSender(st, cfg.Webhook, rand.Float64, log)
	senderDone := make(chan struct{})
	go func() {
		defer close(senderDone)
		sender.Run(jobsCtx)
	}()
	defer func() { stopJobs(); <-senderDone }()

	if cfg.MetricsAddr != "" {
		stopMetrics, err := serveMetrics(cfg.MetricsAddr, m, log)
		if err != nil {
			return err
		}
		defer stopMetrics()
	}
	return serveUntilDone(ctx, httpServer(ctx, h), ln, cfg.ShutdownTimeout, log)
}

func photoStore(cfg config.Config, db *database.DB) (photostore.Store, error) {
	if cfg.PhotoStore == "gridfs" {
		return photostore.NewGridFS(db.Database), nil
	}
	return photostore.NewDir(filepath.Join(cfg.DataDir, "photos"))
}

// serveMetrics serves /metrics on its own address, away from the public one.
func serveMetrics(addr string, m *metrics.Metrics, log *slog.Logger) (func(), error) {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", m.Handler())
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second, ReadTimeout: 10 * time.Second, WriteTimeout: 30 * time.Second}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("metrics listen: %w", err)
	}
	log.Info("serving metrics", "addr", ln.Addr().String())
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Error("metrics server", "err", err)
		}
	}()
	return func() { _ = srv.Close() }, nil
}

// httpServer has timeouts for every phase, so a slow or stuck client cannot
// hold a connection (slow-loris), and requests outlive a cancelled ctx only
// as long as the graceful shutdown allows.
func httpServer(ctx context.Context, h http.Handler) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       3 * time.Minute, // a 40 MB upload on a slow phone connection
		WriteTimeout:      3 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
}

// serveUntilDone serves on ln until ctx ends, then gives requests in flight the
// shutdown timeout to finish.
func serveUntilDone(ctx context.Context, srv *http.Server, ln net.Listener, timeout time.Duration, log *slog.Logger) error {
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
