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

// AfterMiddleware runs after the handler and may inspect or replace its
// response. It never changes the response it was given (a handler may share
// one between requests): to add a header it returns a [Response.Clone]. One
// that replaces a response drops its body unsent, and so calls
// res.Body().Close() to release a file or a stream behind it.
type AfterMiddleware interface {
	After(req *Request, res *Response) (*Response, error)
}

// AroundMiddleware wraps a handler in another one. Around is called when the
// chain is built, not per request; the handler it returns is shared by all
// requests.
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
