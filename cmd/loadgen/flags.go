package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"time"
)

// config is what the flags ask for, checked.
type config struct {
	base           string // loopback URL, no trailing slash
	community      string
	photoPath      string
	photo          []byte // nil with -nophoto
	concurrency    int
	requests       int
	pid            int
	pidFile        string
	timeout        time.Duration
	requestTimeout time.Duration

	// Soak mode (-duration > 0).
	duration    time.Duration
	grace       time.Duration
	readers     int
	readPause   time.Duration
	think       time.Duration // between loading the form and sending it
	attempts    int
	scriptShare float64 // share of residents posting as the form's script (JSON)
	staffUser   string  // readers sign in and read the console as this account
	staffPass   string
	codesOut    string // file to write acknowledged tracking codes to, one a line

	// Verification against the database after a soak.
	verify       bool
	dataDir      string // the server's GRIDLINE_DATA_DIR
	mongoURI     string // the server's MONGODB_URI; empty reads DATA/db/embedded.addr
	dbName       string
	photoStore   string // dir or gridfs, as the server's GRIDLINE_PHOTO_STORE
	cleanOrphans bool
	want503      bool
}

func parseFlags(args []string, stderr io.Writer) (config, error) {
	var cfg config
	fs := flag.NewFlagSet("loadgen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	base, noPhoto := cfg.runFlags(fs)
	cfg.soakFlags(fs)
	cfg.verifyFlags(fs)
	if err := fs.Parse(args); err != nil {
		return config{}, err
	}
	if fs.NArg() > 0 {
		return config{}, fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	var err error
	if cfg.base, err = loopbackBase(*base); err != nil {
		return config{}, err
	}
	cfg.staffPass = os.Getenv("LOADGEN_STAFF_PASSWORD")
	switch {
	case cfg.requests == 0 && cfg.duration > 0:
		cfg.requests = maxRequests
	case cfg.requests == 0:
		cfg.requests = cfg.concurrency
	}
	if err := cfg.check(*noPhoto); err != nil {
		return config{}, err
	}
	cfg.concurrency = min(cfg.concurrency, cfg.requests) // no idle residents
	if cfg.dataDir != "" {
		if cfg.dataDir, err = filepath.Abs(cfg.dataDir); err != nil {
			return config{}, err
		}
	}
	if !*noPhoto {
		cfg.photo, err = readJPEG(cfg.photoPath)
	}
	return cfg, err
}

// runFlags defines the flags every run reads: where, what and how hard.
// It returns the flags that are checked before they land in cfg.
func (cfg *config) runFlags(fs *flag.FlagSet) (base *string, noPhoto *bool) {
	base = fs.String("base", "http://127.0.0.1:8080", "Gridline's address; loopback hosts only")
	fs.StringVar(&cfg.community, "community", "", "community code whose form residents use (required)")
	fs.StringVar(&cfg.photoPath, "photo", "", "JPEG photo each resident attaches (required unless -nophoto)")
	noPhoto = fs.Bool("nophoto", false, "send reports without a photo")
	fs.IntVar(&cfg.concurrency, "concurrency", 16, "residents submitting at the same time")
	fs.IntVar(&cfg.requests, "requests", 0, "reports in total (burst default: -concurrency; soak: the most it may send)")
	fs.IntVar(&cfg.pid, "pid", 0, "server process whose VmRSS is sampled every 50 ms (optional)")
	fs.StringVar(&cfg.pidFile, "pidfile", "", "file holding the server's PID, read at every sample (follows restarts)")
	fs.DurationVar(&cfg.timeout, "timeout", 2*time.Minute, "burst: stop the run after this long")
	fs.DurationVar(&cfg.requestTimeout, "request-timeout", time.Minute, "give up on one HTTP request after this long")
	return base, noPhoto
}

// soakFlags defines the flags of soak mode (-duration > 0).
func (cfg *config) soakFlags(fs *flag.FlagSet) {
	fs.DurationVar(&cfg.duration, "duration", 0, "soak: residents submit in a loop for this long")
	fs.DurationVar(&cfg.grace, "grace", 90*time.Second, "soak: how long reports under way may still retry after -duration")
	fs.IntVar(&cfg.readers, "readers", 2, "soak: staff reading tracking and community pages meanwhile")
	fs.DurationVar(&cfg.readPause, "read-pause", 100*time.Millisecond, "soak: pause between one reader's page views")
	fs.DurationVar(&cfg.think, "think", 0, "soak: a resident's time filling in the form, between loading and sending it")
	fs.IntVar(&cfg.attempts, "attempts", 30, "soak: tries per report (same token), and per form load")
	fs.Float64Var(&cfg.scriptShare, "script", 0.5, "soak: share of residents posting as the form's script does (JSON answers)")
	fs.StringVar(&cfg.staffUser, "staff", "", "soak: readers sign in as this account (password in $LOADGEN_STAFF_PASSWORD) and read the inbox")
	fs.StringVar(&cfg.codesOut, "codes", "", "soak: write the acknowledged tracking codes to this file")
}

// verifyFlags defines the flags of the check against the database after a soak.
func (cfg *config) verifyFlags(fs *flag.FlagSet) {
	fs.BoolVar(&cfg.verify, "verify", false, "soak: afterwards check the database holds exactly the acknowledged reports")
	fs.StringVar(&cfg.dataDir, "data", "", "the server's GRIDLINE_DATA_DIR (for -verify: photos, and the embedded database's address)")
	fs.StringVar(&cfg.mongoURI, "mongo", "", "the server's MONGODB_URI (loopback); default: DATA/db/embedded.addr")
	fs.StringVar(&cfg.dbName, "db", "gridline", "the server's MONGODB_DATABASE")
	fs.StringVar(&cfg.photoStore, "photostore", "dir", "the server's GRIDLINE_PHOTO_STORE: dir or gridfs")
	fs.BoolVar(&cfg.cleanOrphans, "clean-orphans", false, "after -verify, run the orphan clean-up job with its clock an hour ahead and check none are left")
	fs.BoolVar(&cfg.want503, "want-503", false, "fail unless at least one submission got a 503 that kept the resident's text")
}

func (c config) check(noPhoto bool) error {
	switch {
	case c.community == "":
		return errors.New("-community is required")
	case c.photoPath == "" && !noPhoto:
		return errors.New("-photo is required (or -nophoto)")
	case c.photoPath != "" && noPhoto:
		return errors.New("-photo and -nophoto: choose one")
	case c.concurrency < 1 || c.concurrency > maxConcurrency:
		return fmt.Errorf("-concurrency: want 1 to %d, got %d", maxConcurrency, c.concurrency)
	case c.requests < 1 || c.requests > maxRequests:
		return fmt.Errorf("-requests: want 1 to %d, got %d", maxRequests, c.requests)
	case c.timeout <= 0 || c.timeout > maxTimeout:
		return fmt.Errorf("-timeout: want more than 0 and at most %v, got %v", maxTimeout, c.timeout)
	case c.requestTimeout <= 0 || c.requestTimeout > 10*time.Minute:
		return fmt.Errorf("-request-timeout: want more than 0 and at most 10m, got %v", c.requestTimeout)
	case c.pid < 0:
		return fmt.Errorf("-pid: want a process ID, got %d", c.pid)
	case c.pid != 0 && c.pidFile != "":
		return errors.New("-pid and -pidfile: choose one")
	case c.duration < 0 || c.grace < 0 || c.duration+c.grace > maxTimeout:
		return fmt.Errorf("-duration plus -grace: want at most %v", maxTimeout)
	case c.readers < 0 || c.readers > maxReaders:
		return fmt.Errorf("-readers: want 0 to %d, got %d", maxReaders, c.readers)
	case c.readPause < 0 || c.think < 0:
		return errors.New("-read-pause, -think: want 0 or more")
	case c.attempts < 1 || c.attempts > maxAttempts:
		return fmt.Errorf("-attempts: want 1 to %d, got %d", maxAttempts, c.attempts)
	case c.scriptShare < 0 || c.scriptShare > 1:
		return fmt.Errorf("-script: want a share from 0 to 1, got %v", c.scriptShare)
	case c.staffUser != "" && c.staffPass == "":
		return errors.New("-staff: set LOADGEN_STAFF_PASSWORD")
	case c.duration == 0 && (c.verify || c.codesOut != "" || c.want503):
		return errors.New("-verify, -codes and -want-503 need a soak (-duration)")
	case c.verify && c.dataDir == "" && (c.mongoURI == "" || c.photoStore == "dir"):
		return errors.New("-verify: -data is required (photos, and the embedded database's address)")
	case c.photoStore != "dir" && c.photoStore != "gridfs":
		return fmt.Errorf("-photostore: want dir or gridfs, got %q", c.photoStore)
	case c.cleanOrphans && !c.verify:
		return errors.New("-clean-orphans needs -verify")
	}
	return nil
}

// readJPEG reads the photo and checks it starts like a JPEG, so a wrong path
// fails here rather than as sixteen refused uploads.
func readJPEG(path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("-photo: %w", err)
	}
	if len(b) < 3 || b[0] != 0xFF || b[1] != 0xD8 || b[2] != 0xFF {
		return nil, fmt.Errorf("-photo: %s is not a JPEG", path)
	}
	return b, nil
}

// photoLabel names what each report carries, for the headline.
func (c config) photoLabel() string {
	if c.photo == nil {
		return "no photo"
	}
	if len(c.photo) < 1<<20 {
		return fmt.Sprintf("%s (%d KiB)", filepath.Base(c.photoPath), len(c.photo)>>10)
	}
	return fmt.Sprintf("%s (%.1f MiB)", filepath.Base(c.photoPath), mib(int64(len(c.photo))))
}

func (c config) resident(client *http.Client) resident {
	return resident{client: client, base: c.base, community: c.community, photo: c.photo}
}

// serverPID says which process to sample, if -pid or -pidfile asks for it.
func (c config) serverPID() (func() (int, error), bool) {
	switch {
	case c.pid != 0:
		return func() (int, error) { return c.pid, nil }, true
	case c.pidFile != "":
		return pidFromFile(c.pidFile), true
	}
	return nil, false
}
