package server_test

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/color"
	"image/jpeg"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestSubmitCancelledWhileWaitingForDecode: with one decode slot, busy with a
// big photo, a second resident's phone gives up while its photo waits for the
// slot. The server lets go of that upload at once (while the big photo is
// still decoding), stores nothing of it, and the upload slot it held is free
// for the next resident.
func TestSubmitCancelledWhileWaitingForDecode(t *testing.T) {
	app := newTestAppWith(t, map[string]string{
		"GRIDLINE_RATE_SUBMIT": "0", "GRIDLINE_UPLOADS_PER_ADDRESS": "0",
		"GRIDLINE_PHOTO_WORKERS": "1", "GRIDLINE_MAX_UPLOADS": "2",
	})
	srv := httptest.NewServer(app.handler)
	t.Cleanup(srv.Close)
	c := app.community("春和社区", "北山口镇")

	big := make(chan int, 1)
	go func() { big <- app.post(t, context.Background(), srv.URL, c.Code, bigJPEG(t)) }()
	app.waitForGauge(t, "gridline_photo_decoding", 1)

	ctx, hangUp := context.WithCancel(context.Background())
	gaveUp := make(chan int, 1)
	go func() { gaveUp <- app.post(t, ctx, srv.URL, c.Code, smallJPEG(t)) }()
	app.waitForGauge(t, "gridline_photo_waiting", 1)
	hangUp()
	<-gaveUp
	app.waitForGauge(t, "gridline_photo_waiting", 0)
	if app.gauge(t, "gridline_photo_decoding") != 1 {
		t.Fatal("the big photo finished before the cancelled upload left the queue: nothing was shown")
	}

	// The upload slot is free: a third resident gets in and queues for the
	// decode slot, rather than being turned away with 503.
	next := make(chan int, 1)
	go func() { next <- app.post(t, context.Background(), srv.URL, c.Code, smallJPEG(t)) }()
	app.waitForGauge(t, "gridline_photo_waiting", 1)

	if got := <-big; got != http.StatusSeeOther {
		t.Errorf("the big photo's report: status %d, want 303", got)
	}
	if got := <-next; got != http.StatusSeeOther {
		t.Errorf("the next report: status %d, want 303", got)
	}
	if n := app.countReports(); n != 2 {
		t.Errorf("%d reports stored, want 2: the cancelled one must store nothing", n)
	}
	if files := app.photoFiles(); len(files) != 4 {
		t.Errorf("photo files %v, want 4: two photos and their thumbnails", files)
	}
}

// post sends a report with one photo from a real client and returns the
// status, or 0 when ctx ended first.
func (a *testApp) post(t *testing.T, ctx context.Context, base, code string, photo []byte) int {
	form := multipartReport(t, "/c/"+code, validFields(a.formToken(code)), photo)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+"/c/"+code, form.Body)
	if err != nil {
		t.Error(err)
		return 0
	}
	req.Header.Set("Content-Type", form.Header.Get("Content-Type"))
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := client.Do(req)
	if errors.Is(err, context.Canceled) {
		return 0
	}
	if err != nil {
		t.Error(err)
		return 0
	}
	res.Body.Close()
	return res.StatusCode
}

// waitForGauge polls /metrics until the gauge reads want, for up to a minute.
func (a *testApp) waitForGauge(t *testing.T, name string, want float64) {
	t.Helper()
	for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
		if a.gauge(t, name) == want {
			return
		}
	}
	t.Fatalf("%s never reached %v", name, want)
}

// gauge reads one gauge from the metrics the server exports.
func (a *testApp) gauge(t *testing.T, name string) float64 {
	t.Helper()
	rec := httptest.NewRecorder()
	a.metrics.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	for line := range strings.Lines(rec.Body.String()) {
		if v, ok := strings.CutPrefix(strings.TrimSpace(line), name+" "); ok {
			f, err := strconv.ParseFloat(v, 64)
			if err != nil {
				t.Fatalf("%s reads %q", name, v)
			}
			return f
		}
	}
	t.Fatalf("no %s in the metrics", name)
	return 0
}

// bigJPEG is a 12-megapixel photo, the size of a phone's: decoding it holds
// the decode slot long enough to be seen.
func bigJPEG(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 4000, 3000))
	for y := range 3000 {
		for x := range 4000 {
			img.SetRGBA(x, y, color.RGBA{uint8(x), uint8(y), uint8(x ^ y), 255})
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 85}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
