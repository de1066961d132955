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
	"gridline/community"
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
	"gridline/webhook"
)

// Each group of pages declares what it needs of the database; the Server
// holds the one store under these names, so a handler's calls say which part
// of the data it touches.

// reportStore is the reports themselves: the form, the tracking page and the
// console's inbox and actions.
type reportStore interface {
	CreateReport(ctx context.Context, r report.Report) (report.Report, error)
	Report(ctx context.Context, id report.Tracking) (report.Report, error)
	ReportByToken(ctx context.Context, token string) (report.Report, error)
	UpdateReport(ctx context.Context, prev int, next report.Report) error
	ListReports(ctx context.Context, q store.Inbox, skip, limit int) ([]report.Report, int, error)
	CountByStatus(ctx context.Context, q store.Inbox) (map[report.Status]int, error)
	OpenReports(ctx context.Context) ([]report.Report, error)
	// RechecksDue lists the closed reports of communities (nil: all) whose
	// re-check (回头看) falls due by a time: the task lists' last group.
	RechecksDue(ctx context.Context, codes []string, by time.Time) ([]report.Report, error)
}

// placeStore is what the centre administers: communities and categories.
type placeStore interface {
	Community(ctx context.Context, code string) (community.Community, error)
	Communities(ctx context.Context) ([]community.Community, error)
	CreateCommunity(ctx context.Context, name, street string) (community.Community, error)
	UpdateCommunity(ctx context.Context, c community.Community) error
	Category(ctx context.Context, name string) (community.Category, error)
	Categories(ctx context.Context) ([]community.Category, error)
	SaveCategory(ctx context.Context, c community.Category) error
}

// figureStore is what statistics, posters and the community page count.
type figureStore interface {
	Tallies(ctx context.Context, days stats.Days) (map[string]*stats.Month, error)
	EachReportSubmitted(ctx context.Context, days stats.Days, codes []string, f func(report.Report) error) error
	RecordScan(ctx context.Context, code, kind, day string) error
	Scans(ctx context.Context, from, to string, codes []string) (map[string]map[string]int, error)
	PublishedReports(ctx context.Context, code string, limit int) ([]store.Published, error)
}

// accountStore is staff accounts, their sessions and failed logins.
type accountStore interface {
	User(ctx context.Context, username string) (auth.User, error)
	Users(ctx context.Context) ([]auth.User, error)
	CreateUser(ctx context.Context, u auth.User) error
	SetUserDisabled(ctx context.Context, username string, disabled bool) error
	// SetPassword stores a new hash, which ends every session of the account.
	SetPassword(ctx context.Context, username string, hash []byte) (auth.User, error)
	CreateSession(ctx context.Context, sess auth.Session) error
	Session(ctx context.Context, id string) (auth.Session, error)
	DeleteSession(ctx context.Context, id string) error
	RecordLoginFailure(ctx context.Context, keys ...string) error
	LoginFailures(ctx context.Context, key string, since time.Time) (int, error)
}

// keyStore is the Open311 API's keys: found by hash on each posted
// request, managed on the console's key page.
type keyStore interface {
	APIKeyByHash(ctx context.Context, hash string) (auth.APIKey, error)
	APIKeys(ctx context.Context) ([]auth.APIKey, error)
	CreateAPIKey(ctx context.Context, k auth.APIKey) error
	RevokeAPIKey(ctx context.Context, name string) (auth.APIKey, error)
}

// auditLog is the record of staff actions.
type auditLog interface {
	Audit(ctx context.Context, e auth.AuditEntry) error
	AuditEntries(ctx context.Context, skip, limit int) ([]auth.AuditEntry, error)
}

// hookStore is the webhook endpoints and their deliveries, managed on the
// console's webhook page (admin_webhooks.go).
type hookStore interface {
	Webhooks(ctx context.Context) ([]webhook.Endpoint, error)
	AddWebhook(ctx context.Context, ep webhook.Endpoint) error
	RemoveWebhook(ctx context.Context, id string) error
	Outbox(ctx context.Context) ([]webhook.Delivery, error)
	FailedDeliveries(ctx context.Context) ([]webhook.Delivery, error)
	ResendFailed(ctx context.Context, endpoint string) (int, error)
}

