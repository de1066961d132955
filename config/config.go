// Package config loads Gridline's settings from the environment into one struct.
//
// Every setting has its default here and nowhere else; secrets may be read from a
// file named by NAME_FILE so they never have to sit in the environment itself.
package config

import (
	"fmt"
	"runtime"
	"strings"
	"time"

	"gridline/community"
)

// Config is every setting Gridline reads at start-up.
type Config struct {
	Addr       string         // GRIDLINE_ADDR: where the HTTP server listens
	BaseURL    string         // GRIDLINE_BASE_URL: what QR codes point at, no trailing slash
	DataDir    string         // GRIDLINE_DATA_DIR: embedded database and photo files
	MongoURI   string         // MONGODB_URI: external MongoDB; empty starts the embedded server
	Database   string         // MONGODB_DATABASE
	TimeZone   string         // GRIDLINE_TIME_ZONE: days, months and shown times (Asia/Shanghai)
	Zone       *time.Location // TimeZone, loaded
	PhotoStore string         // GRIDLINE_PHOTO_STORE: "dir" or "gridfs"
	// Categories residents choose from, in order, with the deadline of a
	// dispatched report of each (GRIDLINE_CATEGORIES); used to fill an empty
	// database, after which admins edit them in the console.
	Categories []community.Category
	// Deadline is a category's deadline unless one is given (GRIDLINE_DEADLINE).
	Deadline time.Duration
	// Night is the hours a grid worker's patrol find counts as 夜巡
	// (GRIDLINE_NIGHT_HOURS, "20-6": from 20:00 to 06:00), in TimeZone.
	Night Hours
	// PhotoWorkers bounds how many photos are decoded at once
	// (GRIDLINE_PHOTO_WORKERS).
	PhotoWorkers int
	// TrustedProxies are the addresses of reverse proxies whose
	// X-Forwarded-For is believed (GRIDLINE_TRUSTED_PROXIES); none by default.
	TrustedProxies []string
	// RatingWindow is how long a resident has to rate a resolved report
	// before it closes itself (GRIDLINE_RATING_WINDOW, e.g. 168h).
	RatingWindow time.Duration
	// Per-address limits, requests a minute: report submissions
	// (GRIDLINE_RATE_SUBMIT), tracking look-ups (GRIDLINE_RATE_LOOKUP) and
	// staff logins (GRIDLINE_RATE_LOGIN); 0 turns a limit off.
	RateSubmit, RateLookup, RateLogin int
	// RateKey limits the Open311 API's posted requests, a minute, per API
	// key and per address (GRIDLINE_RATE_KEY): a city platform posts from
	// one address with one key, so a resident's 10 would be too few.
	RateKey int
	// Crowd is how many residents (the filer and those who pressed 我也遇到)
	// make a report 多人反映: flagged in the inbox and first in its urgent
	// order (GRIDLINE_CROWD; 0 turns it off).
	Crowd int
	// MaxUploads bounds submissions with photos handled at once
	// (GRIDLINE_MAX_UPLOADS); more get 503 and Retry-After.
	MaxUploads int
	// UploadsPerAddress bounds the submissions one address (an IPv6 /64)
	// has in progress at once (GRIDLINE_UPLOADS_PER_ADDRESS), so one client
	// cannot take every upload slot; 0 turns the bound off.
	UploadsPerAddress int
	// BodyMinRate is the slowest a request body may arrive, in KB/s, judged
	// over each BodyStall (GRIDLINE_BODY_MIN_RATE; 0 turns it off). A body
	// that brings less within one window is cut, so a stalled upload loses
	// its slot within BodyStall instead of holding it for the read timeout.
	BodyMinRate int
	// BodyStall is that window (GRIDLINE_BODY_STALL), also the grace a body
	// has to start arriving.
	BodyStall time.Duration
	// MetricsAddr serves /metrics on its own address (GRIDLINE_METRICS_ADDR),
	// never on the public one; empty turns it off.
	MetricsAddr string
	// ShutdownTimeout is how long in-flight requests get to finish on SIGTERM.
	ShutdownTimeout time.Duration
	// Hotline is the telephone number printed on QR posters
	// (GRIDLINE_HOTLINE; default 12345, the citizens' service hotline).
	Hotline string
	// Issuer is the office printed on QR posters as their issuer
	// (GRIDLINE_ISSUER, such as 北山口镇城市运行管理中心); empty prints none.
	Issuer string
	// Webhook is how events reach webhook endpoints (GRIDLINE_WEBHOOK_*).
	Webhook Webhook
	// PhotoReview is 先审后公开 (GRIDLINE_PHOTO_REVIEW=1): every photo stays
	// staff-only until a staff member has looked at it on its blur page.
	PhotoReview bool
}

