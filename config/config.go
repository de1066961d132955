// Package config loads Gridline's settings from the environment into one struct.
//
// Every setting has its default here and nowhere else; secrets may be read from a
// file named by NAME_FILE so they never have to sit in the environment itself.
package config

import (
	"fmt"
	"net"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"
)

// Config is every setting Gridline reads at start-up.
type Config struct {
	Addr       string // GRIDLINE_ADDR: where the HTTP server listens
	BaseURL    string // GRIDLINE_BASE_URL: what QR codes point at, no trailing slash
	DataDir    string // GRIDLINE_DATA_DIR: embedded database and photo files
	MongoURI   string // MONGODB_URI: external MongoDB; empty starts the embedded server
	Database   string // MONGODB_DATABASE
	TimeZone   string // GRIDLINE_TIME_ZONE: days, months and shown times (Asia/Shanghai)
	PhotoStore string // GRIDLINE_PHOTO_STORE: "dir" or "gridfs"
	Categories []string
	// PhotoWorkers bounds how many photos are decoded at once; 0 means GOMAXPROCS.
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
}

// DefaultCategories are the report categories residents choose from when
// GRIDLINE_CATEGORIES is not set.
func DefaultCategories() []string {
	return []string{"市容环境", "道路交通", "安全隐患", "噪音扰民", "物业服务", "其他"}
}

// Load reads the configuration; getenv is os.Getenv outside tests.
func Load(getenv func(string) string) (Config, error) {
	c := Config{
		Addr:            ":8080",
		DataDir:         "./data",
		Database:        "gridline",
		TimeZone:        "Asia/Shanghai",
		PhotoStore:      "dir",
		Categories:      DefaultCategories(),
		ShutdownTimeout: 15 * time.Second,
		RatingWindow:    7 * 24 * time.Hour,
		Hotline:         "12345",
		RateSubmit:      10,
		RateLookup:      60,
		RateLogin:       10,
		MaxUploads:      16,
		// Two, so a double tap or two neighbours behind one router both go
		// through, while filling the 16 upload slots takes 8 addresses.
		UploadsPerAddress: 2,
		// 8 KB/s over 15 s windows: a body this slow could not bring a 3 MB
		// photo within the 3-minute read timeout anyway, and 15 s rides out
		// a phone changing cells.
		BodyMinRate: 8,
		BodyStall:   15 * time.Second,
	}
	setString(&c.Addr, getenv("GRIDLINE_ADDR"))
	setString(&c.DataDir, getenv("GRIDLINE_DATA_DIR"))
	setString(&c.Database, getenv("MONGODB_DATABASE"))
	setString(&c.TimeZone, getenv("GRIDLINE_TIME_ZONE"))
	setString(&c.PhotoStore, getenv("GRIDLINE_PHOTO_STORE"))
	setString(&c.Hotline, strings.TrimSpace(getenv("GRIDLINE_HOTLINE")))
	c.Issuer = strings.TrimSpace(getenv("GRIDLINE_ISSUER"))

	uri, err := secret(getenv, "MONGODB_URI")
	if err != nil {
		return Config{}, err
	}
	c.MongoURI = uri

	if v := getenv("GRIDLINE_CATEGORIES"); v != "" {
		c.Categories = splitList(v)
	}
	c.TrustedProxies = splitList(getenv("GRIDLINE_TRUSTED_PROXIES"))
	if v := getenv("GRIDLINE_RATING_WINDOW"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d < time.Minute {
			return Config{}, fmt.Errorf("GRIDLINE_RATING_WINDOW: want a duration such as 168h, got %q", v)
		}
		c.RatingWindow = d
	}
	if v := getenv("GRIDLINE_BODY_STALL"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			return Config{}, fmt.Errorf("GRIDLINE_BODY_STALL: want a duration such as 15s, got %q", v)
		}
		c.BodyStall = d
	}
	c.MetricsAddr = getenv("GRIDLINE_METRICS_ADDR")
	for name, dst := range map[string]*int{
		"GRIDLINE_PHOTO_WORKERS": &c.PhotoWorkers, "GRIDLINE_RATE_SUBMIT": &c.RateSubmit,
		"GRIDLINE_RATE_LOOKUP": &c.RateLookup, "GRIDLINE_RATE_LOGIN": &c.RateLogin,
		"GRIDLINE_MAX_UPLOADS": &c.MaxUploads, "GRIDLINE_UPLOADS_PER_ADDRESS": &c.UploadsPerAddress,
		"GRIDLINE_BODY_MIN_RATE": &c.BodyMinRate,
	} {
		if err := setInt(dst, name, getenv(name)); err != nil {
			return Config{}, err
		}
	}

	base, err := baseURL(getenv("GRIDLINE_BASE_URL"), c.Addr)
	if err != nil {
		return Config{}, err
	}
	c.BaseURL = base
	return c, c.validate()
}

func (c Config) validate() error {
	if c.PhotoStore != "dir" && c.PhotoStore != "gridfs" {
		return fmt.Errorf("GRIDLINE_PHOTO_STORE: want dir or gridfs, got %q", c.PhotoStore)
	}
	if c.MaxUploads < 1 {
		return fmt.Errorf("GRIDLINE_MAX_UPLOADS: want at least 1")
	}
	if len(c.Categories) == 0 {
		return fmt.Errorf("GRIDLINE_CATEGORIES: at least one category is needed")
	}
	return nil
}

// Secure reports whether the public address is https, so cookies get Secure and HSTS.
func (c Config) Secure() bool { return strings.HasPrefix(c.BaseURL, "https://") }

// baseURL validates an explicit base URL or derives one from the listen address.
func baseURL(explicit, addr string) (string, error) {
	if explicit != "" {
		u, err := url.Parse(explicit)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return "", fmt.Errorf("GRIDLINE_BASE_URL: want an http(s) URL such as https://gridline.example.org, got %q", explicit)
		}
		return strings.TrimRight(explicit, "/"), nil
	}
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "", fmt.Errorf("GRIDLINE_ADDR: want host:port such as :8080, got %q", addr)
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "localhost"
	}
	return "http://" + net.JoinHostPort(host, port), nil
}

// secret reads NAME, or the file named by NAME_FILE.
func secret(getenv func(string) string, name string) (string, error) {
	if file := getenv(name + "_FILE"); file != "" {
		b, err := os.ReadFile(file)
		if err != nil {
			return "", fmt.Errorf("%s_FILE: %w", name, err)
		}
		return strings.TrimSpace(string(b)), nil
	}
	return getenv(name), nil
}

func setInt(dst *int, name, v string) error {
	if v == "" {
		return nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return fmt.Errorf("%s: want a whole number ≥ 0, got %q", name, v)
	}
	*dst = n
	return nil
}

func setString(dst *string, v string) {
	if v != "" {
		*dst = v
	}
}

func splitList(v string) []string {
	var out []string
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}
