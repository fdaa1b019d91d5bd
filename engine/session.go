package engine

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"runtime/debug"
	"time"

	"github.com/iron-go/iron"
)

// errClientClosed is how a read learns that the client closed its end.
var errClientClosed = io.EOF

// Buffer sizes. A read buffer holds typical heads and a pipelined batch of
// small requests; heads up to MaxHeaderBytes grow it for the request at hand.
const (
	readBufSize   = 4 << 10
	writeBufSize  = 4 << 10
	flushAt       = 32 << 10 // a batch of pipelined responses is written at this size
	inlineBodyMax = 16 << 10 // bodies up to this size are copied into the batch
	maxKeptBuf    = 16 << 10 // larger buffers are not kept for the next session
	maxKeptFields = 64       // nor are longer header lists
)

// session is the state a worker uses to serve one connection's requests: the
// read and write buffers, the reused iron.Slot, the parsed head, the body
// reader and the string cache. Sessions are pooled: a worker takes one when
// it takes a connection and gives it back when the connection goes idle, so
// an idle connection holds none.
type session struct {
	e *Engine
	c *conn

	buf  []byte // read buffer; unread bytes are buf[r:w]
	r, w int
	out  []byte // responses not yet written

	h      head
	in     iron.Incoming
	slot   iron.Slot
	body   bodyReader
	intern interner
	date   dateCache

	reqStart time.Time
	now      time.Time // the latest answer, flush or read: write deadlines and the next head count from it
	cancel   context.CancelFunc
	watching bool

	trailer    http.Header            // the request's trailer fields, once asked for
	trailerFn  func() http.Header     // made once: the chunked body's trailer
	newContext func() context.Context // made once: req.Context() calls it lazily
	readFn     func(fd uintptr) bool  // made once: the non-blocking read
	rawN       int
	rawErr     error
	outW       outWriter
	chunkW     chunkWriter
}

func newSession(e *Engine) *session {
	s := &session{
		e:   e,
		buf: make([]byte, readBufSize),
		out: make([]byte, 0, writeBufSize),
	}
	s.newContext = s.makeContext
	s.trailerFn = s.body.trailer
	s.readFn = s.readRaw
	s.body.s = s
	s.outW.s = s
	s.chunkW.w = &s.outW
	return s
}

// runTask is the worker pool's function: serve what the connection has sent,
// then hand it back to its goroutine.
func (e *Engine) runTask(c *conn) {
	s := e.sessions.Get().(*session)
	defer func() {
		if p := recover(); p != nil {
			e.logger.Error("engine: panic serving connection", "remote", c.remote,
				"panic", fmt.Sprint(p), "stack", string(debug.Stack()))
			c.closing = true
			s.endContext()    // the connection's goroutine may be watching
			s = newSession(e) // the rest of its state is suspect
		}
		s.release()
		e.sessions.Put(s)
		c.done <- struct{}{}
	}()
	s.serve(c)
}

// release forgets the connection and shrinks grown buffers.
func (s *session) release() {
	if cap(s.buf) > maxKeptBuf {
		s.buf = make([]byte, readBufSize)
	}
	if cap(s.out) > maxKeptBuf {
		s.out = make([]byte, 0, writeBufSize)
	}
	if cap(s.body.chunkDec.fields) > maxKeptBuf {
		s.body.chunkDec.fields = nil
	}
	if cap(s.h.fields) > maxKeptFields {
		s.h.fields = nil
	}
	s.out = s.out[:0]
	s.r, s.w = 0, 0
	s.c = nil
	s.in = iron.Incoming{}
	s.trailer = nil
	clear(s.h.fields)
}

// serve answers every whole request the connection has sent, in order, and
// writes the answers in as few writes as it can. It returns when the bytes
// received so far are used up; the start of a head still incomplete is kept
// in the connection for its next turn.
func (s *session) serve(c *conn) {
	s.c = c
	s.now = time.Now()
	if len(c.pending) > 0 {
		s.fit(len(c.pending))
		s.w = copy(s.buf, c.pending)
		c.pending = nil
	} else {
		c.headStart = s.now
	}
	if err := s.readNow(); err != nil {
		c.closing = true
		s.flush()
		return
	}
	for !c.closing {
		if s.r == s.w {
			s.r, s.w = 0, 0
			if c.plain() {
				break // the socket said all it had; the peek sees what comes next
			}
			// A TLS connection may hold decrypted bytes the socket no longer
			// shows: ask it.
			if err := s.readNow(); err != nil || s.r == s.w {
				c.closing = c.closing || err != nil
				break
			}
		}
		n, perr := parseHead(s.buf[s.r:s.w], &s.h, s.e.lim, &s.intern)
		if perr != nil {
			s.refuse(perr)
			break
		}
		if n == 0 {
			if !s.readMore() {
				break
			}
			continue
		}
		s.r += n
		s.serveRequest()
		c.headStart = s.now
		if len(s.out) >= flushAt {
			s.flush()
		}
	}
	s.flush()
}

// readMore reads more of an incomplete head if the socket has it; otherwise
// it keeps the partial head in the connection and reports false.
func (s *session) readMore() bool {
	c := s.c
	s.makeRoom()
	before := s.w
	if err := s.readNow(); err != nil {
		c.closing = true
		return false
	}
	if s.w > before {
		return true
	}
	c.pending = append([]byte(nil), s.buf[s.r:s.w]...)
	s.r, s.w = 0, 0
	return false
}

