package httpadapter

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/iron-go/iron"
)

// FromHTTP returns an [iron.Handler] that runs h, so that any net/http
// handler (net/http/pprof, promhttp, [http.FileServer], a websocket upgrade)
// can be linked into a chain, mounted or routed to.
//
// # The request
//
// h gets an [*http.Request] made from the Iron request: method, URL (the path
// as the chain sees it, so after a mount strips its prefix; no scheme or host
// unless the target was in absolute form), protocol, host, remote address,
// TLS state, the request's header map (shared: changes h makes are seen by
// later middleware), body (h may Close it; that does not close the server's)
// and, once h has read the body to its end, the trailers that followed it in
// r.Trailer. Its context has the Iron request's values and deadline, and
// ends with the request's context while h's output is held back. Once h
// streams, it no longer does, since middleware (with a deferred cancel, as
// ext/timeout has) may end that context as the handler returns, before the
// body is written: it ends when the response is done (written, or dropped by after
// middleware), and under [Handler] when the client goes away; elsewhere h
// learns that the client went away when a write fails. A chunked request
// body shows as net/http shows it: ContentLength -1 and TransferEncoding
// ["chunked"].
//
// # The response
//
// After middleware must see h's status and headers, and may replace them, so
// FromHTTP holds back h's output until h returns, and then returns a response
// with h's status, headers and body: bytes, with net/http's defaults (200
// when h sets none, a Content-Type sniffed from the body when h sets none,
// trailers set the net/http way moved to [iron.Response.Trailer]).
//
// Two things make FromHTTP stream instead: h flushes (as an event stream or a
// long poll does), or h writes more than [DefaultBufferBytes] (see
// [BufferBytes]). Then FromHTTP returns at once a response with the status and
// a copy of the headers as they are at that moment, and whatever h writes from
// then on reaches the client through the body, each flush of h as an
// [iron.Flush] of the server's writer. The body's Content-Length is the one
// h set, if any. After middleware still run, before the body is written, and
// still may replace the response; the rest of h's output is then dropped.
//
// # Goroutines
//
// h runs on a goroutine of its own, since FromHTTP must return the response
// while a streaming h is still writing. The goroutine of FromHTTP's caller
// waits until h returns or starts streaming; from then on they hand each
// write over synchronously (h's Write returns once the server has taken the
// bytes), so there is no copy and no shared state. A streamed body is a
// reader the server closes when the response is done, written or not: Close
// ends h's context, makes h's further writes fail, and waits for h to
// return, so that the request outlives nothing of it. The http.Request h got
// gets its own copy of the header map when streaming starts. An after
// middleware that replaces a streaming response should close the body it
// drops, as with any body; if it does not, h's writes start failing
// two seconds after the request's context ends.
//
// A panic of h before streaming starts is raised again, with h's stack, on
// the caller's goroutine (where [iron.Slot.Respond] turns it into a 500); after
// that, it is logged and fails the body, which aborts the response.
//
// # Hijacking
//
// h may hijack the connection (a WebSocket upgrade) through [http.Hijacker]
// or [http.ResponseController] when the server can hand it over
// ([iron.Request.Upgradable]: the engine, and [Handler] for HTTP/1.x).
// FromHTTP then returns a response that takes over the connection: with
// [iron.Upgrade] when h wrote 101 (and its headers) first, as
// coder/websocket does, so that the server writes that head as net/http
// would; with [iron.Hijack] otherwise, h writing its answer itself, as
// gorilla/websocket does (a status other than 101 written first is written
// ahead of it by Hijack). Hijack returns once the server has written the
// answers before and hands the connection over, on a goroutine that is no
// engine worker; what the client sent after the request is buffered in the
// returned reader, as under net/http. h keeps the connection on its own
// goroutine for as long as it likes, and must close it; the server counts
// the connection as switched, and ends h's context, when h returns or the
// server shuts down (h then says goodbye: a WebSocket closes with 1001).
//
// When after middleware replaces that response, or the server refuses the
// switch (a 101 the request did not ask for), Hijack fails once the
// request has ended and two seconds have passed (a middleware may end the
// request's context before the server hands the connection over, as the
// handler returns). When the server cannot hand over its connection (HTTP/2, an
// in-memory test), Hijack fails with [ErrHijackUnsupported] and the client
// gets 501 Not Implemented with a body that says why, whatever h wrote
// after the failure.
//
// A 1xx status h writes before its final one (103 Early Hints) is sent at
// once through [iron.Interim], with h's header as it is then, which stays
// for the final answer, as net/http has it; 100 Continue is the server's
// own and is dropped. [http.ResponseController]'s deadlines and full duplex
// have no Iron equivalent and report [http.ErrNotSupported].
func FromHTTP(h http.Handler, opts ...Option) iron.Handler {
	if h == nil {
		panic("httpadapter: FromHTTP(nil)")
	}
	return &netHandler{h: h, config: newConfig(opts)}
}

