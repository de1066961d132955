package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"gridline/database"
	"gridline/report"
	"gridline/store"
	"gridline/webhook"
)

// TestWebhookSurvivesSIGKILL runs the real binary: residents submit while
// the endpoint is down, so every event waits in the outbox; more
// submissions race a SIGKILL. After a restart, with the endpoint back,
// every report in the database has its event delivered, each signature
// verifies, and any event sent twice carries the same delivery id and body.
func TestWebhookSurvivesSIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("skipping the built binary in -short mode")
	}
	bin := buildGridline(t)
	dir := t.TempDir()
	rc := newKillReceiver(t)
	cli := []string{"GRIDLINE_DATA_DIR=" + dir, "GRIDLINE_WEBHOOK_LOOPBACK=1"}
	code := lastLine(runBinary(t, bin, cli, "community", "add", "--name", "春和社区", "--street", "北山口镇"))
	hook := lastLine(runBinary(t, bin, cli, "webhook", "add", "--url", rc.URL+"/in", "--secret", killSecret))
	env := []string{"GRIDLINE_WEBHOOK_LOOPBACK=1", "GRIDLINE_WEBHOOK_BACKOFF=50ms", "GRIDLINE_WEBHOOK_TIMEOUT=1s",
		"GRIDLINE_WEBHOOK_POLL=200ms", "GRIDLINE_RATE_SUBMIT=0", "GRIDLINE_UPLOADS_PER_ADDRESS=0"}

	srv := startServerWith(t, bin, dir, env)
	var codes []string
	for range 5 {
		tracking, err := submitForm(srv.base, code)
		if err != nil {
			t.Fatal(err)
		}
		codes = append(codes, tracking)
	}
	waitDeliveries(t, bin, cli, hook, func(waiting, failed int) bool { return waiting == len(codes) })
	raced := raceKill(t, srv, code)
	if n := rc.taken(); n != 0 {
		t.Fatalf("the endpoint was down, yet %d events were taken before the kill", n)
	}

	rc.up.Store(true)
	srv = startServerWith(t, bin, dir, env)
	waitDeliveries(t, bin, cli, hook, func(waiting, failed int) bool { return waiting == 0 && failed == 0 })
	if strings.Contains(srv.stderr.String(), "finished changes cut short") {
		t.Log("the kill cut a change short between the report and its derivations; recovery finished it")
	}
	srv.stop(t)
	ids := storedReports(t, dir)
	t.Logf("%d reports stored (%d submitted while the kill raced them); %d attempts, %d events taken", len(ids), raced, rc.attempts.Load(), rc.taken())
	for _, id := range ids {
		if !rc.took(webhook.EventID(id, 0)) {
			t.Errorf("report %s: its submitted event never arrived", id)
		}
	}
	for _, c := range codes {
		if !strings.Contains(strings.Join(ids, " "), c) {
			t.Errorf("submitted report %s is not stored", c)
		}
	}
	if bad := rc.bad.Load(); bad > 0 {
		t.Errorf("%d deliveries had a bad signature, or a duplicate a different body", bad)
	}
}

// raceKill keeps submitting while it SIGKILLs the server, and returns how
// many submissions the server answered before it died.
func raceKill(t *testing.T, srv *process, code string) int {
	t.Helper()
	var answered atomic.Int64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var started sync.WaitGroup
	for range 3 { // three phones at once, so the kill likely lands mid-change
		started.Add(1)
		wg.Go(func() {
			for i := 0; ; i++ {
				if i == 1 {
					started.Done()
				}
				select {
				case <-stop:
					return
				default:
				}
				if _, err := submitForm(srv.base, code); err == nil {
					answered.Add(1)
				}
			}
		})
	}
	started.Wait()
	if err := srv.cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	<-srv.done
	close(stop)
	wg.Wait()
	return int(answered.Load())
}

const killSecret = "kill-test-secret-0123456789"

