package httpadapter

import (
	"context"
	"net/http"
	"reflect"

	"github.com/iron-go/iron"
)

// Around links net/http middleware (func(http.Handler) http.Handler: a
// logger, a CORS or compression handler, an auth check) into a chain as an
// around middleware, in one call:
//
//	c.LinkAround(httpadapter.Around(cors.Default().Handler)) // github.com/rs/cors
//
// The middleware runs as any net/http handler does under [FromHTTP] (with
// the same options), and the handler it wraps runs the rest of the chain on
// the same [iron.Request], with what the middleware changed on its
// http.Request: a new context (say, with a value added) becomes the
// request's context, and a rewritten URL path its path
// ([iron.Request.SetPath]), until the wrapped handler returns, as with
// r.WithContext and [http.StripPrefix]; a new body becomes its body, and a
// new header map its headers. A new query string or remote address cannot be
// passed on, since an iron.Request keeps the ones it was sent.
//
// The inner handler's response is written to the middleware's
// ResponseWriter with the core's defaults, as [Handler] writes it, so the
// middleware sees and may change its status, headers and body. An error of
// the inner handler is written as its [iron.ErrorResponse] too, and then goes
// on up the chain, so that catchers still get it: as an [*iron.Error] that
// wraps it and whose response is what the middleware made of the error
// response (with the headers it adds, say CORS ones).
func Around(mw func(http.Handler) http.Handler, opts ...Option) iron.AroundMiddleware {
	if mw == nil {
		panic("httpadapter: Around(nil)")
	}
	// Checked now, not when the chain is built, so that a bad option panics
	// where it is written.
	cfg := newConfig(opts)
	return iron.AroundFunc(func(next iron.Handler) iron.Handler {
		h := mw(inner{next})
		if h == nil {
			panic("httpadapter: Around: the middleware returned a nil http.Handler")
		}
		return &netHandler{h: h, config: cfg}
	})
}

// inner is the http.Handler an Around middleware wraps: the rest of the
// chain, run on the Iron request the exchange came from.
type inner struct{ next iron.Handler }

var emptyNotFound = &iron.Response{Status: http.StatusNotFound}

func (in inner) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	x, _ := r.Context().Value(exchangeKey{}).(*exchange)
	if x == nil {
		http.Error(w, "httpadapter: Around: the middleware replaced the request context with one not derived from it",
			http.StatusInternalServerError)
		return
	}
	res, err := in.handle(x, r)
	switch {
	case err != nil:
		x.innerErr = err
		res = iron.ErrorResponse(err)
	case res == nil:
		res = emptyNotFound
	}
	if fn, head := res.Takeover(); fn != nil {
		switchThrough(w, r, res, fn, head)
		return
	}
	if err := writeResponse(w, r.Method, res); err != nil {
		panic(http.ErrAbortHandler)
	}
}

// handle runs the rest of the chain on the Iron request, with what the
// middleware changed on r.
func (in inner) handle(x *exchange, r *http.Request) (*iron.Response, error) {
	req := x.req
	// The context and path are the middleware's for the handler it wraps
	// only, as with r.WithContext and http.StripPrefix: they are put back
	// as soon as it returns, before a streaming response may hand the
	// request back to the server.
	ctx, path := req.Context(), req.EscapedPath()
	if c := r.Context(); c != context.Context(x) {
		req.SetContext(c)
		defer req.SetContext(ctx)
	}
	if r.URL.Path != x.origPath || r.URL.RawPath != x.origRawPath {
		req.SetPath(r.URL.EscapedPath())
		defer req.SetPath(path)
	}
	if r.Body != x.origBody {
		req.SetBody(r.Body)
	}
	if h := req.Header(); !sameMap(h, r.Header) {
		clear(h)
		for name, values := range r.Header {
			h[name] = values
		}
	}
	return in.next.Handle(req)
}

// sameMap reports whether a and b are the same map, not merely equal ones.
func sameMap(a, b http.Header) bool {
	return reflect.ValueOf(a).Pointer() == reflect.ValueOf(b).Pointer()
}
