package timeout

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/iron-go/iron"
)

// ErrTimeout is wrapped by the error a request fails with when its handler
// missed the deadline.
var ErrTimeout = errors.New("timeout: handler deadline exceeded")

// Timeout is an around middleware that gives the handler a deadline (see the
// package doc). Build it with [New]; it is safe for concurrent use.
type Timeout struct {
	limit   time.Duration
	status  int
	respond func(req *iron.Request, err error) *iron.Response
	skip    func(req *iron.Request) bool // nil: every request
	answer  *iron.Response               // the default answer, shared: only read
}

// Option configures a [Timeout] in [New], which checks it: a bad value
// panics there, with an error that names the option and the value.
type Option func(*Timeout)

// Status sets the status of the timeout answer: 503 Service Unavailable (the
// default, as net/http's TimeoutHandler) or 504 Gateway Timeout (as chi's
// Timeout; apt when the handler waits on an upstream).
func Status(code int) Option {
	return func(t *Timeout) {
		if code != http.StatusServiceUnavailable && code != http.StatusGatewayTimeout {
			panic(fmt.Errorf("timeout: Status(%d): must be 503 or 504", code))
		}
		t.status = code
	}
}

// Responder sets the function that builds the timeout answer, instead of a
// plain-text one with the [Status] code, from the error the request fails
// with (which wraps [ErrTimeout], and the handler's own error when it
// returned one). A zero Status in its response becomes the Status code; a
// nil response means the plain answer. The same function may serve as the
// Responder of the other packages that have one (auth, csrf, ratelimit,
// recovery). [New] panics on a nil fn.
func Responder(fn func(req *iron.Request, err error) *iron.Response) Option {
	return func(t *Timeout) {
		if fn == nil {
			panic(fmt.Errorf("timeout: Responder(nil): a function is required"))
		}
		t.respond = fn
	}
}

// Skip sets a function that picks the requests that run without the
// deadline (a long poll, a stream that lasts as long as its client). It is
// called once per request, before the handler. [New] panics on a nil fn.
func Skip(fn func(req *iron.Request) bool) Option {
	return func(t *Timeout) {
		if fn == nil {
			panic(fmt.Errorf("timeout: Skip(nil): a function is required"))
		}
		t.skip = fn
	}
}

// New returns a Timeout that gives handlers limit to answer, configured by
// opts (nil options are skipped). It panics on a limit that is not positive
// or a bad option value, with an error naming it and the value.
func New(limit time.Duration, opts ...Option) *Timeout {
	if limit <= 0 {
		panic(fmt.Errorf("timeout: New(%v): the limit must be positive", limit))
	}
	t := &Timeout{limit: limit, status: http.StatusServiceUnavailable}
	for _, o := range opts {
		if o != nil {
			o(t)
		}
	}
	t.answer = iron.With(t.status, http.StatusText(t.status))
	return t
}

// Around returns a handler that runs next with the deadline.
func (t *Timeout) Around(next iron.Handler) iron.Handler {
	return iron.HandlerFunc(func(req *iron.Request) (*iron.Response, error) {
		if t.skip != nil && t.skip(req) {
			return next.Handle(req)
		}
		parent := req.Context()
		// The cause lets a handler tell this deadline from others:
		// context.Cause(req.Context()) is ErrTimeout once it has passed.
		ctx, cancel := context.WithTimeoutCause(parent, t.limit, ErrTimeout)
		req.SetContext(ctx)
		// Deferred, so that the context is released and restored even when
		// the handler panics on its way to a recovery middleware.
		defer func() {
			cancel()
			req.SetContext(parent)
		}()
		res, err := next.Handle(req)

		if !errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return res, err
		}
		// Too late: whatever the handler answered is dropped. Its body may
		// hold a file or a connection that only the server would close.
		if res != nil {
			_ = res.Body().Close()
		}
		return nil, t.timedOut(req, err)
	})
}

// timedOut returns the error a late request fails with. It wraps the
// handler's own error, when there is one, so that catchers still find it.
func (t *Timeout) timedOut(req *iron.Request, handlerErr error) error {
	err := fmt.Errorf("%w after %v", ErrTimeout, t.limit)
	switch {
	case handlerErr == nil:
		err = fmt.Errorf("%w: %w", err, context.DeadlineExceeded)
	case errors.Is(handlerErr, context.DeadlineExceeded):
		err = fmt.Errorf("%w: %w", err, handlerErr)
	default:
		err = fmt.Errorf("%w: %w (handler: %w)", err, context.DeadlineExceeded, handlerErr)
	}
	answer := t.answer
	if t.respond != nil {
		if custom := t.respond(req, err); custom != nil {
			answer = custom
			if answer.Status == 0 {
				answer = answer.Clone() // the responder's own, maybe shared
				answer.Status = t.status
			}
		}
	}
	return &iron.Error{Err: err, Response: answer}
}
