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
	flushAt       = 32 << 10 // a turn ends once this much of answers is queued
	inlineBodyMax = 16 << 10 // bodies up to this size are copied into the batch
	maxKeptBuf    = 16 << 10 // larger buffers are not kept for the next session
	maxKeptFields = 64       // nor are longer header lists
)

// session is the state a worker uses to serve one connection's requests: the
// read and write buffers, the reused iron.Slot, the parsed head, the body
// reader and the string cache. Sessions are pooled: a worker takes one when
// it takes an idle connection, and the connection's goroutine gives it back
// once the answers are written and nothing more is buffered, so an idle
// connection holds none. While a connection has work under way (answers to
// write, a slow answer to finish, pipelined requests to serve) the session
// stays attached to it, owned by whichever goroutine owns the connection:
// its iron.Request stays valid for a streaming body that the connection's
// goroutine writes after the worker moved on.
type session struct {
	e *Engine
	c *conn

	buf   []byte // read buffer; unread bytes are buf[r:w]
	r, w  int
	spare []byte // the session's own read buffer, while buf is a buffered body's
	out   []byte // answers not yet written

	// queued counts the whole answers in out: lost together if the write
	// fails.
	queued int
	// The write budget of the answers being written (MinResponseRate):
	// bytes written, and time spent waiting for the client to take them.
	wBytes   int64
	wBlocked time.Duration
	writeErr error // why the last write to the client failed

	h      head
	in     iron.Incoming
	slot   iron.Slot
	body   bodyReader
	intern interner
	date   dateCache
	// validType is the last Content-Type found free of CR, LF and NUL.
	validType string

	reqStart       time.Time
	now            time.Time // when the turn began (or the latest flush): the answers' Date, the next head's start
	cancel         context.CancelCauseFunc
	cancelDeadline context.CancelFunc
	watching       bool
	final          bool // the current request's final answer has begun: no interim one now

	interimFn func(status int, header http.Header) error // made once: the request's Interim

	trailer    http.Header            // the request's trailer fields, once asked for
	trailerFn  func() http.Header     // made once: the chunked body's trailer
	newContext func() context.Context // made once: req.Context() calls it lazily
	readFn     func(fd uintptr)       // made once: the non-blocking read
	writeFn    func(fd uintptr)       // made once: the non-blocking write
	rawN       int
	rawErr     error
	outW       outWriter
	chunkW     chunkWriter
	lr         io.LimitedReader // the piece of a file handed to sendfile
}

func newSession(e *Engine) *session {
	s := &session{
		e:   e,
		buf: make([]byte, readBufSize),
		out: make([]byte, 0, writeBufSize),
	}
	s.newContext = s.makeContext
	s.trailerFn = s.body.trailer
	// Through Control, not Read and Write: the socket is never waited on
	// here, and the connection's goroutine may be waiting on it (its
	// standing wait holds the read side).
	s.readFn = s.readRaw
	s.writeFn = s.writeRaw
	s.interimFn = s.sendInterim
	s.body.s = s
	s.outW.s = s
	s.chunkW.w = &s.outW
	return s
}

// runTask is the worker pool's function: serve what the connection has sent,
// as far as that needs no waiting on the network, then hand the connection
// back to its goroutine.
func (e *Engine) runTask(c *conn) {
	// A connection handed over by its standing wait stays with this worker
	// while readiness keeps coming during its turns (waiter.go).
	c.standingTurn = c.inWait.Load() != outOfWait
	// Only the first turn waited in the pool's queue: the others follow
	// at once, on this worker.
	c.shedding = c.waitedTooLong()
	for e.turn(c) {
	}
}