// killReceiver is the endpoint: it refuses (503) until up, checks every
// signature, and counts what it took per delivery id.
type killReceiver struct {
	*httptest.Server
	up       atomic.Bool
	attempts atomic.Int64
	bad      atomic.Int64
	mu       sync.Mutex
	bodies   map[string][]byte // taken, by delivery id
}

func newKillReceiver(t *testing.T) *killReceiver {
	rc := &killReceiver{bodies: map[string][]byte{}}
	rc.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rc.attempts.Add(1)
		body, _ := io.ReadAll(r.Body)
		if r.Header.Get("X-Gridline-Signature") != webhook.Sign(killSecret, body) {
			rc.bad.Add(1)
		}
		if !rc.up.Load() {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		rc.mu.Lock()
		defer rc.mu.Unlock()
		id := r.Header.Get("X-Gridline-Delivery")
		if prev, dup := rc.bodies[id]; dup && !bytes.Equal(prev, body) {
			rc.bad.Add(1)
		}
		rc.bodies[id] = body
	}))
	t.Cleanup(rc.Close)
	return rc
}

func (rc *killReceiver) taken() int {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return len(rc.bodies)
}

func (rc *killReceiver) took(id string) bool {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	_, ok := rc.bodies[id]
	return ok
}

// waitDeliveries polls "gridline webhook list", run beside the server,
// until the endpoint's waiting and failed counts satisfy ok.
func waitDeliveries(t *testing.T, bin string, env []string, hook string, ok func(waiting, failed int) bool) {
	t.Helper()
	var line string
	for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		line = listLine(t, runBinary(t, bin, env, "webhook", "list"), hook)
		f := strings.Fields(line)
		waiting, werr := strconv.Atoi(f[3])
		failed, ferr := strconv.Atoi(f[4])
		if werr == nil && ferr == nil && ok(waiting, failed) {
			return
		}
	}
	t.Fatalf("the deliveries never got there; last listed: %s", line)
}

// submitForm reports a problem as a resident's phone does: the form, then
// its POST; it returns the tracking code the answer redirects to.
func submitForm(base, code string) (string, error) {
	client := &http.Client{Timeout: 10 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Get(base + "/c/" + code)
	if err != nil {
		return "", err
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	m := regexp.MustCompile(`name="token" value="([0-9a-f]{32})"`).FindSubmatch(page)
	if m == nil {
		return "", fmt.Errorf("no form token (status %d)", resp.StatusCode)
	}
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	for k, v := range map[string]string{"token": string(m[1]), "category": "市容环境", "description": "3号楼东侧路灯不亮已经一周了"} {
		_ = w.WriteField(k, v)
	}
	w.Close()
	resp, err = client.Post(base+"/c/"+code, w.FormDataContentType(), &body)
	if err != nil {
		return "", err
	}
	resp.Body.Close()
	tracking, ok := strings.CutPrefix(resp.Header.Get("Location"), "/t/")
	if resp.StatusCode != http.StatusSeeOther || !ok {
		return "", fmt.Errorf("submit: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	tracking, _, _ = strings.Cut(tracking, "?")
	return tracking, nil
}

// storedReports opens the data directory's database, the server stopped,
// and lists every report's ID.
func storedReports(t *testing.T, dir string) []string {
	t.Helper()
	ctx := context.Background()
	db, err := database.Open(ctx, database.Options{DataDir: dir, Name: "gridline", Own: true}, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close(ctx)
	var ids []string
	st := store.New(db.Database, time.Now, store.Options{SingleWriter: db.SingleWriter})
	err = st.EachReport(ctx, func(r report.Report) error { ids = append(ids, r.ID); return nil })
	if err != nil {
		t.Fatal(err)
	}
	return ids
}

// buildGridline builds the binary under test.
func buildGridline(t *testing.T) string {
	t.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skipf("skipping: building gridline needs the go command on PATH: %v", err)
	}
	bin := filepath.Join(t.TempDir(), "gridline")
	if out, err := exec.Command(goTool, "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}
