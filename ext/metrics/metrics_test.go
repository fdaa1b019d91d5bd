package metrics_test

import (
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/chain"
	"github.com/iron-go/iron/ext/metrics"
	"github.com/iron-go/iron/ext/router"
	"github.com/iron-go/iron/internal/servetest"
)

func ok(*iron.Request) (*iron.Response, error) { return iron.With(http.StatusOK, "ok"), nil }

// app is a small routed application with a /metrics route.
func app(m *metrics.Metrics, wait chan struct{}, entered chan struct{}) *router.Router {
	r := router.New()
	r.Get("/users/:id", iron.HandlerFunc(ok))
	r.Get("/down", iron.HandlerFunc(func(*iron.Request) (*iron.Response, error) {
		return nil, iron.NewError(errors.New("database down"), http.StatusServiceUnavailable)
	}))
	r.Get("/bug", iron.HandlerFunc(func(*iron.Request) (*iron.Response, error) {
		return nil, errors.New("a bare error")
	}))
	r.Get("/panic", iron.HandlerFunc(func(*iron.Request) (*iron.Response, error) { panic("boom") }))
	r.Get("/wait", iron.HandlerFunc(func(*iron.Request) (*iron.Response, error) {
		entered <- struct{}{}
		<-wait
		return iron.With(http.StatusOK), nil
	}))
	r.Route(http.MethodGet, "/metrics", m.Handler())
	return r
}

// Requests are counted by route pattern, normalised method and status
// class, over both servers, and scraped from /metrics as Prometheus would.
func TestRequestMetricsOverRealServers(t *testing.T) {
	for _, srv := range servetest.Both {
		t.Run(srv.Name, func(t *testing.T) {
			m := metrics.New()
			wait, entered := make(chan struct{}), make(chan struct{})
			base := "http://" + srv.Start(t, m.Around(chain.New(app(m, wait, entered))))
			addr := strings.TrimPrefix(base, "http://")

			for _, id := range []string{"1", "2", "three"} {
				require.Equal(t, 200, do(t, "GET", base+"/users/"+id))
			}
			require.Equal(t, 404, do(t, "GET", base+"/nope"))
			require.Equal(t, 404, do(t, "GET", base+"/users"))
			require.Equal(t, 405, do(t, "POST", base+"/users/1"))
			require.Equal(t, 405, do(t, "PURGE", base+"/users/1"))
			require.Equal(t, 503, do(t, "GET", base+"/down"))
			require.Equal(t, 500, do(t, "GET", base+"/bug"))
			require.Equal(t, 500, do(t, "GET", base+"/panic"))

			// One request held in the handler while /metrics is scraped:
			// two in flight.
			held := make(chan int, 1)
			go func() { held <- do(t, "GET", base+"/wait") }()
			<-entered
			fams := scrape(t, addr)
			close(wait)
			require.Equal(t, 200, <-held)

			for _, tc := range []struct {
				name   string
				labels map[string]string
				want   float64
			}{
				{"a route, one series for every id", series("GET", "/users/:id", "2xx"), 3},
				{"404s are unmatched", series("GET", metrics.Unmatched, "4xx"), 2},
				{"405s are unmatched", series("POST", metrics.Unmatched, "4xx"), 1},
				{"unknown methods are one label", series(metrics.OtherMethod, metrics.Unmatched, "4xx"), 1},
				{"an iron.Error's status", series("GET", "/down", "5xx"), 1},
				{"a bare error is a 500", series("GET", "/bug", "5xx"), 1},
				{"a panic is a 500", series("GET", "/panic", "5xx"), 1},
			} {
				assert.Equal(t, tc.want, value(fams, "http_server_requests_total", tc.labels), tc.name)
				assert.Equal(t, tc.want, value(fams, "http_server_request_duration_seconds", tc.labels), tc.name+" (histogram)")
			}
			assert.Equal(t, 2.0, value(fams, "http_server_requests_in_flight", nil), "the held request and the scrape")
			assert.Equal(t, -1.0, value(fams, "http_server_requests_total", map[string]string{"route": "/users/1"}), "never a raw path")
			assert.Nil(t, fams["iron_engine_workers"], "no engine stats unless collected")

			// The scrape itself was counted once it ended, and nothing is in
			// flight but the next scrape.
			fams = scrape(t, addr)
			assert.Equal(t, 1.0, value(fams, "http_server_requests_total", series("GET", "/metrics", "2xx")))
			assert.Equal(t, 1.0, value(fams, "http_server_requests_in_flight", nil))
		})
	}
}

// The histogram has the configured buckets.
func TestBuckets(t *testing.T) {
	m := metrics.New(metrics.Buckets(0.01, 0.1, 1))
	_, err := m.Around(iron.HandlerFunc(ok)).Handle(iron.NewRequest("GET", "/", nil))
	require.NoError(t, err)
	fams, err := m.Registry().Gather()
	require.NoError(t, err)
	var bounds []float64
	for _, f := range fams {
		if f.GetName() == "http_server_request_duration_seconds" {
			for _, b := range f.GetMetric()[0].GetHistogram().GetBucket() {
				bounds = append(bounds, b.GetUpperBound())
			}
		}
	}
	assert.Equal(t, []float64{0.01, 0.1, 1}, bounds)
}