// turn is one turn of a worker on c; it reports whether the worker serves
// c again at once.
func (e *Engine) turn(c *conn) (again bool) {
	s := c.s
	if s == nil {
		s = e.sessions.Get().(*session)
		s.c = c
		c.s = s
	}
	idle := false // the turn ended with the connection idle, in its standing wait
	defer func() {
		if p := recover(); p != nil {
			e.logger.Error("engine: panic serving connection", "remote", c.remote,
				"panic", fmt.Sprint(p), "stack", string(debug.Stack()))
			c.closing, c.linger = true, true
			c.slow, c.buffering, c.shedding = nil, false, false
			s.endContext() // a watch may be running
			c.s = nil      // the session's state is suspect: not pooled
			again = false
		}
		if !again && !idle {
			if c.standingTurn {
				c.handBack()
			} else {
				c.done <- struct{}{}
			}
		}
	}()
	s.serve()
	c.shedding = false
	if !c.standingTurn {
		return false
	}
	for s.idleTurnEnd() && s.r < s.w && !e.pool.Contended() {
		// The turn stopped at flushAt, and the socket took the answers:
		// serve the rest here, unless others wait for a worker (the
		// connection's goroutine then queues for one again).
		s.serve()
	}
	if !s.idleTurnEnd() || s.r < s.w || c.state.Load() == stateReadyAgain && e.pool.Contended() {
		return false // handed back by the deferred function
	}
	c.lastActive.Store(time.Now().UnixNano()) // the idle timeout counts from here
	idle = true
	return c.endStandingTurn()
}

// idleTurnEnd reports whether a turn from the standing wait left nothing for
// the connection's goroutine to do: every answer written, no bytes kept,
// nothing to finish, no close.
func (s *session) idleTurnEnd() bool {
	c := s.c
	return c.slow == nil && !c.buffering && !c.closing && !c.eof &&
		len(s.out) == 0 && len(c.pending) == 0 && c.standingTurn
}

// release forgets the connection and its last request, and shrinks grown
// buffers.
func (s *session) release() {
	s.slot.Reset(nil)
	if s.spare != nil {
		s.buf, s.spare = s.spare, nil
	} else if cap(s.buf) > maxKeptBuf {
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
	s.queued = 0
	s.r, s.w = 0, 0
	s.c = nil
	s.in = iron.Incoming{}
	s.trailer = nil
	clear(s.h.fields)
}

// load puts bytes the connection kept (a partial head, a buffered request)
// into the read buffer, which is empty; a buffer larger than the session's
// own is taken over rather than copied.
func (s *session) load(p []byte) {
	if len(p) > len(s.buf) {
		if s.spare == nil {
			s.spare = s.buf
		}
		s.buf = p[:cap(p)]
		s.r, s.w = 0, len(p)
		return
	}
	s.r, s.w = 0, copy(s.buf, p)
}

// serve is a worker's turn: it answers every whole request the connection
// has sent, in order, queuing the answers in out, and writes what the socket
// takes of them at once. It leaves the rest to the connection's goroutine:
// it stops at the first request whose body has not arrived (the goroutine
// buffers it), at an answer too large or slow to queue (the goroutine
// writes it), once flushAt bytes of answers are queued, or when the bytes
// received so far are used up; the start of a head still incomplete is kept
// in the connection for its next turn.
func (s *session) serve() {
	c := s.c
	s.now = time.Now()
	if len(c.pending) > 0 {
		s.load(c.pending)
		c.pending = nil
	} else if s.r == s.w {
		c.headStart = s.now
	}
	if !s.readSome() {
		return
	}
	for !c.closing {
		if s.r == s.w {
			s.r, s.w = 0, 0
			if c.plain() || c.eof {
				break // the socket said all it had; the peek sees what comes next
			}
			// A TLS connection may hold decrypted bytes the socket no longer
			// shows: ask it.
			if !s.readSome() || s.r == s.w {
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
		if !s.bodyReady(n) {
			break
		}
		s.r += n
		if !s.serveRequest() {
			break
		}
		c.headStart = s.now
		if len(s.out) >= flushAt {
			break
		}
	}
	if c.eof && s.r == s.w && c.slow == nil && !c.buffering {
		c.closing = true // all the client sent is answered
	}
	if c.slow == nil {
		s.writeNow()
	}
}

// writeNow writes, on plain TCP, as much of the queued answers as the
// socket takes without waiting, so that an answer leaves as soon as it is
// made; the connection's goroutine writes the rest. (Over TLS a write cannot
// stop half-way: the connection's goroutine writes it all.)
func (s *session) writeNow() {
	c := s.c
	if !c.plain() || len(s.out) == 0 {
		return
	}
	if err := c.raw.Control(s.writeFn); err != nil {
		return
	}
	if s.rawErr != nil {
		c.closing = true
		s.e.clientClosed.Add(uint64(s.queued))
		s.out, s.queued = s.out[:0], 0
		return
	}
	if s.rawN == len(s.out) {
		s.out, s.queued = s.out[:0], 0
		return
	}
	s.out = s.out[:copy(s.out, s.out[s.rawN:])]
}

// readSome reads what the socket holds without waiting; a client that
// closed its end is noted (what it sent is still served), any other error
// closes the connection.
func (s *session) readSome() bool {
	err := s.readNow()
	switch {
	case err == nil:
		return true
	case errors.Is(err, io.EOF):
		s.c.eof = true
		return true
	}
	s.c.closing = true
	return false
}

// readMore reads more of an incomplete head if the socket has it; otherwise
// it keeps the partial head in the connection and reports false.
func (s *session) readMore() bool {
	c := s.c
	s.makeRoom()
	before := s.w
	if !s.readSome() {
		return false
	}
	if s.w > before {
		return true
	}
	if c.eof {
		c.closing = true // the head will never be whole
		return false
	}
	c.pending = append([]byte(nil), s.buf[s.r:s.w]...)
	s.r, s.w = 0, 0
	return false
}

// bodyReady decides whether the request whose head (of n bytes) was just
// parsed can run now: when its body has arrived, or as much of it as is
// buffered, or it is refused unread; its handler then never waits on the
// network but for a body over BodyBufferBytes. Otherwise it moves the request
// to the connection's pending bytes for its goroutine to buffer the body,
// or, when a large body must be read on the worker and answers are queued,
// leaves it for the next turn (the answers are written first), and reports
// false.
func (s *session) bodyReady(n int) bool {
	h, c, cfg := &s.h, s.c, &s.e.cfg
	if h.contentLength == 0 || c.eof || s.bodyWhole(n) {
		return true // no body, no more bytes to come, or all here
	}
	if c.shedding {
		return true // answered at once, and the connection closed
	}
	if s.w == len(s.buf) {
		// The read filled the buffer: more of the body may wait in the
		// socket. Make room for as much as would be buffered, and read it
		// now rather than in another turn.
		want := n + cfg.BodyBufferBytes
		if !h.chunked {
			want = n + int(min(h.contentLength, int64(cfg.BodyBufferBytes)))
		}
		if s.r > 0 {
			s.w = copy(s.buf, s.buf[s.r:s.w])
			s.r = 0
		}
		s.fit(want)
		if !s.readSome() {
			return false
		}
		if c.eof || s.bodyWhole(n) {
			return true
		}
	}
	have := s.w - s.r - n
	switch {
	case !h.chunked && h.contentLength > cfg.MaxBodyBytes:
		return true // refused by its first read, unread: nothing to wait for
	case have >= cfg.BodyBufferBytes:
		// The handler reads the rest as it comes, on the worker: with no
		// answer queued before it, so that the worker never waits to write
		// one while the client waits for it before sending the rest.
		return len(s.out) == 0
	}
	c.bufHead = n
	c.bufWant = -1
	if !h.chunked {
		c.bufWant = int(min(h.contentLength, int64(cfg.BodyBufferBytes)))
	}
	c.pending = append(make([]byte, 0, s.w-s.r+4<<10), s.buf[s.r:s.w]...)
	c.sendContinue = h.expectContinue && have == 0
	c.buffering = true
	s.r, s.w = 0, 0
	return false
}

// bodyWhole reports whether the body of the request whose head (of n bytes)
// starts the unread bytes is all there.
func (s *session) bodyWhole(n int) bool {
	body := s.buf[s.r+n : s.w]
	if s.h.chunked {
		return chunkedEnds(body, s.e.cfg.MaxHeaderBytes)
	}
	return int64(len(body)) >= s.h.contentLength
}

// chunkedEnds reports whether in holds the whole chunked body that starts it
// (or framing already broken, which the handler's read reports).
func chunkedEnds(in []byte, maxTrailer int) bool {
	d := chunkDecoder{discard: true, maxTrailer: maxTrailer}
	_, err := d.decode(in, nil)
	return err != nil || d.finished()
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
	if s.spare == nil && len(grown) > maxKeptBuf && cap(s.buf) <= maxKeptBuf {
		s.spare = s.buf // the buffer to keep once this request is done
	}
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
		if err := c.raw.Control(s.readFn); err != nil {
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

// readBlocking waits for more of a request body. It runs on a worker only
// for a body over BodyBufferBytes, whose request then began its turn with no
// answer queued, and otherwise in the connection's goroutine (draining).
func (s *session) readBlocking() error {
	if s.r == s.w {
		s.r, s.w = 0, 0
	} else if s.w == len(s.buf) {
		s.w = copy(s.buf, s.buf[s.r:s.w])
		s.r = 0
	}
	n, err := s.body.readSocket(s.buf[s.w:])
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
// answer. It reports false when the answer is left for the connection's
// goroutine to finish: a body too large or slow to queue, or a request body
// that must still be read off the socket.
func (s *session) serveRequest() bool {
	e, c, h := s.e, s.c, &s.h
	if c.shedding {
		s.shedRequest()
		return true
	}
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
		Interim:       s.interimFn,
		Upgradable:    true,
	}
	s.trailer = nil
	s.final = false
	if h.contentLength != 0 {
		s.body.reset(h)
		s.in.Body = &s.body
		if h.chunked {
			s.in.Trailer = s.trailerFn
		}
	} else {
		s.body.done = true
	}
	if c.tlsConn != nil {
		c.bodyIn.Store(s.body.arrived())
	}
	s.slot.Reset(&s.in)
	res := s.slot.Respond(e.handler, e.respondLogger)
	c.served++
	e.served.Add(1)

	keep := s.keepAlive()
	if !s.inline(res) || !s.body.settleBuffered() {
		c.slow, c.slowKeep = res, keep
		return false
	}
	if !s.body.done {
		keep = false // the body failed, or was never sent: its rest cannot be framed
	}
	keep = s.writeResponse(res, keep)
	s.endRequest(keep)
	return true
}

// finishSlow finishes, in the connection's goroutine, the answer a worker
// left: it settles the request body (drains it, or gives up and closes),
// then writes the answer, body and all.
func (s *session) finishSlow() {
	c := s.c
	res, keep := c.slow, c.slowKeep
	c.slow = nil
	defer func() {
		if p := recover(); p != nil {
			s.e.logger.Error("engine: panic writing response body", "remote", c.remote,
				"method", s.h.method, "target", s.h.target, "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
			// The answers queued before go, and the start of this one,
			// without its last chunk: a cut answer never looks whole.
			s.flush()
			s.endRequest(false)
		}
	}()
	if fn, head := res.Takeover(); fn != nil {
		s.switchProtocols(res, fn, head, keep)
		return
	}
	if !s.body.settle() {
		keep = false
	}
	keep = s.writeResponse(res, keep)
	s.endRequest(keep)
}

// endRequest ends the current request: its context, its hold on the
// session's Request, and the connection when it does not stay open.
func (s *session) endRequest(keep bool) {
	c := s.c
	// The request ends once its answer is written (or queued): a streaming
	// body may watch req.Context() until then.
	s.endContext()
	if !keep {
		c.closing = true
		if !s.body.done {
			c.linger = true // the client may still be sending the body
		}
	}
	// The slot is reset by the next request, or emptied when the session
	// goes back to the pool (release): one reset per request, not two.
}

// makeContext is the request's NewContext: it runs only for handlers that
// ask for req.Context(), so that the others pay nothing for one.
func (s *session) makeContext() context.Context {
	ctx, cancel := context.WithCancelCause(context.Background())
	s.cancel = cancel
	if d := s.e.cfg.HandlerTimeout; d > 0 {
		ctx, s.cancelDeadline = context.WithDeadline(ctx, time.Now().Add(d))
	}
	c := s.c
	if c.raw != nil && !s.watching {
		c.takeReadSide() // the watch waits on the socket
		c.startWatch(cancel)
		s.watching = true
	}
	return ctx
}

// endContext cancels the request's context, if it has one, and stops
// watching the client.
func (s *session) endContext() {
	s.stopWatching()
	if s.cancelDeadline != nil {
		s.cancelDeadline()
		s.cancelDeadline = nil
	}
	if s.cancel != nil {
		s.cancel(nil)
		s.cancel = nil
	}
}

// stopWatching stops watching the client, if a watch runs; a byte the TLS
// watch read goes back to the read buffer.
func (s *session) stopWatching() {
	c := s.c
	if s.watching {
		c.stopWatch()
		s.watching = false
		if c.stashed {
			// The TLS watch read the next request's first byte.
			c.stashed = false
			s.makeRoom()
			s.buf[s.w] = c.stash
			s.w++
		}
		if c.gone.Load() {
			c.eof = true // the client closed (at least) its end
		}
	}
}
