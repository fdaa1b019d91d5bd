package otel

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"

	otelglobal "go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/propagation"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
	"go.opentelemetry.io/otel/trace"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/internal/telemetry"
)

// ScopeName is the instrumentation scope of the spans: the import path of
// this package.
const ScopeName = "github.com/iron-go/iron/ext/otel"

// Tracing makes a server span for each request of the handler it wraps (see
// the package doc). Build it with [New]; it is safe for concurrent use.
type Tracing struct {
	tracer     trace.Tracer
	propagator propagation.TextMapPropagator
	route      func(*iron.Request) string
	skip       func(*iron.Request) bool
}

var _ iron.AroundMiddleware = (*Tracing)(nil)

// New returns a Tracing configured by opts. It panics on a bad option,
// naming it and its value. Nil options are skipped.
func New(opts ...Option) *Tracing {
	cfg := config{propagator: propagation.TraceContext{}, route: telemetry.Route}
	for _, o := range opts {
		if o == nil {
			continue
		}
		if err := o(&cfg); err != nil {
			panic(err)
		}
	}
	if cfg.provider == nil {
		cfg.provider = otelglobal.GetTracerProvider()
	}
	return &Tracing{
		tracer:     cfg.provider.Tracer(ScopeName, trace.WithSchemaURL(semconv.SchemaURL)),
		propagator: cfg.propagator,
		route:      cfg.route,
		skip:       cfg.skip,
	}
}

// recordedKey holds the last error an [ErrorRecorder] recorded on the
// request's span, so that the span's end does not record it twice.
var recordedKey = iron.NewKey[error]("otel.recorded")

// Around wraps next so that each request it handles runs in a server span:
// started with the parent the request's headers carry, put in the request's
// context (req.SetContext) for the handler's own spans and for log lines,
// and ended when next returns, named by route and with the status sent.
// Wrap the whole chain (engine.New(t.Around(c))) so that the span covers
// every middleware and their log lines carry its ids. A panic of next ends
// the span with an error and is raised again.
func (t *Tracing) Around(next iron.Handler) iron.Handler {
	return iron.HandlerFunc(func(req *iron.Request) (res *iron.Response, err error) {
		if t.skip != nil && t.skip(req) {
			return next.Handle(req)
		}
		// The request's own context is the parent of the span's: it keeps
		// the engine's cancellation and deadline.
		ctx := t.propagator.Extract(req.Context(), headerCarrier{req})
		ctx, span := t.tracer.Start(ctx, spanName(req.Method(), ""),
			trace.WithSpanKind(trace.SpanKindServer),
			trace.WithAttributes(requestAttributes(req)...))
		req.SetContext(ctx)
		done := false
		defer func() {
			if !done {
				p := recover()
				if p == nil { // runtime.Goexit: no panic to record or raise
					t.end(req, span, http.StatusInternalServerError, nil)
					return
				}
				t.end(req, span, http.StatusInternalServerError, fmt.Errorf("panic: %v", p))
				panic(p)
			}
		}()
		res, err = next.Handle(req)
		done = true
		t.end(req, span, telemetry.Status(res, err), err)
		return res, err
	})
}

// end names the span by its route and ends it with the status sent. Errors
// with a status of 500 or more are recorded as exception events (unless an
// ErrorRecorder did already) and set the span's status to Error; client
// errors (4xx) only show in the status code, as the HTTP semantic
// conventions say for server spans.
func (t *Tracing) end(req *iron.Request, span trace.Span, status int, err error) {
	route := t.route(req)
	span.SetName(spanName(req.Method(), route))
	if route != "" {
		span.SetAttributes(semconv.HTTPRoute(route))
	}
	span.SetAttributes(semconv.HTTPResponseStatusCode(status))
	if status >= 500 {
		if err != nil {
			if prev, ok := iron.Get(req, recordedKey); !ok || !errors.Is(err, prev) {
				span.RecordError(err)
			}
			span.SetAttributes(errorType(err, status))
			span.SetStatus(codes.Error, err.Error())
		} else {
			span.SetAttributes(semconv.ErrorTypeKey.String(strconv.Itoa(status)))
			span.SetStatus(codes.Error, "")
		}
	}
	span.End()
}

// errorType is the error.type attribute of a failed request: the type of
// the error behind it (inside an iron.Error), or what its ErrorType method
// says, or the status code when its type is an anonymous one that says
// nothing (errors.New, fmt.Errorf).
func errorType(err error, status int) attribute.KeyValue {
	if e, ok := errors.AsType[*iron.Error](err); ok && e.Err != nil {
		err = e.Err
	}
	kv := semconv.ErrorType(err)
	switch kv.Value.AsString() {
	case "*errors.errorString", "*fmt.wrapError", "*fmt.wrapErrors", "*errors.joinError", semconv.ErrorTypeOther.Value.AsString():
		return semconv.ErrorTypeKey.String(strconv.Itoa(status))
	}
	return kv
}

// headerCarrier reads propagation headers from a request.
type headerCarrier struct{ req *iron.Request }

// Get returns the first value of the named header.
func (c headerCarrier) Get(key string) string { return c.req.HeaderValue(key) }

// Set does nothing: a server only extracts.
func (c headerCarrier) Set(string, string) {}

// Keys returns the names of the request's headers.
func (c headerCarrier) Keys() []string {
	h := c.req.Header()
	keys := make([]string, 0, len(h))
	for k := range h {
		keys = append(keys, k)
	}
	return keys
}