// netHandler is the iron.Handler that FromHTTP returns.
type netHandler struct {
	h      http.Handler
	config config
}

// Handle runs n.h for req as FromHTTP describes.
func (n *netHandler) Handle(req *iron.Request) (*iron.Response, error) {
	return newExchange(req, &n.config).run(n.h)
}

// mode is where an exchange stands. The handler's goroutine moves it out of
// buffering, once, just before it closes decided.
type mode uint8

const (
	buffering mode = iota // h runs, its output held back
	finished              // h returned while buffering
	streaming             // h writes through a streamBody
	hijacked              // h took the connection
)

// exchange is one run of a net/http handler for an Iron request. It is the
// handler's request context too, so that Around finds it.
type exchange struct {
	context.Context // the Iron request's values; ended by cancel alone
	cancel          context.CancelCauseFunc
	parent          context.Context // the Iron request's context
	stopFollow      func() bool     // stops parent's end from ending h's

	// Set before h starts and read-only after.
	req         *iron.Request
	config      *config
	hr          *http.Request
	url         url.URL
	origPath    string // url.Path and RawPath as given to h, for Around
	origRawPath string
	origBody    io.ReadCloser
	head        bool
	w           responseWriter

	// Owned by h's goroutine until decided is closed.
	header       http.Header
	status       int
	wroteHeader  bool
	buf          bytes.Buffer
	eaten        int64 // bytes h wrote to a HEAD request
	hijackFailed bool
	handoff      *handoff // made when h hijacks
	innerErr     error    // the error of the Iron handler inside Around
	panicked     *handlerPanic
	mode         mode
	decided      chan struct{}
	stream       *stream // made when streaming starts
}

// exchangeKey finds the exchange among the context values, for Around.
type exchangeKey struct{}

// parentEnded ends h's context with the request's.
func (x *exchange) parentEnded() { x.cancel(x.parent.Err()) }

// Deadline is the request's deadline.
func (x *exchange) Deadline() (time.Time, bool) { return x.parent.Deadline() }

// Err tells a deadline that ended the request from any other end.
func (x *exchange) Err() error {
	if x.Context.Err() == nil {
		return nil
	}
	if errors.Is(context.Cause(x.Context), context.DeadlineExceeded) {
		return context.DeadlineExceeded
	}
	return context.Canceled
}

// Value answers exchangeKey with the exchange itself.
func (x *exchange) Value(key any) any {
	if key == (exchangeKey{}) {
		return x
	}
	return x.Context.Value(key)
}

