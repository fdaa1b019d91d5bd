package httpadapter

import (
	"context"
	"net"
	"net/http"
	"sync"

	"github.com/iron-go/iron"
)

// Handler returns an [http.Handler] that serves h, so that an Iron handler or
// chain runs under an [http.Server] (HTTP/2 and TLS included), behind
// net/http middleware, or in [net/http/httptest].
//
// Each request becomes an [iron.Request]: the http.Request's method, target,
// protocol, host, headers, body and the trailers after it
// ([iron.Request.Trailer]); its context as the request's context; its
// remote address parsed to a [*net.TCPAddr]; its TLS state, so that the
// scheme is https over TLS. The body is limited to
// [DefaultMaxBodyBytes] unless [MaxBodyBytes] says otherwise: past the
// limit, reads fail (at once when the declared Content-Length is over it)
// with an [*iron.Error] that wraps [iron.ErrBodyTooLarge] and answers 413
// Content Too Large, as on the engine, so that a handler written for one
// server matches and answers it the same on the other.
//
// h runs as [iron.Slot.Respond] runs it: an error is answered with its
// [iron.ErrorResponse] and logged, a panic with a 500 and logged with its
// stack. The response is written back with the defaults of the core, as the
// engine writes it:
//
//   - a zero status is 404; headers keep the names as set (canonical or not)
//     and all their values;
//   - a body without a Content-Type header is sent as
//     [iron.DefaultContentType]; no body at all is Content-Length: 0;
//   - a body of known length is sent with its Content-Length (a file through
//     the server's io.ReaderFrom, so sendfile(2) applies over plain TCP);
//     one of unknown length is streamed, and each [iron.Flush] of a streaming
//     body reaches the client;
//   - the response's Trailer is sent after a body of unknown length (only
//     there, as on the engine, since HTTP/1.1 trailers need chunking): keys
//     present before the body is written are announced in a Trailer header,
//     and keys a streaming body adds while it writes are sent too;
//   - a HEAD request, or a status that forbids a body (1xx, 204, 304), is
//     answered without a body, and the body is closed unread;
//   - a body that fails half-way aborts the response (see
//     [http.ErrAbortHandler]), so the client sees a truncated message rather
//     than a complete wrong one.
//
// Interim answers ([iron.Interim], 103 Early Hints) go through net/http's
// own 1xx support: the fields are set in the ResponseWriter's header for
// the 1xx and taken out again, so they are no part of the final answer.
//
// A response that takes over its connection ([iron.Upgrade],
// [iron.Hijack]) does so as on the engine, for HTTP/1.x requests
// ([iron.Request.Upgradable] is false for HTTP/2): Handler checks the
// switch as the engine does (a 101 the request did not ask for is a 500),
// reads and discards up to 256 KiB of a request body the handler left (the
// new protocol starts after the request), hijacks the connection, writes
// the 101 head (Upgrade) or nothing (Hijack), and runs the takeover function
// on the request's goroutine, so ServeHTTP returns when it does. Its context
// ends when it returns, and when the http.Server's Shutdown begins (through
// [http.Server.RegisterOnShutdown], once per server); net/http's Shutdown
// does not wait for hijacked connections.
//
// Requests are reused through a pool, so steady-state requests allocate only
// what net/http and the handler do. The handler is safe for concurrent use.
func Handler(h iron.Handler, opts ...Option) http.Handler {
	if h == nil {
		panic("httpadapter: Handler(nil)")
	}
	a := &adapter{h: limitErrors{h}, config: newConfig(opts)}
	a.pool.New = func() any {
		s := new(serverState)
		s.newContext, s.trailer, s.interim = s.context, s.requestTrailer, s.sendInterim
		return s
	}
	return a
}

// adapter is the http.Handler that Handler returns.
type adapter struct {
	h         iron.Handler
	config    config
	pool      sync.Pool // of *serverState
	shutdowns sync.Map  // *http.Server → the context its Shutdown ends, see upgrade.go
}

