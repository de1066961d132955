package server_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/mongo"
	"golang.org/x/crypto/bcrypt"

	"gridline/auth"
	"gridline/community"
	"gridline/config"
	"gridline/database/dbtest"
	"gridline/metrics"
	"gridline/photostore"
	"gridline/server"
	"gridline/store"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

// testApp is the real router on a real (embedded) database, with photos in a
// temporary directory.
type testApp struct {
	t       *testing.T
	handler http.Handler
	store   *store.Store
	db      *mongo.Database // for counts the store does not offer, such as sessions
	photos  *photostore.Dir
	dir     string
	cfg     config.Config
	srv     *httptest.Server // started by browser(), for tests that need cookies
	metrics *metrics.Metrics
}

// newTestApp has the per-address rate limits off, since every test request
// comes from one address; newTestAppWith sets any configuration.
func newTestApp(t *testing.T) *testApp {
	t.Helper()
	return newTestAppWith(t, map[string]string{
		"GRIDLINE_RATE_SUBMIT": "0", "GRIDLINE_RATE_LOOKUP": "0", "GRIDLINE_RATE_LOGIN": "0",
	})
}

func newTestAppWith(t *testing.T, env map[string]string) *testApp {
	t.Helper()
	cfg, err := config.Load(func(k string) string {
		if v, ok := env[k]; ok || k != "GRIDLINE_BASE_URL" {
			return v
		}
		return "https://gridline.example.org"
	})
	if err != nil {
		t.Fatal(err)
	}
	db, embedded := dbtest.New(t)
	st := store.New(db, time.Now, store.Options{Zone: cfg.Zone, SingleWriter: embedded})
	if err := st.EnsureIndexes(t.Context()); err != nil {
		t.Fatal(err)
	}
	if err := st.EnsureCategories(t.Context(), cfg.Categories); err != nil {
		t.Fatal(err)
	}
	hasher, err := auth.NewHasher(bcrypt.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	photos, err := photostore.NewDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	m := metrics.New()
	h, err := server.New(server.Deps{
		Config: cfg, Store: st, Photos: photos, Hasher: hasher, Metrics: m,
		Log: slog.New(slog.NewTextHandler(io.Discard, nil)),
	})
	if err != nil {
		t.Fatal(err)
	}
	return &testApp{t: t, handler: h, store: st, db: db, photos: photos, dir: dir, cfg: cfg, metrics: m}
}

// do sends one request through the router and returns the recorded response.
func (a *testApp) do(req *http.Request) *httptest.ResponseRecorder {
	a.t.Helper()
	rec := httptest.NewRecorder()
	a.handler.ServeHTTP(rec, req)
	return rec
}

func (a *testApp) get(target string) *httptest.ResponseRecorder {
	a.t.Helper()
	return a.do(httptest.NewRequest(http.MethodGet, target, nil))
}

// community creates a community to report in.
func (a *testApp) community(name, street string) community.Community {
	a.t.Helper()
	c, err := a.store.CreateCommunity(context.Background(), name, street)
	if err != nil {
		a.t.Fatal(err)
	}
	return c
}

// countReports counts every stored report.
func (a *testApp) countReports() int {
	a.t.Helper()
	n, err := a.store.CountReports(context.Background())
	if err != nil {
		a.t.Fatal(err)
	}
	return n
}

// formToken reads the one-time token from a rendered form.
func formToken(t *testing.T, body string) string {
	t.Helper()
	const marker = `name="token" value="`
	i := strings.Index(body, marker)
	if i < 0 {
		t.Fatal("no token in the form")
	}
	return body[i+len(marker) : i+len(marker)+32]
}

func urlencoded(target string, v url.Values) *http.Request {
	req := httptest.NewRequest(http.MethodPost, target, strings.NewReader(v.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return req
}