func newExchange(req *iron.Request, c *config) *exchange {
	x := &exchange{
		req:     req,
		config:  c,
		header:  make(http.Header),
		decided: make(chan struct{}),
		head:    req.Method() == http.MethodHead,
	}
	// h's context follows the request's only while h's output is held
	// back: a server may end the request's context as soon as the handler
	// returns (the engine does), which must not cut a stream short.
	x.parent = req.Context()
	x.Context, x.cancel = context.WithCancelCause(context.WithoutCancel(x.parent))
	x.stopFollow = context.AfterFunc(x.parent, x.parentEnded)
	x.w.x = x
	x.url = *req.URL()
	if strings.HasPrefix(req.RequestURI(), "/") {
		// As http.Server parses an origin-form target.
		x.url.Scheme, x.url.Host = "", ""
	}
	x.origPath, x.origRawPath = x.url.Path, x.url.RawPath

	x.origBody = http.NoBody
	contentLength := req.ContentLength()
	switch body := req.Body(); {
	case body == http.NoBody:
		if contentLength < 0 {
			contentLength = 0
		}
	case contentLength < 0:
		// Only a body of unknown length (chunked) can be followed by
		// trailers.
		x.origBody = &trailedBody{r: body, x: x}
	default:
		x.origBody = io.NopCloser(body)
	}
	major, minor, ok := http.ParseHTTPVersion(req.Proto())
	if !ok {
		major, minor = 1, 1
	}
	remote := ""
	if a := req.RemoteAddr(); a != nil {
		remote = a.String()
	}
	var te []string
	if contentLength < 0 {
		te = []string{"chunked"} // as net/http shows a chunked body
	}
	hr := http.Request{
		Method:           req.Method(),
		TransferEncoding: te,
		URL:              &x.url,
		Proto:            req.Proto(),
		ProtoMajor:       major,
		ProtoMinor:       minor,
		Header:           req.Header(),
		Body:             x.origBody,
		ContentLength:    contentLength,
		Host:             req.Host(),
		RemoteAddr:       remote,
		RequestURI:       req.RequestURI(),
		TLS:              req.TLS(),
	}
	x.hr = hr.WithContext(x)
	return x
}

// trailedBody is the body of a request whose length is unknown: at its end it
// gives h's request the trailers that followed it, as net/http fills
// http.Request.Trailer once the body is read. Close does not close the
// server's body.
type trailedBody struct {
	r io.Reader
	x *exchange
}

func (b *trailedBody) Read(p []byte) (int, error) {
	n, err := b.r.Read(p)
	if err == io.EOF {
		if t := b.x.req.Trailer(); t != nil {
			b.x.hr.Trailer = t
		}
	}
	return n, err
}

func (b *trailedBody) Close() error { return nil }

// run serves the exchange: h on a goroutine of its own, while the caller
// waits for it to finish, stream or hijack.
func (x *exchange) run(h http.Handler) (*iron.Response, error) {
	go x.serve(h)
	<-x.decided
	switch x.mode {
	case finished:
		x.cancel(nil)
		if x.panicked != nil {
			panic(x.panicked)
		}
		res := x.bufferedResponse()
		if x.innerErr != nil {
			// The error goes on, for catchers; the response it carries is
			// the middleware's, with what it added to the error response.
			return nil, &iron.Error{Err: x.innerErr, Response: res}
		}
		return res, nil
	case streaming:
		return x.streamingResponse(), nil
	}
	return x.hijackResponse(), nil
}

// serve runs h on its own goroutine and reports how it ended.
func (x *exchange) serve(h http.Handler) {
	defer x.finish()
	h.ServeHTTP(&x.w, x.hr)
}

// finish is deferred by serve: it records a panic and tells whoever waits.
func (x *exchange) finish() {
	if p := recover(); p != nil {
		x.panicked = &handlerPanic{value: p, stack: debug.Stack()}
	}
	switch x.mode {
	case buffering:
		x.stopFollow()
		x.mode = finished
		close(x.decided)
	case streaming:
		if x.panicked != nil {
			x.logPanic()
		}
		close(x.stream.done)
	case hijacked:
		if x.panicked != nil {
			x.logPanic()
		}
		x.cancel(nil)
		close(x.handoff.done)
	}
}

func (x *exchange) logPanic() {
	if x.panicked.value == http.ErrAbortHandler {
		return // net/http's way to abort quietly
	}
	x.config.log().Error("httpadapter: panic in net/http handler after its response started",
		"method", x.hr.Method, "path", x.origPath,
		"panic", fmt.Sprint(x.panicked.value), "stack", string(x.panicked.stack))
}

// handlerPanic carries a panic of h, with h's stack, to the goroutine that
// raises it again.
type handlerPanic struct {
	value any
	stack []byte
}

func (p *handlerPanic) Error() string {
	return fmt.Sprintf("httpadapter: net/http handler panicked: %v\n\n%s", p.value, p.stack)
}

