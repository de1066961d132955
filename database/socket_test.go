package database_test

import (
	"bufio"
	"context"
	"log/slog"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"gridline/database"
)

// TestEmbeddedHasNoTCPPort opens the embedded database as the server does and
// checks nobody else on the machine can reach it: this process listens on no
// new TCP port, and the socket is 0600 in a 0700 directory, even one that
// was created open to others. A second Open, as the CLI does, joins through
// the socket and reads what the first wrote.
func TestEmbeddedHasNoTCPPort(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("reads /proc")
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	dir := t.TempDir()
	dbDir := filepath.Join(dir, "db")
	if err := os.Mkdir(dbDir, 0o755); err != nil { // as an operator might have made it
		t.Fatal(err)
	}
	before := tcpListeners(t)
	owner, err := database.Open(ctx, database.Options{DataDir: dir, Name: "private", Own: true}, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer owner.Close(ctx)
	for inode, addr := range tcpListeners(t) {
		if _, ok := before[inode]; !ok {
			t.Errorf("the embedded database listens on TCP %s (hex address:port, as /proc/net shows it)", addr)
		}
	}
	assertMode(t, dbDir, os.ModeDir|0o700)
	assertMode(t, filepath.Join(dbDir, "mongodb.sock"), os.ModeSocket|0o600)
	if uri, err := database.EmbeddedURI(dir); err != nil || !strings.HasPrefix(uri, "mongodb://%2F") {
		t.Errorf("published URI %q (%v), want a Unix socket's", uri, err)
	}

	if _, err := owner.Database.Collection("c").InsertOne(ctx, bson.M{"_id": "x"}); err != nil {
		t.Fatal(err)
	}
	guest, err := database.Open(ctx, database.Options{DataDir: dir, Name: "private"}, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer guest.Close(ctx)
	if err := guest.Database.Collection("c").FindOne(ctx, bson.M{"_id": "x"}).Err(); err != nil {
		t.Fatalf("the guest does not read the owner's write: %v", err)
	}
}

// TestCLIProcessJoinsSocket runs this test binary again as a second process,
// as the CLI is while the server runs, and checks it reads through the socket
// what this process wrote.
func TestCLIProcessJoinsSocket(t *testing.T) {
	if dir := os.Getenv("GRIDLINE_TEST_JOIN_DIR"); dir != "" {
		joinAndRead(t, dir)
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	dir := t.TempDir()
	owner, err := database.Open(ctx, database.Options{DataDir: dir, Name: "join", Own: true}, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer owner.Close(ctx)
	if _, err := owner.Database.Collection("c").InsertOne(ctx, bson.M{"_id": "x", "from": "server"}); err != nil {
		t.Fatal(err)
	}
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestCLIProcessJoinsSocket$", "-test.v")
	cmd.Env = append(os.Environ(), "GRIDLINE_TEST_JOIN_DIR="+dir)
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "read from=server") {
		t.Fatalf("second process: %v\n%s", err, out)
	}
}

// joinAndRead is the second process of TestCLIProcessJoinsSocket.
func joinAndRead(t *testing.T, dir string) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	db, err := database.Open(ctx, database.Options{DataDir: dir, Name: "join"}, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close(ctx)
	var doc struct{ From string }
	if err := db.Database.Collection("c").FindOne(ctx, bson.M{"_id": "x"}).Decode(&doc); err != nil {
		t.Fatal(err)
	}
	t.Logf("read from=%s", doc.From)
}

// TestEmbeddedStaleSocket checks a server killed with SIGKILL, which leaves
// its socket file behind, does not stop the next one from starting.
func TestEmbeddedStaleSocket(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "db"), 0o700); err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("unix", filepath.Join(dir, "db", "mongodb.sock"))
	if err != nil {
		t.Fatal(err)
	}
	ln.(*net.UnixListener).SetUnlinkOnClose(false)
	ln.Close()
	db, err := database.Open(ctx, database.Options{DataDir: dir, Name: "stale", Own: true}, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Close(ctx); err != nil {
		t.Fatal(err)
	}
}

// TestEmbeddedSocketPathTooLong checks a data directory too deep for a Unix
// socket is refused with the limit named, not a bare EINVAL.
func TestEmbeddedSocketPathTooLong(t *testing.T) {
	dir := filepath.Join(t.TempDir(), strings.Repeat("d", 120))
	_, err := database.Open(t.Context(), database.Options{DataDir: dir, Name: "long", Own: true}, slog.New(slog.DiscardHandler))
	if err == nil || !strings.Contains(err.Error(), "a Unix socket path may have") || !strings.Contains(err.Error(), "GRIDLINE_DATA_DIR") {
		t.Fatalf("want an error naming the socket path limit, got %v", err)
	}
}

func TestCheckLocal(t *testing.T) {
	for uri, ok := range map[string]bool{
		"mongodb://%2Ftmp%2Fdata%2Fdb%2Fmongodb.sock/": true,
		"mongodb://127.0.0.1:27018/":                   true,
		"mongodb://localhost/?maxPoolSize=1":           true,
		"mongodb://[::1]:27017":                        true,
		"mongodb://127.0.0.1:1,%2Ftmp%2Fm.sock/":       true,
		"mongodb://db.example.org:27017/":              false,
		"mongodb://127.0.0.1:1,10.0.0.1:2/":            false,
		"mongodb://example.sock:27017/":                false,
		"mongodb+srv://cluster.example.org":            false,
		"http://127.0.0.1/":                            false,
		"mongodb://":                                   false,
	} {
		if err := database.CheckLocal(uri); (err == nil) != ok {
			t.Errorf("CheckLocal(%q) = %v, want allowed %v", uri, err, ok)
		}
	}
}

// tcpListeners maps the inode of each TCP socket this process listens on to
// its address as /proc/net shows it (hex).
func tcpListeners(t *testing.T) map[string]string {
	t.Helper()
	mine := map[string]bool{}
	fds, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Fatal(err)
	}
	for _, fd := range fds {
		link, err := os.Readlink(filepath.Join("/proc/self/fd", fd.Name()))
		if inode, ok := strings.CutPrefix(link, "socket:["); err == nil && ok {
			mine[strings.TrimSuffix(inode, "]")] = true
		}
	}
	out := map[string]string{}
	for _, table := range []string{"/proc/net/tcp", "/proc/net/tcp6"} {
		f, err := os.Open(table)
		if os.IsNotExist(err) {
			continue // no IPv6
		} else if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			// sl local_address rem_address st ... uid timeout inode
			fields := strings.Fields(sc.Text())
			if len(fields) > 9 && fields[3] == "0A" && mine[fields[9]] { // 0A: LISTEN
				out[fields[9]] = fields[1]
			}
		}
		f.Close()
		if err := sc.Err(); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

func assertMode(t *testing.T, path string, want os.FileMode) {
	t.Helper()
	fi, err := os.Lstat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Type() != want.Type() || fi.Mode().Perm()&^want.Perm() != 0 {
		t.Errorf("%s: mode %v, want %v or stricter", path, fi.Mode(), want)
	}
}
