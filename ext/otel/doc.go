// Package otel traces the requests a handler serves with OpenTelemetry
// (go.opentelemetry.io/otel): one server span per request, named by its
// route, child of the span the client's W3C traceparent header names.
//
//	tracing := otel.New(otel.TracerProvider(tp))
//	r := router.New()
//	r.Get("/users/:id", showUser)
//	c := chain.New(r)
//	c.LinkAfter(otel.ErrorRecorder{})
//	engine.New(tracing.Around(c)).ListenAndServe(":3000")
//
// The package is named otel like the API it adapts; import one of the two
// under another name (ironotel, say) where both are needed.
//
// # The span
//
// [Tracing.Around] wraps a handler, best the whole chain. For each request
// it extracts the parent span context from the headers (W3C Trace Context:
// traceparent and tracestate; see [Propagator]), starts a span of kind
// server, and puts it in the request's context with req.SetContext, derived
// from the request's own context so that cancellation and deadlines still
// hold. Handlers start child spans from req.Context():
//
//	ctx, span := tracer.Start(req.Context(), "load user")
//	defer span.End()
//
// The span is named "GET /users/:id" — the method and the pattern of the
// ext/router route that served the request ([Route] chooses otherwise), or
// the method alone when none did, never the raw path — and carries the HTTP
// semantic conventions' attributes: http.request.method, url.path,
// url.scheme, server.address and server.port (from Host), client.address
// (the connection's peer), network.protocol.version, user_agent.original,
// then http.route and http.response.status_code.
//
// # Errors
//
// A response of status 500 or more sets the span's status to Error and its
// error.type; the error behind it, if any, is recorded as an exception
// event. A 4xx is the client's error, not the server's: it shows only in the
// status code. A panic is recorded and raised again. Errors that a catcher
// inside the chain turns into an answer never reach the wrapper; link an
// [ErrorRecorder] after the handler to record them too.
//
// # Logs
//
// [LogHandler] wraps a slog.Handler so that records logged with a context
// that holds a span (ext/logger's request lines, iron.Respond's error lines)
// carry trace_id and span_id.
//
// # Cost
//
// A request costs what the SDK's span costs, plus the request's context
// (on the engine, made on first use: a cancelable context and a watch for
// the client going away) and the attribute slice. Skip requests that need
// no span with [Skip].
package otel
