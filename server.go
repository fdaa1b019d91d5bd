package iron

import (
	"context"
	"crypto/tls"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"runtime/debug"
)

// This file is what servers use and handlers never need (see "For servers"
// in the package doc).

// Slot is the storage a server reuses to serve one request at a time: the
// [Request] its handler receives and the response storage that request owns
// ([Own]). A server keeps one per worker or connection; handlers never
// receive a Slot, so nothing but the server can reset the request they are
// given.
//
// The zero Slot is ready to use. A Slot belongs to one goroutine at a time
// and must not be copied once used.
type Slot struct {
	req Request
}

// Reset prepares the slot for the request in, as the server received it. It
// forgets every cached view and extension value of the previous request, and
// its owned response: the server must have written the response of the
// previous request (which may be that storage) before it calls Reset. With a
// nil in, the slot keeps nothing of the previous request, so that a pooled
// slot holds no memory of it. The slot copies in and keeps in.Header until
// the next Reset, but never changes it and never hands it out.
func (s *Slot) Reset(in *Incoming) { s.req.reset(in) }

// Request returns the slot's request, as handlers see it. It is the same
// *Request for the life of the slot.
func (s *Slot) Request() *Request { return &s.req }

// Respond is how a server runs a handler: it calls h with the slot's request
// and returns the response to send, never nil. An error becomes
// [ErrorResponse] and is logged (at Error level when its status is 500 or
// more, else at Debug); a nil response becomes an empty 404; a panic becomes
// a 500 and is logged at Error level with its stack. A nil logger means
// [slog.Default].
//
// The response may be storage the request owns ([Own]): it is valid until
// the next Reset, and the server writes it before then.
func (s *Slot) Respond(h Handler, logger *slog.Logger) (res *Response) {
	req := &s.req
	defer func() {
		if p := recover(); p != nil {
			logPanic(logger, req, p)
			res = internalError()
		}
	}()
	res, err := h.Handle(req)
	if err != nil {
		if res != nil {
			_ = res.Body().Close() // dropped unsent: release a file behind it
		}
		res = ErrorResponse(err)
		logError(logger, req, res, err)
		return res
	}
	if res == nil {
		res = Own(req, nil)
		res.Status = http.StatusNotFound
	}
	return res
}

// HeaderField is one request header line as a server received it.
type HeaderField struct {
	Name  string
	Value string
}

// Incoming is what a server knows of a request it received. A server fills
// one in and hands it to [Slot.Reset].
type Incoming struct {
	Method string
	// Target is the request-target as sent: origin-form ("/a?b"),
	// absolute-form ("http://h/a?b"), authority-form or "*".
	Target string
	Proto  string // "HTTP/1.1"
	// Host is the host the request is for: the authority of an absolute-form
	// target, else the Host header, else (HTTP/1.0) empty.
	Host   string
	Header []HeaderField
	// ContentLength is the body's declared length, or -1 when unknown
	// (chunked).
	ContentLength int64
	// Body reads the request body; nil means no body.
	Body io.Reader
	// Trailer returns the trailer fields that followed a chunked body, once
	// Body has been read to its end; nil means none.
	Trailer    func() http.Header
	RemoteAddr net.Addr
	LocalAddr  net.Addr
	TLS        *tls.ConnectionState
	// NewContext makes the request's context; it is called at most once per
	// request, on the first [Request.Context]. Nil means a context that is
	// never cancelled.
	NewContext func() context.Context
	// Interim sends an interim (1xx) answer ahead of the final one (see
	// [Interim], which checks the status first); nil means the server sends
	// none.
	Interim func(status int, header http.Header) error
	// Upgradable says that the server hands the connection to a response
	// that takes it over ([Upgrade], [Hijack]; see [Response.Takeover]).
	Upgradable bool
}

func logError(logger *slog.Logger, req *Request, res *Response, err error) {
	if logger == nil {
		logger = slog.Default()
	}
	level := slog.LevelDebug
	if res.StatusCode() >= 500 {
		level = slog.LevelError
	}
	// PeekContext, not Context: a log line is no reason to make the
	// request's context (on the engine, a context and a disconnect watch).
	logger.Log(req.PeekContext(), level, "iron: request failed",
		"method", req.Method(), "path", req.EscapedPath(), "status", res.StatusCode(), "error", err)
}

func logPanic(logger *slog.Logger, req *Request, p any) {
	if logger == nil {
		logger = slog.Default()
	}
	logger.Error("iron: panic serving request",
		"method", req.Method(), "path", req.EscapedPath(),
		"panic", fmt.Sprint(p), "stack", string(debug.Stack()))
}
