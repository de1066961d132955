package main

import (
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"gridline/bench/loopback"
)

// TestFaults is the short version of bench/faults.sh that CI runs: residents
// submit reports with a photo while (1) the server is killed with SIGKILL
// and restarted on the same data directory, and (2) its database (cmd/dbserver,
// reached through MONGODB_URI) is stopped for longer than the server waits
// for it, then started again. Afterwards loadgen reads the database and the
// photo directory itself: every acknowledged report must be there exactly
// once with its photo files, every 503 must have kept the resident's text,
// the database cut must have produced such a 503, and the orphan clean-up
// (its clock an hour ahead) must leave no orphan photo behind.
func TestFaults(t *testing.T) {
	if testing.Short() {
		t.Skip("skipping the fault test (builds and runs servers) in -short mode")
	}
	gridline, dbserver := buildBinaries(t)
	photo := testPhoto(t)
	t.Run("server killed", func(t *testing.T) { testServerKilled(t, gridline, photo) })
	t.Run("database cut", func(t *testing.T) { testDatabaseCut(t, gridline, dbserver, photo) })
}

func testServerKilled(t *testing.T, gridline, photo string) {
	s := newServer(t, gridline)
	startServer(t, s)
	code := addCommunity(t, s)
	t0 := time.Now()
	load := runLoad(t.Context(), t, s.loadArgs(code, photo, "12s")...)

	time.Sleep(4 * time.Second)
	s.proc.signal(syscall.SIGKILL)
	t.Logf("%s: server killed with SIGKILL", since(t0))
	startServer(t, s)
	t.Logf("%s: server restarted and ready", since(t0))
	expectNoLoss(t, <-load)
}

func testDatabaseCut(t *testing.T, gridline, dbserver, photo string) {
	dbDir, dbAddr := t.TempDir(), loopback.FreeAddr(t)
	db, uri := startDB(t, dbserver, dbDir, dbAddr)
	uri += "?maxPoolSize=1" // one connection, as with the embedded database
	s := newServer(t, gridline, "MONGODB_URI="+uri)
	startServer(t, s)
	code := addCommunity(t, s)
	t0 := time.Now()
	// Residents take 2 s to fill in the form, so some have one open when the
	// database goes and send it into the outage.
	args := append(s.loadArgs(code, photo, "20s"), "-mongo", uri, "-want-503", "-think", "2s")
	load := runLoad(t.Context(), t, args...)

	time.Sleep(3 * time.Second)
	db.signal(syscall.SIGTERM)
	t.Logf("%s: database stopped", since(t0))
	time.Sleep(12 * time.Second) // longer than the server's 10 s wait for a database
	startDB(t, dbserver, dbDir, dbAddr)
	t.Logf("%s: database back", since(t0))
	expectNoLoss(t, <-load)
}

// newServer prepares a Gridline on a fresh data directory and a free
// loopback port, rate limits off (every simulated resident is 127.0.0.1).
func newServer(t *testing.T, bin string, env ...string) *server {
	dir := t.TempDir()
	addr := loopback.FreeAddr(t)
	return &server{
		bin: bin, base: "http://" + addr,
		pidFile: filepath.Join(dir, "server.pid"), log: filepath.Join(dir, "server.log"),
		env: append([]string{
			"GRIDLINE_ADDR=" + addr, "GRIDLINE_DATA_DIR=" + filepath.Join(dir, "data"),
			"GRIDLINE_RATE_SUBMIT=0", "GRIDLINE_RATE_LOOKUP=0",
			"MONGODB_URI=", "GRIDLINE_BASE_URL=", "GRIDLINE_PHOTO_STORE=",
		}, env...),
	}
}

// loadArgs are loadgen's flags for a soak of d against s, checked afterwards.
func (s *server) loadArgs(community, photo, d string) []string {
	return []string{
		"-base", s.base, "-community", community, "-photo", photo,
		"-duration", d, "-grace", "60s", "-request-timeout", "30s",
		"-concurrency", "4", "-readers", "1", "-pidfile", s.pidFile,
		"-verify", "-data", filepath.Join(filepath.Dir(s.pidFile), "data"), "-clean-orphans",
	}
}

func expectNoLoss(t *testing.T, out loadOutcome) {
	t.Helper()
	t.Log("loadgen:\n" + out.report)
	if out.err != nil {
		t.Fatal(out.err)
	}
	v := out.res.check
	if v.acknowledged == 0 || len(v.lost) > 0 || len(v.duplicated) > 0 || len(v.photosMissing) > 0 {
		t.Fatalf("acknowledged %d, lost %d, duplicated %d, photo files missing %d: want some acknowledged, none lost",
			v.acknowledged, len(v.lost), len(v.duplicated), len(v.photosMissing))
	}
	if v.cleaned == nil || v.cleaned.left != (orphanCount{}) {
		t.Fatalf("orphans after the clean-up: %+v, want none", v.cleaned)
	}
}
