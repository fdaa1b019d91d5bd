package otel_test

import (
	"errors"
	"io"
	"net/http"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/chain"
	"github.com/iron-go/iron/engine"
	"github.com/iron-go/iron/ext/otel"
	"github.com/iron-go/iron/ext/router"
	"github.com/iron-go/iron/internal/servetest"
)

const (
	parentTrace = "4bf92f3577b34da6a3ce929d0e0e4736"
	parentSpan  = "00f067aa0ba902b7"
	traceparent = "00-" + parentTrace + "-" + parentSpan + "-01"
	tracestate  = "congo=t61rcWkgMzE"
)

// recorder returns a tracer provider whose ended spans the recorder keeps.
func recorder() (*sdktrace.TracerProvider, *tracetest.SpanRecorder) {
	rec := tracetest.NewSpanRecorder()
	return sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec)), rec
}

// app has a route whose handler starts a child span from the request's
// context, one that fails, and one that panics.
func app(tp trace.TracerProvider) *router.Router {
	r := router.New()
	r.Get("/users/:id", iron.HandlerFunc(func(req *iron.Request) (*iron.Response, error) {
		_, span := tp.Tracer("app").Start(req.Context(), "load user")
		span.End()
		return iron.With(http.StatusOK, "user"), nil
	}))
	r.Get("/down", iron.HandlerFunc(func(*iron.Request) (*iron.Response, error) {
		return nil, iron.NewError(errors.New("database down"), http.StatusServiceUnavailable)
	}))
	r.Get("/missing-file", iron.HandlerFunc(func(*iron.Request) (*iron.Response, error) {
		_, err := os.Open("/no/such/file")
		return nil, err
	}))
	r.Get("/panic", iron.HandlerFunc(func(*iron.Request) (*iron.Response, error) { panic("boom") }))
	return r
}

func get(t *testing.T, method, url string, header http.Header) int {
	t.Helper()
	req, err := http.NewRequest(method, url, nil)
	require.NoError(t, err)
	req.Header = header
	c := &http.Client{Timeout: 10 * time.Second}
	res, err := c.Do(req)
	require.NoError(t, err)
	_, _ = io.Copy(io.Discard, res.Body)
	res.Body.Close()
	return res.StatusCode
}

func attrs(s sdktrace.ReadOnlySpan) map[attribute.Key]attribute.Value {
	out := map[attribute.Key]attribute.Value{}
	for _, kv := range s.Attributes() {
		out[kv.Key] = kv.Value
	}
	return out
}

// server returns the one server span recorded, and the others.
func server(t *testing.T, rec *tracetest.SpanRecorder) (sdktrace.ReadOnlySpan, []sdktrace.ReadOnlySpan) {
	t.Helper()
	var srv sdktrace.ReadOnlySpan
	var others []sdktrace.ReadOnlySpan
	for _, s := range rec.Ended() {
		if s.SpanKind() == trace.SpanKindServer {
			require.Nil(t, srv, "one server span per request")
			srv = s
		} else {
			others = append(others, s)
		}
	}
	require.NotNil(t, srv, "a server span")
	return srv, others
}

// A request with a traceparent gets a server span that continues the
// client's trace, named by route, with the semantic conventions'
// attributes, and the handler's own span is its child.
func TestServerSpanOverRealServers(t *testing.T) {
	for _, srv := range servetest.Both {
		t.Run(srv.Name, func(t *testing.T) {
			tp, rec := recorder()
			tracing := otel.New(otel.TracerProvider(tp))
			addr := srv.Start(t, tracing.Around(chain.New(app(tp))))

			status := get(t, "GET", "http://"+addr+"/users/7", http.Header{
				"Traceparent": {traceparent}, "Tracestate": {tracestate}, "User-Agent": {"test/1"},
			})
			require.Equal(t, 200, status)

			span, others := server(t, rec)
			assert.Equal(t, "GET /users/:id", span.Name())
			assert.Equal(t, parentTrace, span.SpanContext().TraceID().String(), "the client's trace")
			assert.Equal(t, parentSpan, span.Parent().SpanID().String(), "the client's span is the parent")
			assert.True(t, span.Parent().IsRemote())
			assert.Equal(t, tracestate, span.SpanContext().TraceState().String(), "tracestate carried on")
			assert.Equal(t, codes.Unset, span.Status().Code)
			assert.Equal(t, otel.ScopeName, span.InstrumentationScope().Name)

			a := attrs(span)
			assert.Equal(t, "GET", a["http.request.method"].AsString())
			assert.Equal(t, "/users/7", a["url.path"].AsString())
			assert.Equal(t, "http", a["url.scheme"].AsString())
			assert.Equal(t, "/users/:id", a["http.route"].AsString())
			assert.Equal(t, int64(200), a["http.response.status_code"].AsInt64())
			assert.Equal(t, "127.0.0.1", a["server.address"].AsString())
			assert.NotZero(t, a["server.port"].AsInt64())
			assert.Equal(t, "127.0.0.1", a["client.address"].AsString())
			assert.Equal(t, "1.1", a["network.protocol.version"].AsString())
			assert.Equal(t, "test/1", a["user_agent.original"].AsString())

			require.Len(t, others, 1)
			assert.Equal(t, "load user", others[0].Name())
			assert.Equal(t, span.SpanContext().SpanID(), others[0].Parent().SpanID(), "the handler's span is a child")
			assert.Equal(t, span.SpanContext().TraceID(), others[0].SpanContext().TraceID())
		})
	}
}

// Each kind of answer shows on the span as the conventions say.
func TestStatusAndErrors(t *testing.T) {
	for _, tc := range []struct {
		name, method, path string
		header             http.Header
		status             int
		spanName           string
		code               codes.Code
		exception          string // the recorded exception's message, if any
		extra              map[attribute.Key]string
	}{
		{name: "no parent starts a trace", method: "GET", path: "/users/1", status: 200, spanName: "GET /users/:id", code: codes.Unset},
		{name: "a malformed traceparent is ignored", method: "GET", path: "/users/1", header: http.Header{"Traceparent": {"00-zz-zz-01"}},
			status: 200, spanName: "GET /users/:id", code: codes.Unset},
		{name: "404 has no route and is no server error", method: "GET", path: "/nope", status: 404, spanName: "GET", code: codes.Unset},
		{name: "5xx is an error, recorded", method: "GET", path: "/down", status: 503, spanName: "GET /down", code: codes.Error,
			exception: "database down", extra: map[attribute.Key]string{"error.type": "503"}},
		{name: "a typed error names error.type", method: "GET", path: "/missing-file", status: 500, spanName: "GET /missing-file", code: codes.Error,
			exception: "open /no/such/file: no such file or directory", extra: map[attribute.Key]string{"error.type": "*fs.PathError"}},
		{name: "a panic is recorded", method: "GET", path: "/panic", status: 500, spanName: "GET /panic", code: codes.Error,
			exception: "panic: boom", extra: map[attribute.Key]string{"error.type": "500"}},
		{name: "an unknown method is _OTHER", method: "PURGE", path: "/users/1", status: 405, spanName: "HTTP", code: codes.Unset,
			extra: map[attribute.Key]string{"http.request.method": "_OTHER", "http.request.method_original": "PURGE"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tp, rec := recorder()
			addr := servetest.Engine(t, otel.New(otel.TracerProvider(tp)).Around(chain.New(app(tp))))
			require.Equal(t, tc.status, get(t, tc.method, "http://"+addr+tc.path, tc.header))

			span, _ := server(t, rec)
			assert.Equal(t, tc.spanName, span.Name())
			assert.Equal(t, tc.code, span.Status().Code)
			assert.False(t, span.Parent().IsValid(), "a root span")
			a := attrs(span)
			assert.Equal(t, int64(tc.status), a["http.response.status_code"].AsInt64())
			for k, v := range tc.extra {
				assert.Equal(t, v, a[k].String(), k)
			}
			var exceptions []string
			for _, ev := range span.Events() {
				if ev.Name == "exception" {
					for _, kv := range ev.Attributes {
						if kv.Key == "exception.message" {
							exceptions = append(exceptions, kv.Value.AsString())
						}
					}
				}
			}
			if tc.exception == "" {
				assert.Empty(t, exceptions)
			} else {
				assert.Equal(t, []string{tc.exception}, exceptions)
			}
		})
	}
}

