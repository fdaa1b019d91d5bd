package engine

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"net/textproto"
	"os"
	"time"

	"github.com/iron-go/iron"
)

// ErrBodyTooLarge is what a request body reader returns once the body passes
// the MaxBodyBytes limit. It is an [iron.Error] whose response is 413
// Content Too Large, so a handler that returns the read error as it is
// answers the client correctly; it wraps [iron.ErrBodyTooLarge], so that
// errors.Is(err, iron.ErrBodyTooLarge) matches it as it matches the same
// error under net/http.
var ErrBodyTooLarge error = &iron.Error{
	Err:      iron.ErrBodyTooLarge,
	Response: iron.With(http.StatusRequestEntityTooLarge, http.StatusText(http.StatusRequestEntityTooLarge)),
}

// ErrMalformedBody is what a request body reader returns when the body's
// chunked framing is broken or the client stops sending it. It is an
// [iron.Error] whose response is 400 Bad Request.
var ErrMalformedBody error = &iron.Error{
	Err:      errors.New("iron: malformed request body"),
	Response: iron.With(http.StatusBadRequest, http.StatusText(http.StatusBadRequest)),
}

// ErrBodyTimeout is what a request body reader returns when the client sends
// the body too slowly: past ReadTimeout from the request's first byte, or
// slower than MinBodyRate after the grace period. It is an [iron.Error]
// whose response is 408 Request Timeout.
var ErrBodyTimeout error = &iron.Error{
	Err:      errors.New("engine: request body timed out"),
	Response: iron.With(http.StatusRequestTimeout, http.StatusText(http.StatusRequestTimeout)),
}

// drainMax bounds how much of a body the handler did not read the engine
// reads and discards, in the connection's goroutine, to keep the connection;
// past it, the answer says Connection: close and the connection closes,
// lingering.
const drainMax = 256 << 10

// bodyReader reads a request body out of the session's buffer and socket:
// Content-Length or chunked framing, the body limit, the minimum rate.
type bodyReader struct {
	s        *session
	chunked  bool
	left     int64 // bytes left: of the body (length) or of the chunk (chunked)
	read     int64 // bytes handed out
	limit    int64
	expect   bool // the client waits for a 100 Continue that was never sent
	done     bool // the body ended (and its framing with it)
	err      error
	chunkDec chunkDecoder
	// The minimum rate counts from the first wait on the socket for this
	// body, bytes received since.
	waitStart time.Time
	waitGot   int64
}

func (b *bodyReader) reset(h *head) {
	s := b.s
	fields := b.chunkDec.fields[:0]
	*b = bodyReader{s: s, chunked: h.chunked, left: h.contentLength, limit: s.e.cfg.MaxBodyBytes,
		expect: h.expectContinue && s.r == s.w}
	b.chunkDec.fields = fields
	if b.chunked {
		b.left = 0
		b.chunkDec.maxTrailer = s.e.cfg.MaxHeaderBytes
	}
}

// arrived reports whether the whole body is in the session's buffer.
func (b *bodyReader) arrived() bool {
	s := b.s
	switch {
	case b.done:
		return true
	case b.chunked:
		return chunkedEnds(s.buf[s.r:s.w], s.e.cfg.MaxHeaderBytes)
	}
	return int64(s.w-s.r) >= b.left
}

// finish marks the body ended, for the reader and for the TLS watch.
func (b *bodyReader) finish() {
	b.done = true
	if c := b.s.c; c.tlsConn != nil {
		c.bodyIn.Store(true)
	}
}

// trailer is the request's Incoming.Trailer: the trailer fields of a
// chunked body read to its end, made into a header map on the first call
// (and only if there are any), nil before the end or when there are none.
func (b *bodyReader) trailer() http.Header {
	s := b.s
	if s.trailer != nil || !b.chunked || !b.done || len(b.chunkDec.fields) == 0 {
		return s.trailer
	}
	h := make(http.Header)
	for rest := b.chunkDec.fields; len(rest) > 0; {
		i := bytes.IndexByte(rest, '\n')
		name, value, _ := splitField(rest[:i-1]) // checked when decoded
		k := textproto.CanonicalMIMEHeaderKey(string(name))
		h[k] = append(h[k], string(value))
		rest = rest[i+1:]
	}
	s.trailer = h
	return h
}

// Read implements io.Reader.
func (b *bodyReader) Read(p []byte) (int, error) {
	if b.err != nil {
		return 0, b.err
	}
	if b.done {
		return 0, io.EOF
	}
	if !b.chunked && b.left > b.limit-b.read {
		// Known too large before reading a byte.
		return 0, b.fail(ErrBodyTooLarge)
	}
	if len(p) == 0 {
		return 0, nil
	}
	var n int
	var err error
	if b.chunked {
		n, err = b.readChunked(p)
	} else {
		n, err = b.readLength(p)
	}
	b.read += int64(n)
	if err == nil && b.read > b.limit {
		err = ErrBodyTooLarge
	}
	if err != nil && err != io.EOF {
		b.fail(err)
	}
	return n, err
}

