package metrics

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/iron-go/iron"
)

// DefaultBuckets are the upper bounds, in seconds, of the latency
// histogram's buckets when no [Buckets] option is given: 1 ms to 10 s, a few
// per decade, so that both a cached answer and a slow report land in a
// bucket of their own.
var DefaultBuckets = []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10}

// Option configures [New]. Every option is checked by New, which panics on a
// bad value with a message naming the option and the value.
type Option func(*config) error

type config struct {
	registry *prometheus.Registry
	route    func(*iron.Request) string
	buckets  []float64
	skip     func(*iron.Request) bool
}

// Registry sets the registry the metrics are registered in and that
// [Metrics.Handler] serves, instead of a new registry of their own. Pass
// prometheus.DefaultRegisterer.(*prometheus.Registry) to use the global one
// (with the Go and process collectors it holds). A nil registry panics.
func Registry(r *prometheus.Registry) Option {
	return func(c *config) error {
		if r == nil {
			return fmt.Errorf("metrics: Registry(nil)")
		}
		c.registry = r
		return nil
	}
}

// Route sets the function that names a request's route in the "route"
// label, instead of the pattern of the ext/router route that served it
// ([github.com/iron-go/iron/ext/router.Matched]). It must return one of a
// bounded set of names — never the request's path — and "" for a request
// no route served, which is counted under [Unmatched]. It runs after the
// handler, on the goroutine that served the request. A nil function panics.
//
// Use it when the pattern alone is ambiguous: under a mount, route
// patterns do not include the prefix the mount stripped, so routers mounted
// at "/api" and "/admin" that both have "/users/:id" share a label.
func Route(fn func(req *iron.Request) string) Option {
	return func(c *config) error {
		if fn == nil {
			return fmt.Errorf("metrics: Route(nil)")
		}
		c.route = fn
		return nil
	}
}

// Buckets sets the upper bounds, in seconds, of the latency histogram's
// buckets, instead of [DefaultBuckets]. They must be finite, positive and
// increasing; an empty list panics.
func Buckets(bounds ...float64) Option {
	return func(c *config) error {
		bad := len(bounds) == 0
		for i, b := range bounds {
			if math.IsNaN(b) || math.IsInf(b, 0) || b <= 0 || (i > 0 && b <= bounds[i-1]) {
				bad = true
			}
		}
		if bad {
			return fmt.Errorf("metrics: Buckets(%s): bounds must be finite, positive and increasing", formatFloats(bounds))
		}
		c.buckets = slices.Clone(bounds)
		return nil
	}
}

// Skip sets a function that picks requests the middleware leaves alone:
// neither counted nor timed nor in flight, such as health probes or the
// scrapes of /metrics itself. It runs before the handler. A nil function
// panics.
func Skip(fn func(req *iron.Request) bool) Option {
	return func(c *config) error {
		if fn == nil {
			return fmt.Errorf("metrics: Skip(nil)")
		}
		c.skip = fn
		return nil
	}
}

func formatFloats(fs []float64) string {
	parts := make([]string, len(fs))
	for i, f := range fs {
		parts[i] = fmt.Sprint(f)
	}
	return strings.Join(parts, ", ")
}
