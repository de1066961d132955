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

	"gridline/auth"
	"gridline/config"
	"gridline/locale"
	"gridline/metrics"
	"gridline/photo"
	"gridline/photostore"
	"gridline/poster"
	"gridline/report"
	"gridline/server/form"
	"gridline/static"
	"gridline/stats"
	"gridline/store"
)

// Store is what the handlers need from the database: the public side, the
// console's reports, and accounts.
type Store interface {
	publicStore
	consoleStore
	staffStore
	posterStore
}

type publicStore interface {
	Ping(ctx context.Context) error
	Now() time.Time
	Community(ctx context.Context, code string) (store.Community, error)
	Categories(ctx context.Context) ([]store.Category, error)
	CreateReport(ctx context.Context, r report.Report) (report.Report, error)
	Report(ctx context.Context, id report.Tracking) (report.Report, error)
	ReportByToken(ctx context.Context, token string) (report.Report, error)
	UpdateReport(ctx context.Context, prev int, next report.Report) error
}

type consoleStore interface {
	ListReports(ctx context.Context, q store.Inbox, skip, limit int) ([]report.Report, int, error)
	CountByStatus(ctx context.Context, q store.Inbox) (map[report.Status]int, error)
	OpenReports(ctx context.Context) ([]report.Report, error)
	Tallies(ctx context.Context, days stats.Days) (map[string]*stats.Month, error)
	EachReportSubmitted(ctx context.Context, days stats.Days, codes []string, f func(report.Report) error) error
	Communities(ctx context.Context) ([]store.Community, error)
	CreateCommunity(ctx context.Context, name, street string) (store.Community, error)
	UpdateCommunity(ctx context.Context, c store.Community) error
	SaveCategory(ctx context.Context, c store.Category) error
}

type staffStore interface {
	User(ctx context.Context, username string) (auth.User, error)
	Users(ctx context.Context) ([]auth.User, error)
	CreateUser(ctx context.Context, u auth.User) error
	SetUserDisabled(ctx context.Context, username string, disabled bool) error
	// SetPassword stores a new hash, which ends every session of the account.
	SetPassword(ctx context.Context, username string, hash []byte) (auth.User, error)
	CreateSession(ctx context.Context, sess store.Session) error
	Session(ctx context.Context, id string) (store.Session, error)
	DeleteSession(ctx context.Context, id string) error
	RecordLoginFailure(ctx context.Context, keys ...string) error
	LoginFailures(ctx context.Context, key string, since time.Time) (int, error)
	Audit(ctx context.Context, e store.AuditEntry) error
	AuditEntries(ctx context.Context, skip, limit int) ([]store.AuditEntry, error)
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
	Hasher   auth.Hasher
	Metrics  *metrics.Metrics
	Log      *slog.Logger
	Zone     *time.Location // the time zone times are shown in
}

// Server serves Gridline's pages.
type Server struct {
	Deps
	views    *views
	validate *form.Validator
	handler  http.Handler
	posters  *poster.Printer
	// Per-address rate limits.
	submits, lookups, logins *limiter
	// uploads holds a slot per submission whose photos are being read and
	// processed: a full channel means overload, answered with 503.
	uploads chan struct{}
	// addresses bounds the submissions in progress per address, taken before
	// the body is read, so one client cannot hold every upload slot.
	addresses *addressSlots
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
	val, err := form.NewValidator()
	if err != nil {
		return nil, fmt.Errorf("validator: %w", err)
	}
	posters, err := poster.New()
	if err != nil {
		return nil, err
	}
	s := &Server{
		Deps: d, views: v, validate: val, posters: posters,
		submits:   newLimiter("submit", d.Config.RateSubmit),
		lookups:   newLimiter("lookup", d.Config.RateLookup),
		logins:    newLimiter("login", d.Config.RateLogin),
		uploads:   make(chan struct{}, max(d.Config.MaxUploads, 1)),
		addresses: newAddressSlots(d.Config.UploadsPerAddress),
	}
	s.handler, err = s.routes()
	return s, err
}

// ServeHTTP makes the Server an http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }
