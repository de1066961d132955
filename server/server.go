// Package server is Gridline's HTTP layer: routes, handlers (one file per page
// or action), templates rendering and middleware. It talks to storage through
// the small interfaces declared here.
package server

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"time"

	"gridline/config"
	"gridline/locale"
	"gridline/photo"
	"gridline/photostore"
	"gridline/report"
	"gridline/server/form"
	"gridline/static"
	"gridline/store"
)

// Store is what the handlers need from the database.
type Store interface {
	Ping(ctx context.Context) error
	Now() time.Time
	Community(ctx context.Context, code string) (store.Community, error)
	CreateReport(ctx context.Context, r report.Report) (report.Report, error)
	Report(ctx context.Context, id report.Tracking) (report.Report, error)
	ReportByToken(ctx context.Context, token string) (report.Report, error)
}

// PhotoProcessor re-encodes an uploaded photo (see package photo).
type PhotoProcessor interface {
	Process(ctx context.Context, r io.Reader) (photo.Processed, error)
}

// Deps are the server's collaborators, built in main.
type Deps struct {
	Config   config.Config
	Store    Store
	Photos   photostore.Store
	Pipeline PhotoProcessor
	Catalog  *locale.Catalog
	Assets   *static.Assets
	Log      *slog.Logger
	Zone     *time.Location // the time zone times are shown in
}

// Server serves Gridline's pages.
type Server struct {
	Deps
	views    *views
	validate *form.Validator
	handler  http.Handler
}

// Limits of one report upload.
const (
	maxBody       = 40 << 20
	maxPhotoBytes = 15 << 20
	maxPhotos     = 4
)

// New builds the server; templates are parsed here, once.
func New(d Deps) (*Server, error) {
	v, err := parseViews(d.Catalog, d.Assets, d.Zone)
	if err != nil {
		return nil, err
	}
	val, err := form.NewValidator(d.Config.Categories)
	if err != nil {
		return nil, fmt.Errorf("validator: %w", err)
	}
	s := &Server{Deps: d, views: v, validate: val}
	s.handler = s.routes()
	return s, nil
}

// ServeHTTP makes the Server an http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }
