package server_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestMetricsCountRequestsAndReports(t *testing.T) {
	app := newTestApp(t)
	c := app.community("春和社区", "北山口镇")
	form := app.get("/c/" + c.Code)
	app.do(multipartReport(t, "/c/"+c.Code, validFields(formToken(t, form.Body.String())), smallJPEG(t)))
	app.get("/no/such/page/K7M2QXABP")

	rec := httptest.NewRecorder()
	app.metrics.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	body := rec.Body.String()
	for _, want := range []string{
		`gridline_http_requests_total{method="GET",route="/c/:code",status="200"} 1`,
		`gridline_http_requests_total{method="POST",route="/c/:code",status="303"} 1`,
		`gridline_http_requests_total{method="GET",route="unmatched",status="404"} 1`,
		`gridline_reports_created_total 1`,
		`gridline_photo_process_seconds_count 1`,
		`gridline_http_request_seconds_bucket{route="/c/:code"`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
	if strings.Contains(body, "K7M2QXABP") {
		t.Error("a raw path leaked into a label")
	}
	if app.get("/metrics").Code != http.StatusNotFound {
		t.Error("/metrics must not be served on the public address")
	}
}
