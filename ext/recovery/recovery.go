package recovery

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"

	"github.com/iron-go/iron"
)

// PanicError is the error a recovered panic becomes.
type PanicError struct {
	// Value is what the handler passed to panic.
	Value any
	// Stack is the goroutine's stack at the panic, as [debug.Stack] formats
	// it; empty when the stack is turned off with [Stack].
	Stack []byte
}

// Error describes the panic value; it never includes the stack.
func (e *PanicError) Error() string { return fmt.Sprintf("recovery: panic: %v", e.Value) }

// Unwrap returns the panic value when it is an error, so that [errors.Is]
// and [errors.As] see through a panic(err).
func (e *PanicError) Unwrap() error {
	if err, ok := e.Value.(error); ok {
		return err
	}
	return nil
}

// Recovery is an around middleware that recovers panics (see the package
// doc). Build it with [New]; it is safe for concurrent use.
type Recovery struct {
	out       *slog.Logger
	respond   func(req *iron.Request, err error) *iron.Response
	withStack bool
}

// Option configures a [Recovery] in [New], which checks it: a bad value
// panics there, with an error that names the option and the value.
type Option func(*Recovery)

// Logger sets the logger panics are logged to; without it, they go to
// [slog.Default] as it is at the time of the panic. [New] panics on nil.
func Logger(l *slog.Logger) Option {
	return func(r *Recovery) {
		if l == nil {
			panic(fmt.Errorf("recovery: Logger(nil): a logger is required"))
		}
		r.out = l
	}
}

// Responder sets the function that chooses the response sent for a panic,
// instead of a plain 500, from the error the request fails with: a
// [*PanicError] (errors.As finds it, with the panic value and the stack).
// It runs on the request's goroutine after the panic has been logged; a nil
// response means the plain 500, and a zero Status in its response becomes
// 500. It must not panic itself: if it does, the server's own recovery
// answers. The same function may serve as the Responder of the other
// packages that have one (auth, csrf, ratelimit, timeout). [New] panics on
// a nil fn.
func Responder(fn func(req *iron.Request, err error) *iron.Response) Option {
	return func(r *Recovery) {
		if fn == nil {
			panic(fmt.Errorf("recovery: Responder(nil): a function is required"))
		}
		r.respond = fn
	}
}

// Stack sets whether the stack is captured and logged (the default is
// true). Without it a panic costs less and the log line is one line long.
func Stack(on bool) Option { return func(r *Recovery) { r.withStack = on } }

// New returns a Recovery configured by opts (nil options are skipped). It
// panics on a bad option value, with an error naming the option and the
// value.
func New(opts ...Option) *Recovery {
	r := &Recovery{withStack: true}
	for _, o := range opts {
		if o != nil {
			o(r)
		}
	}
	return r
}

// internalError is the default answer; servers and middleware only read it.
var internalError = iron.With(http.StatusInternalServerError, http.StatusText(http.StatusInternalServerError))

// Around returns a handler that runs next and turns its panics into errors.
func (r *Recovery) Around(next iron.Handler) iron.Handler {
	return iron.HandlerFunc(func(req *iron.Request) (res *iron.Response, err error) {
		defer func() {
			if p := recover(); p != nil {
				res, err = nil, r.recovered(req, p)
			}
		}()
		return next.Handle(req)
	})
}

// recovered logs the panic p and returns the error to answer it with.
func (r *Recovery) recovered(req *iron.Request, p any) error {
	if err, ok := p.(error); ok && errors.Is(err, http.ErrAbortHandler) {
		panic(p)
	}
	pe := &PanicError{Value: p}
	if r.withStack {
		pe.Stack = debug.Stack()
	}
	out := r.out
	if out == nil {
		out = slog.Default()
	}
	attrs := []slog.Attr{
		slog.String("method", req.Method()),
		slog.String("path", req.EscapedPath()),
		slog.String("panic", fmt.Sprint(p)),
	}
	if pe.Stack != nil {
		attrs = append(attrs, slog.String("stack", string(pe.Stack)))
	}
	out.LogAttrs(req.PeekContext(), slog.LevelError, "recovery: panic serving request", attrs...)

	res := internalError
	if r.respond != nil {
		if custom := r.respond(req, pe); custom != nil {
			res = custom
			if res.Status == 0 {
				res = res.Clone() // the responder's own, maybe shared
				res.Status = http.StatusInternalServerError
			}
		}
	}
	return &iron.Error{Err: pe, Response: res}
}
