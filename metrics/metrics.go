// Package metrics holds Gridline's Prometheus collectors in one registry, so
// the server, the photo work and the jobs report what they do, and /metrics
// can be served on its own address away from the public.
package metrics

import (
	"net/http"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics are the collectors Gridline updates.
type Metrics struct {
	registry       *prometheus.Registry
	Requests       *prometheus.CounterVec   // by route, method, status
	Latency        *prometheus.HistogramVec // by route
	ReportsCreated prometheus.Counter
	PhotoSeconds   prometheus.Histogram
	PhotoRejected  *prometheus.CounterVec // by reason
	RateLimited    *prometheus.CounterVec // by bucket
	Overloaded     prometheus.Counter     // submissions turned away with 503
	DBErrors       prometheus.Counter
}

// New registers every collector, plus the Go runtime and process ones.
func New() *Metrics {
	m := &Metrics{
		registry: prometheus.NewRegistry(),
		Requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "gridline_http_requests_total", Help: "HTTP requests by route pattern, method and status.",
		}, []string{"route", "method", "status"}),
		Latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "gridline_http_request_seconds", Help: "HTTP request latency by route pattern.",
			Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30},
		}, []string{"route"}),
		ReportsCreated: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "gridline_reports_created_total", Help: "Reports stored.",
		}),
		PhotoSeconds: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name: "gridline_photo_process_seconds", Help: "Time to re-encode one photo.",
			Buckets: []float64{.05, .1, .2, .3, .5, .75, 1, 2, 5},
		}),
		PhotoRejected: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "gridline_photo_rejected_total", Help: "Photos refused, by reason.",
		}, []string{"reason"}),
		RateLimited: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "gridline_rate_limited_total", Help: "Requests refused by a per-address rate limit.",
		}, []string{"bucket"}),
		Overloaded: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "gridline_overloaded_total", Help: "Submissions turned away with 503 because photo work was full.",
		}),
		DBErrors: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "gridline_database_errors_total", Help: "Requests that failed on a database error.",
		}),
	}
	m.registry.MustRegister(m.Requests, m.Latency, m.ReportsCreated, m.PhotoSeconds, m.PhotoRejected,
		m.RateLimited, m.Overloaded, m.DBErrors,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// WatchPhotoQueue reports the photo pipeline's decode slots in use and the
// uploads waiting for one, read at each scrape.
func (m *Metrics) WatchPhotoQueue(decoding, waiting func() int) {
	m.registry.MustRegister(
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "gridline_photo_decoding", Help: "Photos being decoded now.",
		}, func() float64 { return float64(decoding()) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "gridline_photo_waiting", Help: "Uploads waiting for a decode slot now.",
		}, func() float64 { return float64(waiting()) }),
	)
}

// WatchUploads reports the upload slots in use (submissions whose photos are
// being read or processed), read at each scrape: how close the server is to
// answering 503.
func (m *Metrics) WatchUploads(inProgress func() int) {
	m.registry.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Name: "gridline_uploads_in_progress", Help: "Submissions holding an upload slot now.",
	}, func() float64 { return float64(inProgress()) }))
}

// Handler serves the registry in the Prometheus text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{Registry: m.registry})
}