func (b *bodyReader) fail(err error) error {
	b.err = err
	b.s.c.closing = true
	return err
}

func (b *bodyReader) readLength(p []byte) (int, error) {
	s := b.s
	if int64(len(p)) > b.left {
		p = p[:b.left]
	}
	if s.r == s.w {
		if len(p) >= len(s.buf) {
			// Large reads go straight to the caller's buffer.
			n, err := b.readSocket(p)
			b.took(n)
			if n > 0 {
				return n, nil
			}
			return 0, bodyReadError(err)
		}
		if err := s.readBlocking(); err != nil {
			return 0, bodyReadError(err)
		}
	}
	n := copy(p, s.buf[s.r:s.w])
	s.r += n
	b.took(n)
	return n, nil
}

// readSocket waits for more of the body and reads it into p: until
// ReadTimeout from the request's first byte, and no longer than MinBodyRate
// allows for what came since the body's first wait.
func (b *bodyReader) readSocket(p []byte) (int, error) {
	s := b.s
	c := s.c
	c.takeReadSide()
	if b.waitStart.IsZero() {
		b.waitStart = time.Now()
	}
	c.setReadDeadline(s.e.bodyDeadline(s.reqStart, b.waitStart, b.waitGot))
	n, err := c.rwc.Read(p)
	b.waitGot += int64(n)
	return n, err
}

// took counts n bytes of a Content-Length body as read off the connection;
// the body is done once none is left.
func (b *bodyReader) took(n int) {
	b.left -= int64(n)
	if b.left == 0 {
		b.finish()
	}
}

// bodyReadError turns a failed read of the socket into what the handler
// sees: the client was too slow (408), or stopped sending before the body's
// end (400).
func bodyReadError(err error) error {
	switch {
	case errors.Is(err, os.ErrDeadlineExceeded):
		return ErrBodyTimeout
	case err == nil || errors.Is(err, io.EOF) || errors.Is(err, io.ErrNoProgress):
		return ErrMalformedBody
	}
	return &iron.Error{Err: err, Response: iron.With(http.StatusBadRequest, http.StatusText(http.StatusBadRequest))}
}

func (b *bodyReader) readChunked(p []byte) (int, error) {
	s := b.s
	for {
		n, err := b.chunkDec.decode(s.buf[s.r:s.w], p)
		s.r += n.in
		if err != nil {
			return 0, err
		}
		if b.chunkDec.finished() {
			b.finish()
		}
		if n.out > 0 {
			return n.out, nil
		}
		if b.done {
			return 0, io.EOF
		}
		// The decoder needs more bytes: make room (the buffer grows for a
		// line longer than it) and read.
		s.makeRoom()
		if err := s.readBlocking(); err != nil {
			return 0, bodyReadError(err)
		}
	}
}

// settleBuffered disposes of what the handler left of the body, as far as
// the session's buffer holds it: it skips the rest of a body that is all
// there and reports true; it reports false when some of it is still to
// come off the socket. A body that failed, or that the client has not sent
// for want of a 100 Continue, is settled too: its connection closes.
func (b *bodyReader) settleBuffered() bool {
	if b.done || b.err != nil || b.expect {
		return true
	}
	s := b.s
	if !b.chunked {
		n := int(min(int64(s.w-s.r), b.left))
		s.r += n
		b.read += int64(n)
		b.took(n)
		return b.done
	}
	b.chunkDec.discard = true
	n, err := b.chunkDec.decode(s.buf[s.r:s.w], nil)
	b.chunkDec.discard = false
	s.r += n.in
	switch {
	case err != nil:
		b.fail(err)
		return true
	case b.chunkDec.finished():
		b.finish()
		return true
	}
	return false
}

// settle disposes of what the handler left of the body, in the connection's
// goroutine: it reads and discards up to drainMax more of it, and reports
// whether the body ended, so that the connection may stay open. It does not
// wait for a Content-Length body whose rest is over drainMax.
func (b *bodyReader) settle() bool {
	if b.settleBuffered() {
		return b.done
	}
	if !b.chunked && b.left > drainMax {
		return false
	}
	s := b.s
	start := b.waitGot
	for b.waitGot-start <= drainMax {
		s.makeRoom()
		if err := s.readBlocking(); err != nil {
			return false
		}
		if b.settleBuffered() {
			return b.done
		}
	}
	return false
}
