package metrics

import (
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/httpadapter"
	"github.com/iron-go/iron/internal/telemetry"
)

// Metrics counts and times the requests of the handler it wraps, in
// Prometheus metrics (see the package doc). Build it with [New]; it is safe
// for concurrent use.
type Metrics struct {
	registry *prometheus.Registry
	route    func(*iron.Request) string
	skip     func(*iron.Request) bool
	handler  iron.Handler

	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
	inFlight prometheus.Gauge

	// series caches the counter and histogram of each label set, so that a
	// request costs two map lookups and no allocation. It is copied on
	// write: label sets are few, and new ones stop appearing soon after
	// start-up.
	series   atomic.Pointer[map[labels]series]
	seriesMu sync.Mutex
}

type labels struct{ method, route, class string }

type series struct {
	requests prometheus.Counter
	duration prometheus.Observer
}

var _ iron.AroundMiddleware = (*Metrics)(nil)

// New returns Metrics registered in a registry of their own, or the one
// given by [Registry]. It panics on a bad option, naming it and its value,
// and when the registry already holds metrics of the same names (two
// Metrics on one registry). Nil options are skipped.
func New(opts ...Option) *Metrics {
	cfg := config{route: telemetry.Route, buckets: DefaultBuckets}
	for _, o := range opts {
		if o == nil {
			continue
		}
		if err := o(&cfg); err != nil {
			panic(err)
		}
	}
	if cfg.registry == nil {
		cfg.registry = prometheus.NewRegistry()
	}
	m := &Metrics{
		registry: cfg.registry,
		route:    cfg.route,
		skip:     cfg.skip,
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "http_server_requests_total",
			Help: "Requests answered, by method, route pattern and status class.",
		}, []string{"method", "route", "status_class"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "http_server_request_duration_seconds",
			Help:    "Time from the request reaching the middleware to its response being ready, by method, route pattern and status class.",
			Buckets: cfg.buckets,
		}, []string{"method", "route", "status_class"}),
		inFlight: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "http_server_requests_in_flight",
			Help: "Requests being handled now.",
		}),
	}
	m.registry.MustRegister(m.requests, m.duration, m.inFlight)
	m.series.Store(&map[labels]series{})
	m.handler = httpadapter.FromHTTP(promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{
		// A collector that fails (an engine's, a user's) should not hide
		// every other metric.
		ErrorHandling: promhttp.ContinueOnError,
	}))
	return m
}

// Registry returns the registry the metrics are registered in, where an
// application registers its own.
func (m *Metrics) Registry() *prometheus.Registry { return m.registry }

// Handler returns the handler that serves the registry's metrics in the
// Prometheus exposition formats (promhttp through
// [github.com/iron-go/iron/httpadapter.FromHTTP]); route it at /metrics.
func (m *Metrics) Handler() iron.Handler { return m.handler }

// Around wraps next so that every request it handles is counted and timed.
// Wrap the whole chain (engine.New(m.Around(c))) to count what every
// middleware answers, errors from before middleware included; linked inside
// a chain (c.LinkAround(m)), it sees only the handler's answers. A panic of
// next is counted as a 500 and raised again.
func (m *Metrics) Around(next iron.Handler) iron.Handler {
	return iron.HandlerFunc(func(req *iron.Request) (*iron.Response, error) {
		if m.skip != nil && m.skip(req) {
			return next.Handle(req)
		}
		m.inFlight.Inc()
		start := time.Now()
		status := http.StatusInternalServerError // what a panic is answered
		defer func() {
			m.inFlight.Dec()
			m.observe(req, status, time.Since(start))
		}()
		res, err := next.Handle(req)
		status = telemetry.Status(res, err)
		return res, err
	})
}

func (m *Metrics) observe(req *iron.Request, status int, d time.Duration) {
	route := m.route(req)
	if route == "" {
		route = Unmatched
	}
	s := m.seriesFor(labels{method: method(req.Method()), route: route, class: statusClass(status)})
	s.requests.Inc()
	s.duration.Observe(d.Seconds())
}

func (m *Metrics) seriesFor(l labels) series {
	if s, ok := (*m.series.Load())[l]; ok {
		return s
	}
	m.seriesMu.Lock()
	defer m.seriesMu.Unlock()
	old := *m.series.Load()
	if s, ok := old[l]; ok {
		return s
	}
	s := series{
		requests: m.requests.WithLabelValues(l.method, l.route, l.class),
		duration: m.duration.WithLabelValues(l.method, l.route, l.class),
	}
	grown := make(map[labels]series, len(old)+1)
	for k, v := range old {
		grown[k] = v
	}
	grown[l] = s
	m.series.Store(&grown)
	return s
}
