// Package metrics exports Prometheus metrics of the requests a handler
// serves and of the engine serving them, through
// github.com/prometheus/client_golang.
//
//	m := metrics.New()
//	r := router.New()
//	r.Get("/users/:id", showUser)
//	r.Route(http.MethodGet, "/metrics", m.Handler())
//	e := engine.New(m.Around(chain.New(r)))
//	m.CollectStats(e)
//	log.Fatal(e.ListenAndServe(":3000"))
//
// # Request metrics
//
// [Metrics.Around] wraps a handler — best the whole chain, so that what
// every middleware answers is counted — and keeps:
//
//	http_server_requests_total{method, route, status_class}            counter
//	http_server_request_duration_seconds{method, route, status_class}  histogram
//	http_server_requests_in_flight                                     gauge
//
// The duration runs from the request reaching the wrapper to the response
// being ready, before its body is written. The status is the one the server
// sends: an error's response status ([iron.Error]), 500 for a bare error or
// a panic, 404 for no response.
//
// # Low cardinality by construction
//
// Each label has a bounded set of values whatever clients send, so a scan of
// random URLs cannot grow the series without end:
//
//   - route is the pattern of the ext/router route that served the request
//     ("/users/:id", never "/users/7"), read with router.Matched once the
//     handler returned; every request no route served — 404s, 405s,
//     trailing-slash redirects, answers of handlers outside ext/router — is
//     [Unmatched]. [Route] replaces how the label is chosen; it must keep
//     the set bounded.
//   - method is one of GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS, CONNECT
//     and TRACE, or [OtherMethod] for any other token.
//   - status_class is 1xx to 5xx.
//
// # Engine metrics
//
// [Metrics.CollectStats] adds the engine's statistics ([engine.Stats]:
// connections, workers, queue, served, shed and failed requests), read at
// each scrape.
//
// # Registry and exposition
//
// The metrics live in a registry of their own unless [Registry] gives one
// (the global prometheus.DefaultRegisterer is used only when asked for), and
// [Metrics.Handler] serves that registry. [Metrics.Registry] returns it for
// an application's own metrics.
//
// # Cost
//
// A request costs a clock read, two atomic updates of the in-flight gauge,
// a lookup in a copy-on-write map of label sets, and a counter and
// histogram update; it allocates nothing once its label set has been seen.
package metrics
