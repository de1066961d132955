package main

import (
	"bytes"
	"context"
	"io"
	"maps"
	"net/http"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"gridline/bench/loopback"
	"gridline/community"
)

// TestBinary builds gridline once and runs it as separate processes, the way
// the issue demands: the CLI works on the data directory while the server
// runs, SIGTERM shuts down cleanly, and -demo is idempotent.
func TestBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("skipping the built binary in -short mode")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skipf("skipping: building gridline needs the go command on PATH: %v", err)
	}
	bin := filepath.Join(t.TempDir(), "gridline")
	if out, err := exec.Command(goTool, "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	t.Run("community add while serving", func(t *testing.T) { testAddWhileServing(t, bin) })
	t.Run("demo twice", func(t *testing.T) { testDemoTwice(t, bin) })
}

func testAddWhileServing(t *testing.T, bin string) {
	dir := t.TempDir()
	srv := startServer(t, bin, dir)

	out := runBinary(t, bin, []string{"GRIDLINE_DATA_DIR=" + dir}, "community", "add", "--name", "春和社区", "--street", "北山口镇")
	code := lastLine(out)
	if _, err := community.ParseCode(code); err != nil {
		t.Fatalf("last line %q is not a community code: %v", code, err)
	}
	status, body := httpGet(t, srv.base+"/c/"+code)
	if status != http.StatusOK || !strings.Contains(body, "春和社区") {
		t.Fatalf("GET /c/%s from the running server = %d, want 200 naming 春和社区:\n%.500s", code, status, body)
	}

	srv.stop(t)
	out = runBinary(t, bin, []string{"GRIDLINE_DATA_DIR=" + dir}, "community", "list")
	listLine(t, out, code)
}

func testDemoTwice(t *testing.T, bin string) {
	dir := t.TempDir()
	var first []string
	for i := range 2 {
		srv := startServer(t, bin, dir, "-demo")
		codes := srv.demoCodes(t)
		seeded := strings.Count(srv.stdout.String(), "seeded 1500 reports")
		if i == 0 {
			first = codes
			if seeded != 1 {
				t.Errorf("first -demo: want its history seeded once, output:\n%s", srv.stdout)
			}
		} else if strings.Join(codes, " ") != strings.Join(first, " ") {
			t.Errorf("second -demo printed communities %q, first %q: want the same two", codes, first)
		} else if seeded != 0 {
			t.Errorf("second -demo seeded again:\n%s", srv.stdout)
		}
		srv.stop(t)
	}
	out := runBinary(t, bin, []string{"GRIDLINE_DATA_DIR=" + dir}, "community", "list")
	rows := strings.Split(strings.TrimSpace(out), "\n")[1:]
	if len(rows) != 20 {
		t.Errorf("after -demo twice, want the seed's 20 communities once each, got %d:\n%s", len(rows), out)
	}
	places := map[string]bool{}
	for _, row := range rows {
		f := strings.Fields(row)
		if len(f) < 3 || places[f[1]+f[2]] {
			t.Errorf("community listed twice or malformed: %q", row)
		}
		places[f[1]+f[2]] = true
	}
	for _, code := range first {
		listLine(t, out, code)
	}
}

// process is gridline running as a server on a free loopback port.
type process struct {
	cmd    *exec.Cmd
	base   string
	stdout *lockedBuffer
	stderr *lockedBuffer
	done   chan error // receives Wait's result once
}

// startServer starts bin serving on dataDir and waits until /readyz answers.
func startServer(t *testing.T, bin, dataDir string, args ...string) *process {
	t.Helper()
	return startServerWith(t, bin, dataDir, nil, args...)
}

// startServerWith is startServer with more of the environment set.
func startServerWith(t *testing.T, bin, dataDir string, env []string, args ...string) *process {
	t.Helper()
	addr := loopback.FreeAddr(t)
	s := &process{
		cmd:    exec.Command(bin, args...),
		base:   "http://" + addr,
		stdout: &lockedBuffer{},
		stderr: &lockedBuffer{},
		done:   make(chan error, 1),
	}
	s.cmd.Env = append([]string{"GRIDLINE_DATA_DIR=" + dataDir, "GRIDLINE_ADDR=" + addr}, env...)
	s.cmd.Stdout, s.cmd.Stderr = s.stdout, s.stderr
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { s.done <- s.cmd.Wait() }()
	t.Cleanup(func() {
		if s.cmd.ProcessState == nil {
			_ = s.cmd.Process.Kill()
			<-s.done
		}
	})

	deadline := time.Now().Add(time.Minute)
	for {
		resp, err := http.Get(s.base + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return s
			}
		}
		select {
		case err := <-s.done:
			t.Fatalf("gridline exited before it was ready: %v\nstderr:\n%s", err, s.stderr)
		case <-time.After(100 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("gridline not ready after a minute\nstderr:\n%s", s.stderr)
		}
	}
}

// stop sends SIGTERM and checks gridline shuts down gracefully, exit status 0.
func (s *process) stop(t *testing.T) {
	t.Helper()
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-s.done:
		if err != nil {
			t.Fatalf("gridline after SIGTERM: %v, want exit status 0\nstderr:\n%s", err, s.stderr)
		}
	case <-time.After(30 * time.Second):
		t.Fatalf("gridline still running 30 s after SIGTERM\nstderr:\n%s", s.stderr)
	}
}

// demoCodes reads stdout until -demo has printed the form and QR URLs of two
// communities and returns their codes, checking each URL answers.
func (s *process) demoCodes(t *testing.T) []string {
	t.Helper()
	urls := regexp.MustCompile(regexp.QuoteMeta(s.base) + `/c/([0-9A-Z]{6})(/qr\.png)?\b`)
	deadline := time.Now().Add(30 * time.Second)
	for {
		forms, qrs := map[string]bool{}, map[string]bool{}
		for _, m := range urls.FindAllStringSubmatch(s.stdout.String(), -1) {
			if m[2] == "" {
				forms[m[1]] = true
			} else {
				qrs[m[1]] = true
			}
		}
		if len(forms) == 2 && len(qrs) == 2 {
			codes := slices.Sorted(maps.Keys(forms))
			for _, code := range codes {
				if !qrs[code] {
					t.Fatalf("no QR URL for community %s:\n%s", code, s.stdout)
				}
				for _, u := range []string{s.base + "/c/" + code, s.base + "/c/" + code + "/qr.png"} {
					if status, _ := httpGet(t, u); status != http.StatusOK {
						t.Errorf("GET %s = %d, want 200", u, status)
					}
				}
			}
			return codes
		}
		if time.Now().After(deadline) {
			t.Fatalf("-demo did not print two form and QR URLs under %s; stdout:\n%s", s.base, s.stdout)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// runBinary runs a gridline command to completion and returns its stdout.
func runBinary(t *testing.T, bin string, env []string, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = env
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("gridline %s: %v\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), err, out, stderr.String())
	}
	return string(out)
}

func httpGet(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(body)
}

// lockedBuffer collects a child's output while the test reads it.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
