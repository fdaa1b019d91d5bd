package otel

import (
	"fmt"

	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"

	"github.com/iron-go/iron"
)

// Option configures [New]. Every option is checked by New, which panics on a
// bad value with a message naming the option and the value.
type Option func(*config) error

type config struct {
	provider   trace.TracerProvider
	propagator propagation.TextMapPropagator
	route      func(*iron.Request) string
	skip       func(*iron.Request) bool
}

// TracerProvider sets where spans are made, instead of the global provider
// (go.opentelemetry.io/otel.GetTracerProvider, which forwards to the one an
// application sets later with SetTracerProvider). A nil provider panics.
func TracerProvider(p trace.TracerProvider) Option {
	return func(c *config) error {
		if p == nil {
			return fmt.Errorf("otel: TracerProvider(nil)")
		}
		c.provider = p
		return nil
	}
}

// Propagator sets how the parent span is read from request headers, instead
// of W3C Trace Context alone (traceparent and tracestate): for instance
// otel.GetTextMapPropagator() for the application's global propagator, or a
// composite with W3C Baggage. A nil propagator panics.
func Propagator(p propagation.TextMapPropagator) Option {
	return func(c *config) error {
		if p == nil {
			return fmt.Errorf("otel: Propagator(nil)")
		}
		c.propagator = p
		return nil
	}
}

// Route sets the function that names a request's route (the span name's
// second word and the http.route attribute), instead of the pattern of the
// ext/router route that served it. It runs after the handler and returns ""
// when no route served the request; it must never return the raw path, as
// span names are meant to be few. A nil function panics.
func Route(fn func(req *iron.Request) string) Option {
	return func(c *config) error {
		if fn == nil {
			return fmt.Errorf("otel: Route(nil)")
		}
		c.route = fn
		return nil
	}
}

// Skip sets a function that picks requests that get no span, such as health
// probes. It runs before the handler. A nil function panics.
func Skip(fn func(req *iron.Request) bool) Option {
	return func(c *config) error {
		if fn == nil {
			return fmt.Errorf("otel: Skip(nil)")
		}
		c.skip = fn
		return nil
	}
}