// DefaultCategories are the report categories residents choose from when
// GRIDLINE_CATEGORIES is not set: a day for safety hazards (安全隐患), the
// default deadline for the rest.
func DefaultCategories(deadline time.Duration) []community.Category {
	var out []community.Category
	for _, name := range []string{"市容环境", "道路交通", "安全隐患", "噪音扰民", "物业服务", "其他"} {
		c := community.Category{Name: name, Deadline: deadline}
		if name == "安全隐患" {
			c.Deadline = 24 * time.Hour
		}
		out = append(out, c)
	}
	return out
}

// defaults is the configuration when the environment sets nothing.
func defaults() Config {
	return Config{
		Addr:            ":8080",
		DataDir:         "./data",
		Database:        "gridline",
		TimeZone:        "Asia/Shanghai",
		PhotoStore:      "dir",
		Deadline:        72 * time.Hour,
		Night:           Hours{From: 20, To: 6},
		Categories:      DefaultCategories(72 * time.Hour),
		ShutdownTimeout: 15 * time.Second,
		RatingWindow:    7 * 24 * time.Hour,
		Hotline:         "12345",
		RateSubmit:      10,
		RateLookup:      60,
		RateLogin:       10,
		RateKey:         60,
		Crowd:           3,
		MaxUploads:      16,
		// Each 12 MP decode holds about 45 MiB, so the memory bound must not
		// grow with the machine's cores: GOMAXPROCS, but at most 4.
		PhotoWorkers: min(runtime.GOMAXPROCS(0), 4),
		// Two, so a double tap or two neighbours behind one router both go
		// through, while filling the 16 upload slots takes 8 addresses.
		UploadsPerAddress: 2,
		// 8 KB/s over 15 s windows: a body this slow could not bring a 3 MB
		// photo within the 3-minute read timeout anyway, and 15 s rides out
		// a phone changing cells.
		BodyMinRate: 8,
		BodyStall:   15 * time.Second,
		Webhook:     webhookDefaults(),
		// Photos are public as soon as they are stored, as they always were;
		// a centre that must look at each one first turns review on.
		PhotoReview: false,
	}
}

// Load reads the configuration; getenv is os.Getenv outside tests.
func Load(getenv func(string) string) (Config, error) {
	c := defaults()
	setString(&c.Addr, getenv("GRIDLINE_ADDR"))
	setString(&c.DataDir, getenv("GRIDLINE_DATA_DIR"))
	setString(&c.Database, getenv("MONGODB_DATABASE"))
	setString(&c.TimeZone, getenv("GRIDLINE_TIME_ZONE"))
	setString(&c.PhotoStore, getenv("GRIDLINE_PHOTO_STORE"))
	setString(&c.Hotline, strings.TrimSpace(getenv("GRIDLINE_HOTLINE")))
	c.Issuer = strings.TrimSpace(getenv("GRIDLINE_ISSUER"))
	c.MetricsAddr = getenv("GRIDLINE_METRICS_ADDR")
	c.TrustedProxies = splitList(getenv("GRIDLINE_TRUSTED_PROXIES"))

	uri, err := secret(getenv, "MONGODB_URI")
	if err != nil {
		return Config{}, err
	}
	c.MongoURI = uri
	if v := getenv("GRIDLINE_NIGHT_HOURS"); v != "" {
		if c.Night, err = parseHours(v); err != nil {
			return Config{}, fmt.Errorf("GRIDLINE_NIGHT_HOURS: %w", err)
		}
	}
	for _, load := range []func(func(string) string) error{c.loadDurations, c.loadInts, c.loadCategories, c.loadWebhook, c.loadPhotoReview} {
		if err := load(getenv); err != nil {
			return Config{}, err
		}
	}
	if c.Zone, err = time.LoadLocation(c.TimeZone); err != nil {
		return Config{}, fmt.Errorf("GRIDLINE_TIME_ZONE: %w", err)
	}
	if c.BaseURL, err = baseURL(getenv("GRIDLINE_BASE_URL"), c.Addr); err != nil {
		return Config{}, err
	}
	return c, c.validate()
}