// photoProcessor re-encodes an uploaded photo (see package photo), and
// makes a stored photo's public rendition with regions blurred.
type photoProcessor interface {
	Process(ctx context.Context, r io.Reader) (photo.Processed, error)
	Blur(ctx context.Context, full []byte, regions []photo.Region) (photo.Processed, error)
}

// photoStateStore is what the public may see of each photo (blurred
// regions, 先审后公开) and which report a photo belongs to: the photo
// routes and every public page that shows photos, each by _id.
type photoStateStore interface {
	PhotoState(ctx context.Context, id string) (store.PhotoState, error)
	SavePhotoState(ctx context.Context, next store.PhotoState) (store.PhotoState, error)
	PhotoReport(ctx context.Context, id string) (string, error)
}

// Deps are the server's collaborators, built in main (and by the tests, with
// the same constructor). Everything else is derived from Config in New.
type Deps struct {
	Config  config.Config
	Store   *store.Store
	Photos  photostore.Store
	Hasher  auth.Hasher
	Metrics *metrics.Metrics
	Log     *slog.Logger
}

// Server serves Gridline's pages.
type Server struct {
	Config  config.Config
	Photos  photostore.Store
	Hasher  auth.Hasher
	Metrics *metrics.Metrics
	Log     *slog.Logger

	reports  reportStore
	places   placeStore
	figures  figureStore
	accounts accountStore
	trail    auditLog
	keys     keyStore
	hooks    hookStore
	ping     func(context.Context) error
	now      func() time.Time
	zone     *time.Location // the time zone times are shown in

	// photoStates is what the public may see of each photo.
	photoStates photoStateStore

	pipeline photoProcessor
	catalog  *locale.Catalog
	assets   *static.Assets
	views    *views
	validate *form.Validator
	signer   *formSigner // the residents' form's tokens and references
	handler  http.Handler
	posters  *poster.Printer
	// Per-address rate limits.
	submits, lookups, logins *limiter
	// The Open311 API's posted requests, per address and per key.
	apiPosts, apiKeys *limiter
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

// New builds the server: templates are parsed here, once, and the photo
// pipeline, catalog and assets are made from the configuration.
func New(d Deps) (*Server, error) {
	catalog, err := locale.New()
	if err != nil {
		return nil, err
	}
	assets, err := static.New()
	if err != nil {
		return nil, err
	}
	v, err := parseViews(catalog, assets, d.Config.Zone)
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
	cfg := d.Config
	pipeline := photo.NewPipeline(cfg.PhotoWorkers)
	d.Metrics.WatchPhotoQueue(pipeline.Decoding, pipeline.Waiting)
	s := &Server{
		Config: cfg, Photos: d.Photos, Hasher: d.Hasher, Metrics: d.Metrics, Log: d.Log,
		reports: d.Store, places: d.Store, figures: d.Store, accounts: d.Store, trail: d.Store, keys: d.Store,
		hooks: d.Store, photoStates: d.Store, ping: d.Store.Ping, now: d.Store.Now, zone: cfg.Zone,
		pipeline: pipeline, catalog: catalog, assets: assets, views: v, validate: val, posters: posters,
		signer:    &formSigner{load: d.Store.FormKey},
		submits:   newLimiter("submit", cfg.RateSubmit),
		lookups:   newLimiter("lookup", cfg.RateLookup),
		logins:    newLimiter("login", cfg.RateLogin),
		apiPosts:  newLimiter("open311_post", cfg.RateKey),
		apiKeys:   newLimiter("open311_key", cfg.RateKey),
		uploads:   make(chan struct{}, max(cfg.MaxUploads, 1)),
		addresses: newAddressSlots(cfg.UploadsPerAddress),
	}
	d.Metrics.WatchUploads(func() int { return len(s.uploads) })
	s.handler, err = s.routes()
	return s, err
}

// ServeHTTP makes the Server an http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }
