package otel_test

import (
	"fmt"
	"net/http"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/chain"
	"github.com/iron-go/iron/ext/otel"
	"github.com/iron-go/iron/ext/router"
)

func Example() {
	// An exporter to a collector in production; a recorder here.
	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))

	r := router.New()
	r.Get("/users/:id", iron.HandlerFunc(func(req *iron.Request) (*iron.Response, error) {
		_, span := tp.Tracer("app").Start(req.Context(), "load user") // a child of the request's span
		defer span.End()
		return iron.With(http.StatusOK, "user "+router.Param(req, "id")), nil
	}))
	h := otel.New(otel.TracerProvider(tp)).Around(chain.New(r)) // serve h: engine.New(h)

	req := iron.NewRequest("GET", "/users/7", nil)
	req.Header().Set("Traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
	_, _ = h.Handle(req)

	spans := rec.Ended() // in the order they ended
	child, server := spans[0], spans[1]
	fmt.Println(server.Name(), server.SpanKind(), "trace", server.SpanContext().TraceID(), "parent", server.Parent().SpanID())
	fmt.Println(child.Name(), "is a child of the server span:", child.Parent().SpanID() == server.SpanContext().SpanID())
	// Output:
	// GET /users/:id server trace 4bf92f3577b34da6a3ce929d0e0e4736 parent 00f067aa0ba902b7
	// load user is a child of the server span: true
}