// makeRoom makes space after buf[w:] when the read buffer is full: it moves
// the unread bytes to the front or, when they fill it, doubles it.
func (s *session) makeRoom() {
	if s.w < len(s.buf) {
		return
	}
	if s.r > 0 {
		s.w = copy(s.buf, s.buf[s.r:s.w])
		s.r = 0
		return
	}
	s.fit(2 * len(s.buf))
}

// fit makes the read buffer hold at least n bytes, keeping its content.
func (s *session) fit(n int) {
	if n <= len(s.buf) {
		return
	}
	grown := make([]byte, max(n, 2*len(s.buf)))
	copy(grown, s.buf[s.r:s.w])
	s.w -= s.r
	s.r = 0
	s.buf = grown
}

// readNow reads what the connection has already received into buf[w:],
// without waiting for more.
func (s *session) readNow() error {
	c := s.c
	if s.w == len(s.buf) {
		return nil
	}
	if c.plain() {
		if err := c.raw.Read(s.readFn); err != nil {
			return err
		}
		s.w += s.rawN
		return s.rawErr
	}
	// TLS, or a connection without a socket: a read with a deadline in the
	// past returns what is buffered, or times out at once.
	c.rwc.SetReadDeadline(aLongTimeAgo)
	n, err := c.rwc.Read(s.buf[s.w:])
	c.readDeadline = time.Time{}
	c.rwc.SetReadDeadline(time.Time{})
	s.w += n
	if err != nil && errors.Is(err, os.ErrDeadlineExceeded) {
		err = nil
	}
	return err
}

// readBlocking waits for more of a request body, after writing the answers
// already made (the client may wait for them before sending more).
func (s *session) readBlocking() error {
	s.now = time.Now()
	if err := s.flush(); err != nil {
		return err
	}
	c := s.c
	if s.r == s.w {
		s.r, s.w = 0, 0
	} else if s.w == len(s.buf) {
		s.w = copy(s.buf, s.buf[s.r:s.w])
		s.r = 0
	}
	c.setReadDeadline(s.reqStart.Add(s.e.cfg.ReadTimeout))
	n, err := c.rwc.Read(s.buf[s.w:])
	s.w += n
	if n > 0 {
		return nil
	}
	if err == nil {
		err = io.ErrNoProgress
	}
	return err
}

// refuse answers a request the parser refused, and closes the connection:
// nothing after a malformed message is read as another request.
func (s *session) refuse(perr *protoError) {
	s.e.errs.Add(1)
	s.e.logger.Debug("engine: request refused", "remote", s.c.remote, "status", perr.status, "reason", perr.msg)
	s.c.closing = true
	s.c.linger = true
	s.writeStatusOnly(perr.status)
}

// serveRequest runs the handler for the head just parsed and queues its
// answer.
func (s *session) serveRequest() {
	e, c, h := s.e, s.c, &s.h
	s.reqStart = c.headStart
	s.in = iron.Incoming{
		Method:        h.method,
		Target:        h.target,
		Proto:         h.proto,
		Host:          h.host,
		Header:        h.fields,
		ContentLength: h.contentLength,
		RemoteAddr:    c.remote,
		LocalAddr:     c.local,
		TLS:           c.tlsState,
		NewContext:    s.newContext,
	}
	s.trailer = nil
	if h.contentLength != 0 {
		s.body.reset(h)
		s.in.Body = &s.body
		if h.chunked {
			s.in.Trailer = s.trailerFn
		}
	} else {
		s.body.done = true
	}
	s.slot.Reset(&s.in)
	res := s.slot.Respond(e.handler, e.logger)
	c.served++
	e.served.Add(1)

	drainable := s.body.canDrain()
	keep := !h.close && !e.draining.Load() && drainable
	keep = s.writeResponse(res, keep)
	// The request ends once its answer is written: a streaming body may
	// still watch req.Context() for the client going away.
	s.endContext()
	if !drainable {
		c.linger = true
	}
	if keep && !s.body.drain() {
		keep = false
	}
	if !keep {
		c.closing = true
	}
	s.slot.Reset(nil)
}

// makeContext is the request's NewContext: it runs only for handlers that
// ask for req.Context(), so that the others pay nothing for one.
func (s *session) makeContext() context.Context {
	var ctx context.Context
	if d := s.e.cfg.HandlerTimeout; d > 0 {
		ctx, s.cancel = context.WithDeadline(context.Background(), time.Now().Add(d))
	} else {
		ctx, s.cancel = context.WithCancel(context.Background())
	}
	c := s.c
	if c.raw != nil && !s.watching {
		c.cancelCtx = s.cancel
		c.watchStart <- struct{}{}
		s.watching = true
	}
	return ctx
}

// endContext cancels the request's context, if it has one, and stops
// watching the client.
func (s *session) endContext() {
	if s.watching {
		s.c.stopWatch()
		s.c.cancelCtx = nil
		s.watching = false
	}
	if s.cancel != nil {
		s.cancel()
		s.cancel = nil
	}
}