// Unwrap returns the panic value when it is an error, such as
// [http.ErrAbortHandler].
func (p *handlerPanic) Unwrap() error {
	err, _ := p.value.(error)
	return err
}

// bufferedResponse is h's whole output, with net/http's defaults applied.
func (x *exchange) bufferedResponse() *iron.Response {
	if x.hijackFailed {
		return iron.With(http.StatusNotImplemented, ErrHijackUnsupported.Error()+"\n")
	}
	h := x.header
	res := &iron.Response{Status: x.statusCode(), Header: h, Trailer: takeTrailers(h)}
	delete(h, "Trailer") // the server announces res.Trailer itself
	if x.head {
		// The length of the body HEAD leaves out: the one h stated, or else
		// what it wrote, as net/http has it. A body of that length, never
		// read, states it on any server.
		n := x.eaten
		if cl, ok := h["Content-Length"]; ok && len(cl) == 1 {
			n, _ = strconv.ParseInt(cl[0], 10, 64)
		}
		delete(h, "Content-Length")
		if n > 0 && res.Trailer == nil {
			res.SetBody(iron.ReaderBody(http.NoBody, n))
		}
		return res
	}
	delete(h, "Content-Length") // the body's length is known, and the truth
	if x.buf.Len() == 0 && res.Trailer == nil {
		return res
	}
	x.sniff(h)
	if res.Trailer != nil {
		// Trailers travel only after a body of unknown length.
		res.SetBody(iron.ReaderBody(bytes.NewReader(x.buf.Bytes()), -1))
	} else {
		res.SetBody(iron.BytesBody(x.buf.Bytes()))
	}
	return res
}

// streamingResponse is the response whose body carries the rest of h's
// output; its header is the copy taken when streaming started.
func (x *exchange) streamingResponse() *iron.Response {
	h := x.stream.header
	for name := range h {
		if strings.HasPrefix(name, http.TrailerPrefix) {
			delete(h, name)
		}
	}
	size := int64(-1)
	if cl, ok := h["Content-Length"]; ok {
		if _, trailers := h["Trailer"]; !trailers && len(cl) == 1 {
			if n, err := strconv.ParseInt(cl[0], 10, 64); err == nil && n >= 0 {
				size = n
			}
		}
		delete(h, "Content-Length")
	}
	// The body fills this Trailer map once h returns: made now, so that the
	// request's own copy of the response, which middleware and the server
	// get, refers to it too (see iron.Response.Trailer).
	res := &iron.Response{Status: x.statusCode(), Header: h, Trailer: make(http.Header)}
	res.SetBody(iron.ReaderBody(&streamBody{x: x, s: x.stream, res: res}, size))
	return res
}

func (x *exchange) statusCode() int {
	if !x.wroteHeader {
		return http.StatusOK
	}
	return x.status
}

// sniff sets the Content-Type that net/http would: sniffed from the first
// bytes of the body, unless h set one (even to nothing).
func (x *exchange) sniff(h http.Header) {
	if _, ok := h["Content-Type"]; !ok && x.buf.Len() > 0 {
		h.Set("Content-Type", http.DetectContentType(x.buf.Bytes()))
	}
}

// takeTrailers removes from h the trailers h set as net/http has it (keys
// with [http.TrailerPrefix], and keys announced in the Trailer header) and
// returns them, or nil when there are none.
func takeTrailers(h http.Header) http.Header {
	var t http.Header
	put := func(name string, values []string) {
		if t == nil {
			t = make(http.Header)
		}
		t[name] = values
	}
	for name, values := range h {
		if n, ok := strings.CutPrefix(name, http.TrailerPrefix); ok {
			put(http.CanonicalHeaderKey(n), values)
			delete(h, name)
		}
	}
	for _, line := range h["Trailer"] {
		for n := range strings.SplitSeq(line, ",") {
			n = http.CanonicalHeaderKey(strings.TrimSpace(n))
			if values, ok := h[n]; ok && n != "Trailer" {
				put(n, values)
				delete(h, n)
			}
		}
	}
	return t
}