// serverState is the storage one request borrows from the pool: the Iron
// request, its header fields, and what its context and interim answers
// reach.
type serverState struct {
	slot       iron.Slot
	fields     []iron.HeaderField
	hr         *http.Request
	w          http.ResponseWriter
	final      bool                                       // the final answer has begun: no interim one now
	remote     string                                     // the RemoteAddr of the last request served
	remoteAddr net.Addr                                   // parsed from remote, shared by its requests, as a connection's
	newContext func() context.Context                     // s.context, bound once per state
	trailer    func() http.Header                         // s.requestTrailer, bound once per state
	interim    func(status int, header http.Header) error // s.sendInterim, bound once per state
	trailers   http.Header                                // what requestTrailer found, once the body ended
	limited    limitedBody                                // the body under the limit, see bodylimit.go
}

// ServeHTTP runs the Iron handler for r and writes its response to w.
func (a *adapter) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s := a.pool.Get().(*serverState)
	s.hr, s.w, s.final = r, w, false
	in := iron.Incoming{
		Method:        r.Method,
		Target:        requestTarget(r),
		Proto:         r.Proto,
		Host:          r.Host,
		ContentLength: r.ContentLength,
		RemoteAddr:    s.remoteAddrOf(r),
		LocalAddr:     localAddr(r),
		TLS:           r.TLS,
		NewContext:    s.newContext,
		Trailer:       s.trailer,
		Interim:       s.interim,
		Upgradable:    r.ProtoMajor == 1,
	}
	s.fields = headerFields(s.fields[:0], r)
	in.Header = s.fields
	if r.Body != nil && r.Body != http.NoBody {
		in.Body = r.Body
		switch limit := a.config.maxBody; {
		case limit > 0 && r.ContentLength > limit:
			// Known too large before a byte is read, as the engine has it: no
			// 100 Continue, and the first read fails.
			in.Body = tooLargeBody{limit}
		case limit > 0:
			s.limited.r = http.MaxBytesReader(w, r.Body, limit)
			in.Body = &s.limited
		}
	}
	s.slot.Reset(&in)

	res := s.slot.Respond(a.h, a.config.logger)
	s.final = true
	if fn, head := res.Takeover(); fn != nil {
		a.switchProtocols(s, res, fn, head) // puts s back
		return
	}
	if err := writeResponse(w, r.Method, res); err != nil {
		a.config.log().DebugContext(r.Context(), "httpadapter: response aborted",
			"method", r.Method, "path", r.URL.EscapedPath(), "error", err)
		// Not returned to the pool: the panic may leave it half reset.
		panic(http.ErrAbortHandler)
	}
	a.release(s)
}

// release resets s and puts it back in the pool.
func (a *adapter) release(s *serverState) {
	s.slot.Reset(nil)
	s.hr, s.w, s.trailers, s.limited.r = nil, nil, nil, nil
	clear(s.fields)
	a.pool.Put(s)
}

// remoteAddrOf returns r's remote address, parsed once for the requests of
// one connection (a keep-alive one sends many through the same state), as
// the engine hands out one address per connection.
func (s *serverState) remoteAddrOf(r *http.Request) net.Addr {
	if r.RemoteAddr != s.remote || s.remoteAddr == nil {
		s.remote, s.remoteAddr = r.RemoteAddr, parseAddr(r.RemoteAddr)
	}
	return s.remoteAddr
}

// context is the request's context: the http.Request's, which also tells
// FromHTTP when the client went away (see clientKey).
func (s *serverState) context() context.Context {
	ctx := s.hr.Context()
	return context.WithValue(ctx, clientKey{}, ctx)
}

// clientKey finds, among the values of the context Handler gives a request,
// the http.Request's context, which ends only when the client goes away or
// the response is written: FromHTTP watches it while it streams (see
// exchange.startStreaming).
type clientKey struct{}

// requestTrailer is the request's Incoming.Trailer: the trailer fields that
// followed the body, nil until net/http has read them (it lists the names a
// client announces with nil values until then) or when there are none.
func (s *serverState) requestTrailer() http.Header {
	if s.trailers != nil {
		return s.trailers
	}
	for name, values := range s.hr.Trailer {
		if values != nil {
			if s.trailers == nil {
				s.trailers = make(http.Header, len(s.hr.Trailer))
			}
			s.trailers[name] = values
		}
	}
	return s.trailers
}