// Skipped requests are neither counted nor in flight.
func TestSkip(t *testing.T) {
	m := metrics.New(metrics.Skip(func(req *iron.Request) bool { return req.EscapedPath() == "/healthz" }))
	h := m.Around(iron.HandlerFunc(ok))
	for _, p := range []string{"/healthz", "/a", "/healthz"} {
		_, err := h.Handle(iron.NewRequest("GET", p, nil))
		require.NoError(t, err)
	}
	assert.Equal(t, 1, requestCount(t, m, "http_server_requests_total"))
}

// A custom Route function names the label; "" is unmatched.
func TestRouteOption(t *testing.T) {
	m := metrics.New(metrics.Route(func(req *iron.Request) string {
		if strings.HasPrefix(req.EscapedPath(), "/static/") {
			return "/static/*"
		}
		return ""
	}))
	h := m.Around(iron.HandlerFunc(ok))
	for _, p := range []string{"/static/a.css", "/static/b.js", "/other"} {
		_, err := h.Handle(iron.NewRequest("GET", p, nil))
		require.NoError(t, err)
	}
	fams, err := m.Registry().Gather()
	require.NoError(t, err)
	got := map[string]float64{}
	for _, f := range fams {
		if f.GetName() == "http_server_requests_total" {
			for _, mm := range f.GetMetric() {
				got[labelsOf(mm)["route"]] = mm.GetCounter().GetValue()
			}
		}
	}
	assert.Equal(t, map[string]float64{"/static/*": 2, metrics.Unmatched: 1}, got)
}

// A panic is counted as a 500, the gauge comes back down, and the panic goes
// on to the server.
func TestPanicIsCountedAndRaised(t *testing.T) {
	m := metrics.New()
	h := m.Around(iron.HandlerFunc(func(*iron.Request) (*iron.Response, error) { panic("boom") }))
	require.PanicsWithValue(t, "boom", func() { _, _ = h.Handle(iron.NewRequest("GET", "/", nil)) })
	fams, err := m.Registry().Gather()
	require.NoError(t, err)
	for _, f := range fams {
		switch f.GetName() {
		case "http_server_requests_in_flight":
			assert.Zero(t, f.GetMetric()[0].GetGauge().GetValue())
		case "http_server_requests_total":
			require.Len(t, f.GetMetric(), 1)
			assert.Equal(t, "5xx", labelsOf(f.GetMetric()[0])["status_class"])
		}
	}
}

// The global registry is used only when asked for, and two Metrics on one
// registry are a programmer error.
func TestRegistry(t *testing.T) {
	reg := prometheus.NewRegistry()
	m := metrics.New(metrics.Registry(reg))
	assert.Same(t, reg, m.Registry())
	assert.PanicsWithError(t, `duplicate metrics collector registration attempted`, func() { metrics.New(metrics.Registry(reg)) })

	before, err := prometheus.DefaultGatherer.Gather()
	require.NoError(t, err)
	metrics.New()
	after, err := prometheus.DefaultGatherer.Gather()
	require.NoError(t, err)
	assert.Len(t, after, len(before), "New alone registers nothing globally")
}

func TestBadOptionsPanic(t *testing.T) {
	for _, tc := range []struct {
		opt  metrics.Option
		want string
	}{
		{metrics.Buckets(), "metrics: Buckets(): bounds must be finite, positive and increasing"},
		{metrics.Buckets(1, 0.5), "metrics: Buckets(1, 0.5): bounds must be finite, positive and increasing"},
		{metrics.Buckets(0, 1), "metrics: Buckets(0, 1): bounds must be finite, positive and increasing"},
		{metrics.Registry(nil), "metrics: Registry(nil)"},
		{metrics.Route(nil), "metrics: Route(nil)"},
		{metrics.Skip(nil), "metrics: Skip(nil)"},
	} {
		assert.PanicsWithError(t, tc.want, func() { metrics.New(tc.opt) })
	}
	assert.NotPanics(t, func() { metrics.New(nil) }, "nil options are skipped")
	assert.PanicsWithError(t, "metrics: CollectStats(nil): a StatsSource is required", func() { metrics.New().CollectStats(nil) })
}

// Once a label set has been seen, a request allocates nothing of the
// middleware's.
func TestNoAllocationPerRequest(t *testing.T) {
	m := metrics.New()
	res := iron.With(http.StatusOK)
	h := m.Around(iron.HandlerFunc(func(*iron.Request) (*iron.Response, error) { return res, nil }))
	req := iron.NewRequest("GET", "/x", nil)
	_, _ = h.Handle(req)
	allocs := testing.AllocsPerRun(1000, func() { _, _ = h.Handle(req) })
	assert.Zero(t, allocs)
}

// requestCount returns the sum of the counters of family name in m's registry.
func requestCount(t *testing.T, m *metrics.Metrics, name string) int {
	t.Helper()
	fams, err := m.Registry().Gather()
	require.NoError(t, err)
	for _, f := range fams {
		if f.GetName() == name {
			n := 0
			for _, mm := range f.GetMetric() {
				n += int(mm.GetCounter().GetValue())
			}
			return n
		}
	}
	return 0
}
