package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// buildBinaries builds gridline and cmd/dbserver, as the fault test runs them.
func buildBinaries(t *testing.T) (gridline, dbserver string) {
	t.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skipf("skipping: building gridline needs the go command on PATH: %v", err)
	}
	dir := t.TempDir()
	for pkg, bin := range map[string]string{"gridline": "gridline", "gridline/cmd/dbserver": "dbserver"} {
		if out, err := exec.Command(goTool, "build", "-o", filepath.Join(dir, bin), pkg).CombinedOutput(); err != nil {
			t.Fatalf("go build %s: %v\n%s", pkg, err, out)
		}
	}
	return filepath.Join(dir, "gridline"), filepath.Join(dir, "dbserver")
}

// proc is a process the test started and must stop.
type proc struct {
	cmd    *exec.Cmd
	exited chan struct{} // closed once Wait returned
}

func start(t *testing.T, cmd *exec.Cmd) *proc {
	t.Helper()
	if err := cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", cmd.Path, err)
	}
	p := &proc{cmd: cmd, exited: make(chan struct{})}
	go func() {
		_ = cmd.Wait()
		close(p.exited)
	}()
	t.Cleanup(func() { p.signal(syscall.SIGKILL) })
	return p
}

// signal sends sig and waits (at most 20 s, then SIGKILL) for the process to end.
func (p *proc) signal(sig syscall.Signal) {
	select {
	case <-p.exited:
		return
	default:
	}
	_ = p.cmd.Process.Signal(sig)
	select {
	case <-p.exited:
	case <-time.After(20 * time.Second):
		_ = p.cmd.Process.Kill()
		<-p.exited
	}
}

// server is a running Gridline.
type server struct {
	bin, base, pidFile, log string
	env                     []string
	proc                    *proc
}

// startServer runs Gridline with env and waits until /readyz answers.
func startServer(t *testing.T, s *server) {
	t.Helper()
	logFile, err := os.OpenFile(s.log, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	defer logFile.Close()
	cmd := exec.Command(s.bin)
	cmd.Env, cmd.Stderr = append(os.Environ(), s.env...), logFile
	s.proc = start(t, cmd)
	if err := os.WriteFile(s.pidFile, []byte(strconv.Itoa(cmd.Process.Pid)), 0o600); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(30 * time.Second); ; {
		resp, err := http.Get(s.base + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		if time.Now().After(deadline) {
			log, _ := os.ReadFile(s.log)
			t.Fatalf("server not ready after 30 s: %v\n%s", err, tail(log))
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// addCommunity runs "gridline community add" and returns the new code.
func addCommunity(t *testing.T, s *server) string {
	t.Helper()
	cmd := exec.Command(s.bin, "community", "add", "--name", "春和社区", "--street", "北山口镇")
	cmd.Env = append(os.Environ(), s.env...)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("community add: %v", err)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	return lines[len(lines)-1]
}

// startDB runs cmd/dbserver on addr and returns it once it prints its URI.
func startDB(t *testing.T, bin, dataDir, addr string) (*proc, string) {
	t.Helper()
	cmd := exec.Command(bin, "-data", dataDir, "-addr", addr)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	p := start(t, cmd)
	line := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		sc.Scan()
		line <- sc.Text()
	}()
	select {
	case uri := <-line:
		if !strings.HasPrefix(uri, "mongodb://") {
			t.Fatalf("dbserver printed %q, want its URI", uri)
		}
		return p, uri
	case <-time.After(30 * time.Second):
		t.Fatal("dbserver did not print its URI within 30 s")
	}
	return nil, ""
}

// testPhoto writes a small JPEG: the fault test is about what is stored,
// not about the photo pipeline's speed.
func testPhoto(t *testing.T) string {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 640, 480))
	for y := range 480 {
		for x := range 640 {
			img.Set(x, y, color.RGBA{uint8(x), uint8(y), 90, 255})
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, nil); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "photo.jpg")
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// runLoad runs loadgen's soak with args in the background.
func runLoad(ctx context.Context, t *testing.T, args ...string) <-chan loadOutcome {
	t.Helper()
	cfg, err := parseFlags(args, &bytes.Buffer{})
	if err != nil {
		t.Fatalf("loadgen %s: %v", strings.Join(args, " "), err)
	}
	out := make(chan loadOutcome, 1)
	go func() {
		var buf bytes.Buffer
		res, err := soak(ctx, cfg, &buf)
		out <- loadOutcome{res, err, buf.String()}
	}()
	return out
}

type loadOutcome struct {
	res    soakResult
	err    error
	report string
}

func tail(b []byte) string {
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	return strings.Join(lines[max(0, len(lines)-20):], "\n")
}

func since(t0 time.Time) string { return fmt.Sprintf("+%.1fs", time.Since(t0).Seconds()) }