func (c *Config) loadDurations(getenv func(string) string) error {
	for _, d := range []struct {
		name, example string
		least         time.Duration
		dst           *time.Duration
	}{
		{"GRIDLINE_RATING_WINDOW", "168h", time.Minute, &c.RatingWindow},
		{"GRIDLINE_BODY_STALL", "15s", time.Nanosecond, &c.BodyStall},
		{"GRIDLINE_DEADLINE", "72h", time.Hour, &c.Deadline},
	} {
		if err := setDuration(d.dst, d.name, getenv(d.name), d.example, d.least); err != nil {
			return err
		}
	}
	return nil
}

func (c *Config) loadInts(getenv func(string) string) error {
	for name, dst := range map[string]*int{
		"GRIDLINE_PHOTO_WORKERS": &c.PhotoWorkers, "GRIDLINE_RATE_SUBMIT": &c.RateSubmit,
		"GRIDLINE_RATE_LOOKUP": &c.RateLookup, "GRIDLINE_RATE_LOGIN": &c.RateLogin,
		"GRIDLINE_RATE_KEY":    &c.RateKey,
		"GRIDLINE_MAX_UPLOADS": &c.MaxUploads, "GRIDLINE_UPLOADS_PER_ADDRESS": &c.UploadsPerAddress,
		"GRIDLINE_BODY_MIN_RATE": &c.BodyMinRate, "GRIDLINE_CROWD": &c.Crowd,
	} {
		if err := setInt(dst, name, getenv(name)); err != nil {
			return err
		}
	}
	return nil
}

// loadCategories reads GRIDLINE_CATEGORIES: names separated by commas, each
// with its own deadline after a colon if it needs one ("安全隐患:24h").
// Without the variable, the default list gets the default deadline.
func (c *Config) loadCategories(getenv func(string) string) error {
	v := getenv("GRIDLINE_CATEGORIES")
	if v == "" {
		c.Categories = DefaultCategories(c.Deadline)
		return nil
	}
	c.Categories = nil
	for _, item := range splitList(v) {
		name, deadline, found := strings.Cut(item, ":")
		cat := community.Category{Name: strings.TrimSpace(name), Deadline: c.Deadline}
		if found {
			if err := setDuration(&cat.Deadline, "GRIDLINE_CATEGORIES", strings.TrimSpace(deadline), "安全隐患:24h", time.Hour); err != nil {
				return err
			}
		}
		c.Categories = append(c.Categories, cat)
	}
	return nil
}

func (c Config) validate() error {
	if c.PhotoStore != "dir" && c.PhotoStore != "gridfs" {
		return fmt.Errorf("GRIDLINE_PHOTO_STORE: want dir or gridfs, got %q", c.PhotoStore)
	}
	if c.MaxUploads < 1 {
		return fmt.Errorf("GRIDLINE_MAX_UPLOADS: want at least 1")
	}
	if c.PhotoWorkers < 1 {
		return fmt.Errorf("GRIDLINE_PHOTO_WORKERS: want at least 1")
	}
	if len(c.Categories) == 0 {
		return fmt.Errorf("GRIDLINE_CATEGORIES: at least one category is needed")
	}
	return nil
}

// Secure reports whether the public address is https, so cookies get Secure and HSTS.
func (c Config) Secure() bool { return strings.HasPrefix(c.BaseURL, "https://") }
