package iron

// Handler answers a request: with a response, or with an error whose response
// (see [Error]) the server sends instead.
//
// A Handler is shared by every request the server runs at once, so it must be
// safe for concurrent use; per-request state belongs in the request's
// extensions ([Set], [Get]).
type Handler interface {
	Handle(req *Request) (*Response, error)
}

// HandlerFunc adapts an ordinary function to a [Handler].
type HandlerFunc func(req *Request) (*Response, error)

// Handle calls f(req).
func (f HandlerFunc) Handle(req *Request) (*Response, error) { return f(req) }

// BeforeMiddleware runs before the handler. Returning an error skips the
// handler unless a later before middleware's [BeforeCatcher] recovers.
type BeforeMiddleware interface {
	Before(req *Request) error
}

// AfterMiddleware runs after the handler and may inspect, change or replace
// its response. A chain hands After the request's own copy of the response
// ([Own]), never nil and never a value the handler shares with other
// requests, so After may change it in place (res.Header.Set, or
// [Response.SetHeader], which allocates nothing) and return it. The copy is
// valid until the request ends: to keep it longer, keep a [Response.Clone].
// One that replaces a response drops its body unsent, and so calls
// res.Body().Close() to release a file or a stream behind it.
type AfterMiddleware interface {
	After(req *Request, res *Response) (*Response, error)
}

// AroundMiddleware wraps a handler in another one. Around is called when the
// chain is built, not per request; the handler it returns is shared by all
// requests. Linked to a chain, next returns the request's own copy of its
// response ([Own]), which the around may change in place, as an after
// middleware does; an around used by itself (wrapping a whole chain) calls
// Own on what next returns before it changes it.
type AroundMiddleware interface {
	Around(next Handler) Handler
}

// BeforeCatcher is the error path of a before middleware. When an earlier
// before middleware (not this one) failed, CatchBefore receives the error:
// returning nil recovers, and the chain resumes with the next before
// middleware; returning an error passes it on.
type BeforeCatcher interface {
	CatchBefore(req *Request, err error) error
}

// AfterCatcher is the error path of an after middleware. When the handler or
// an earlier middleware failed, CatchAfter receives the error: returning a
// response and a nil error recovers, and the next after middleware is back on
// the normal path; returning an error passes it on.
type AfterCatcher interface {
	CatchAfter(req *Request, err error) (*Response, error)
}

// BeforeFunc adapts an ordinary function to a [BeforeMiddleware].
type BeforeFunc func(req *Request) error

// Before calls f(req).
func (f BeforeFunc) Before(req *Request) error { return f(req) }

// AfterFunc adapts an ordinary function to an [AfterMiddleware].
type AfterFunc func(req *Request, res *Response) (*Response, error)

// After calls f(req, res).
func (f AfterFunc) After(req *Request, res *Response) (*Response, error) { return f(req, res) }

// AroundFunc adapts an ordinary function to an [AroundMiddleware].
type AroundFunc func(next Handler) Handler

// Around calls f(next).
func (f AroundFunc) Around(next Handler) Handler { return f(next) }
