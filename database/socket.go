package database

import (
	"errors"
	"fmt"
	"io/fs"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/FerretDB/FerretDB/ferretdb"
	"go.mongodb.org/mongo-driver/v2/mongo/address"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// The embedded server has no users or passwords: whoever can connect is
// admin. So it listens on a Unix socket in a directory only this user may
// enter, never on TCP, where any process on the machine (another user, a
// container, an app tricked into a request) could reach it.

// socketName is the embedded server's socket, inside DATA/db.
const socketName = "mongodb.sock"

// addrName is the file through which the owner of the embedded server tells
// a second process (the CLI while the server runs) its URI.
const addrName = "embedded.addr"

// maxSocketPath is the longest path a Unix socket may have: sun_path less
// its terminating NUL (107 bytes on Linux, 103 on macOS).
const maxSocketPath = len(syscall.RawSockaddrUnix{}.Path) - 1

// socketPath is the socket in dir (absolute), refused when the kernel could
// not bind it, with a message that says what to change.
func socketPath(dir string) (string, error) {
	p := filepath.Join(dir, socketName)
	if len(p) > maxSocketPath {
		return "", fmt.Errorf("the embedded database's socket %s is %d bytes long, over the %d bytes a Unix socket path may have: use a shorter GRIDLINE_DATA_DIR",
			p, len(p), maxSocketPath)
	}
	return p, nil
}

// listenerFor is where the embedded server of dir listens: its socket, or
// addr on TCP alone when given (cmd/dbserver). Only the lock's holder calls
// it, so a socket file already there is a killed owner's, and goes.
func listenerFor(dir, addr string) (ferretdb.ListenerConfig, error) {
	if addr != "" {
		return ferretdb.ListenerConfig{TCP: addr}, nil
	}
	sock, err := socketPath(dir)
	if err != nil {
		return ferretdb.ListenerConfig{}, err
	}
	if err := os.Remove(sock); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return ferretdb.ListenerConfig{}, fmt.Errorf("remove stale socket: %w", err)
	}
	return ferretdb.ListenerConfig{Unix: sock}, nil
}

// socketURI is the driver's URI for a socket: the path, percent-encoded, as
// the host. The driver query-unescapes the host and dials a Unix socket when
// it ends in "sock".
func socketURI(path string) string {
	return "mongodb://" + url.QueryEscape(path) + "/"
}

// privateDir makes dir, or narrows an existing one, to this user alone
// (0700): it holds the socket and the SQLite files, and the socket's own
// mode is set only after it is bound.
func privateDir(dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("create data directory: %w", err)
	}
	fi, err := os.Stat(dir)
	if err != nil {
		return fmt.Errorf("data directory: %w", err)
	}
	if fi.Mode().Perm()&0o077 == 0 {
		return nil
	}
	if err := os.Chmod(dir, 0o700); err != nil {
		return fmt.Errorf("data directory %s is open to other users (%v) and cannot be narrowed to 0700: %w", dir, fi.Mode().Perm(), err)
	}
	return nil
}

// EmbeddedURI is the URI the embedded server of dataDir publishes while it
// runs, for tools that connect with the driver themselves (bench/findbyid,
// cmd/loadgen's check). It is a Unix socket URI, except under cmd/dbserver.
func EmbeddedURI(dataDir string) (string, error) {
	b, err := os.ReadFile(filepath.Join(dataDir, "db", addrName))
	if err != nil {
		return "", fmt.Errorf("the embedded database's address (is the server running?): %w", err)
	}
	return strings.TrimSpace(string(b)), nil
}

// CheckLocal refuses a mongodb:// URI that could reach another machine: each
// host must be a Unix socket or a loopback address. It reads the hosts as the
// driver does, since url.Parse refuses the %2F of a socket path.
func CheckLocal(uri string) error {
	if !strings.HasPrefix(uri, "mongodb://") {
		return fmt.Errorf("want a mongodb:// URI, got %q", uri)
	}
	opts := options.Client().ApplyURI(uri)
	if err := opts.Validate(); err != nil {
		return fmt.Errorf("database URI %q: %w", uri, err)
	}
	for _, h := range opts.Hosts {
		if address.Address(h).Network() == "unix" {
			continue
		}
		host, _, err := net.SplitHostPort(address.Address(h).String())
		if err != nil {
			return fmt.Errorf("database host %q: %w", h, err)
		}
		if ip := net.ParseIP(host); !strings.EqualFold(host, "localhost") && (ip == nil || !ip.IsLoopback()) {
			return fmt.Errorf("database host %q is not on this machine (want a Unix socket or a loopback address)", h)
		}
	}
	return nil
}
