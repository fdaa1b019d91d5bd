package otel

import (
	"go.opentelemetry.io/otel/trace"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/internal/telemetry"
)

// ErrorRecorder is an after middleware that records, on the span of the
// request's context, each error of status 500 or more that reaches it, and
// passes the error on. Link it right after the handler so that errors a
// later catcher turns into an answer (a friendly error page, a fallback) are
// still in the trace:
//
//	c.LinkAfter(otel.ErrorRecorder{}, errorPages)
//
// Without it, [Tracing] records only the error the chain ends with. Its zero
// value is ready to use and safe for concurrent use.
type ErrorRecorder struct{}

var (
	_ iron.AfterMiddleware = ErrorRecorder{}
	_ iron.AfterCatcher    = ErrorRecorder{}
)

// After returns res unchanged.
func (ErrorRecorder) After(_ *iron.Request, res *iron.Response) (*iron.Response, error) {
	return res, nil
}

// CatchAfter records err on the request's span when its status is 500 or
// more, and returns it.
func (ErrorRecorder) CatchAfter(req *iron.Request, err error) (*iron.Response, error) {
	if telemetry.Status(nil, err) < 500 {
		return nil, err
	}
	span := trace.SpanFromContext(req.PeekContext())
	if span.IsRecording() {
		span.RecordError(err)
		iron.Set(req, recordedKey, err)
	}
	return nil, err
}
