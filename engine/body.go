package engine

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"net/textproto"

	"github.com/iron-go/iron"
)

// ErrBodyTooLarge is what a request body reader returns once the body passes
// the MaxBodyBytes limit. It is an [iron.Error] whose response is 413
// Content Too Large, so a handler that returns the read error as it is
// answers the client correctly; match it with errors.Is.
var ErrBodyTooLarge error = &iron.Error{
	Err:      errors.New("iron: request body too large"),
	Response: iron.With(http.StatusRequestEntityTooLarge, http.StatusText(http.StatusRequestEntityTooLarge)),
}

// ErrMalformedBody is what a request body reader returns when the body's
// chunked framing is broken or the client stops sending it. It is an
// [iron.Error] whose response is 400 Bad Request.
var ErrMalformedBody error = &iron.Error{
	Err:      errors.New("iron: malformed request body"),
	Response: iron.With(http.StatusBadRequest, http.StatusText(http.StatusBadRequest)),
}

// drainMax bounds how much of a body the handler did not read the engine
// reads and discards to keep the connection; past it, it closes.
const drainMax = 256 << 10

// bodyReader reads a request body out of the session's buffer and socket:
// Content-Length or chunked framing, the body limit, and 100 Continue sent
// on the first read.
type bodyReader struct {
	s        *session
	chunked  bool
	left     int64 // bytes left: of the body (length) or of the chunk (chunked)
	read     int64 // bytes handed out
	limit    int64
	expect   bool // a 100 Continue is owed before the first read
	done     bool // the body ended (and its framing with it)
	err      error
	chunkDec chunkDecoder
}

func (b *bodyReader) reset(h *head) {
	fields := b.chunkDec.fields[:0]
	*b = bodyReader{s: b.s, chunked: h.chunked, left: h.contentLength, limit: b.s.e.cfg.MaxBodyBytes, expect: h.expectContinue}
	b.chunkDec.fields = fields
	if b.chunked {
		b.left = 0
		b.chunkDec.maxTrailer = b.s.e.cfg.MaxHeaderBytes
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
		// Known too large before reading a byte: no 100 Continue.
		return 0, b.fail(ErrBodyTooLarge)
	}
	if b.expect {
		b.expect = false
		if err := b.s.writeContinue(); err != nil {
			return 0, b.fail(err)
		}
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
			if err := s.flush(); err != nil {
				return 0, err
			}
			s.c.setReadDeadline(s.reqStart.Add(s.e.cfg.ReadTimeout))
			n, err := s.c.rwc.Read(p)
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

// took counts n bytes of a Content-Length body as read off the connection;
// the body is done once none is left.
func (b *bodyReader) took(n int) {
	b.left -= int64(n)
	if b.left == 0 {
		b.done = true
	}
}

// bodyReadError turns a failed read of the socket into what the handler
// sees: the client stopped sending before the body's end.
func bodyReadError(err error) error {
	if err == nil || errors.Is(err, io.EOF) || errors.Is(err, io.ErrNoProgress) {
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
		if n.out > 0 {
			return n.out, nil
		}
		if b.chunkDec.finished() {
			b.done = true
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

// canDrain reports whether the body's unread rest may be read and thrown
// away to keep the connection. A 100 Continue never sent means the client may
// not send the body at all: then the connection closes.
func (b *bodyReader) canDrain() bool {
	if b.done {
		return true
	}
	if b.err != nil || b.expect {
		return false
	}
	return b.chunked || b.left <= drainMax
}

// drain reads and discards what is left of the body, up to drainMax.
func (b *bodyReader) drain() bool {
	if b.done {
		return true
	}
	if b.err != nil || b.expect {
		return false
	}
	b.limit = b.read + drainMax
	var scratch [512]byte
	for !b.done {
		if !b.chunked {
			// Skip what is buffered without copying it.
			s := b.s
			if s.r < s.w {
				n := int(min(int64(s.w-s.r), b.left))
				s.r += n
				b.read += int64(n)
				b.took(n)
				if b.done {
					break
				}
			}
		}
		if _, err := b.Read(scratch[:]); err != nil && err != io.EOF {
			return false
		}
	}
	return true
}