// The span's context derives from the request's, so the engine's deadline
// still holds for the handler.
func TestRequestContextKeepsItsDeadline(t *testing.T) {
	tp, _ := recorder()
	hasDeadline := make(chan bool, 1)
	h := iron.HandlerFunc(func(req *iron.Request) (*iron.Response, error) {
		_, ok := req.Context().Deadline()
		hasDeadline <- ok && trace.SpanFromContext(req.Context()).SpanContext().IsValid()
		return iron.With(http.StatusOK), nil
	})
	addr := servetest.Engine(t, otel.New(otel.TracerProvider(tp)).Around(h), engine.HandlerTimeout(time.Minute))
	require.Equal(t, 200, get(t, "GET", "http://"+addr+"/", nil))
	assert.True(t, <-hasDeadline)
}

// An ErrorRecorder records an error a later catcher recovers from, and an
// error that goes on to the end is recorded once.
func TestErrorRecorder(t *testing.T) {
	failing := iron.HandlerFunc(func(*iron.Request) (*iron.Response, error) { return nil, errors.New("cache down") })
	errorPage := iron.AfterFunc(func(_ *iron.Request, res *iron.Response) (*iron.Response, error) { return res, nil })
	for _, tc := range []struct {
		name    string
		recover bool
		status  int64
		code    codes.Code
	}{
		{"recovered by a later catcher", true, 200, codes.Unset},
		{"passed on to the end", false, 500, codes.Error},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tp, rec := recorder()
			c := chain.New(failing)
			c.LinkAfter(otel.ErrorRecorder{})
			if tc.recover {
				c.LinkAfter(recoverWith{errorPage})
			}
			_, _ = otel.New(otel.TracerProvider(tp)).Around(c).Handle(iron.NewRequest("GET", "/", nil))

			span, _ := server(t, rec)
			assert.Equal(t, tc.status, attrs(span)["http.response.status_code"].AsInt64())
			assert.Equal(t, tc.code, span.Status().Code)
			n := 0
			for _, ev := range span.Events() {
				if ev.Name == "exception" {
					n++
				}
			}
			assert.Equal(t, 1, n, "recorded once")
		})
	}
}

// recoverWith is an after catcher that answers any error with 200.
type recoverWith struct{ iron.AfterFunc }

func (recoverWith) CatchAfter(*iron.Request, error) (*iron.Response, error) {
	return iron.With(http.StatusOK, "sorry"), nil
}

// Skipped requests get no span.
func TestSkip(t *testing.T) {
	tp, rec := recorder()
	tracing := otel.New(otel.TracerProvider(tp), otel.Skip(func(req *iron.Request) bool { return req.EscapedPath() == "/healthz" }))
	h := tracing.Around(chain.New(app(tp)))
	_, _ = h.Handle(iron.NewRequest("GET", "/healthz", nil))
	assert.Empty(t, rec.Ended())
	_, _ = h.Handle(iron.NewRequest("GET", "/users/1", nil))
	assert.Len(t, rec.Ended(), 2, "the server span and the handler's")
}

func TestBadOptionsPanic(t *testing.T) {
	for _, tc := range []struct {
		opt  otel.Option
		want string
	}{
		{otel.TracerProvider(nil), "otel: TracerProvider(nil)"},
		{otel.Propagator(nil), "otel: Propagator(nil)"},
		{otel.Route(nil), "otel: Route(nil)"},
		{otel.Skip(nil), "otel: Skip(nil)"},
	} {
		assert.PanicsWithError(t, tc.want, func() { otel.New(tc.opt) })
	}
	assert.NotPanics(t, func() { otel.New(nil) }, "nil options are skipped")
	assert.PanicsWithError(t, "otel: LogHandler(nil): a handler is required", func() { otel.LogHandler(nil) })
}
