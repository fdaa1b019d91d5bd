package engine

import (
	"context"
	"crypto/tls"
	"errors"
	"net"
	"strconv"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/worker"
)

// Connection states, for a stopping engine to tell the connections it may
// close (closeIfIdle) from those it must serve to their end.
const (
	stateNew    int32 = iota // accepted, waiting for its first request
	stateIdle                // kept alive, waiting for its next request
	stateActive              // a request (or a TLS handshake) under way
	stateClosed
	// stateReadyAgain is stateActive with readiness noted: in its standing
	// wait, the socket turned readable while a worker had the connection,
	// and that worker serves it again rather than letting go (waiter.go).
	// Only the callback of the standing wait sets it.
	stateReadyAgain
)

// busy reports whether a connection in state st has a request under way
// (stateActive or stateReadyAgain): it counts in Stats.Active.
func busy(st int32) bool { return st == stateActive || st == stateReadyAgain }

// aLongTimeAgo is a deadline in the past: setting it wakes a blocked read.
var aLongTimeAgo = time.Unix(1, 0)

// conn is one client connection. Its goroutine (serve) owns it except while
// a worker runs a turn: it waits until the client sends bytes, holding no
// worker and no buffer, then hands the connection to a worker and waits for
// the worker to hand it back (done). The worker serves what it can without
// waiting on the network and leaves the rest to the connection's goroutine:
// writing the answers, reading a body that has not arrived, writing a large
// or streamed answer, draining an unread body, lingering before a close.
// Between those hand-offs the worker owns every field; the channel orders
// the two.
type conn struct {
	e        *Engine
	rwc      net.Conn
	under    net.Conn // the TCP connection under TLS; rwc otherwise
	tlsConn  *tls.Conn
	tlsState *tls.ConnectionState
	// raw is the TCP socket under rwc, for waiting and watching without
	// reading; nil when the connection has no file descriptor.
	raw    syscall.RawConn
	remote net.Addr
	local  net.Addr

	state    atomic.Int32
	accepted time.Time
	served   int
	closing  bool // close once the turn's answers are written
	linger   bool // the client may still be sending: linger before closing
	eof      bool // the client closed its end: serve what it sent, then close

	// shedding makes the turn answer its requests 503 rather than run them
	// (shed.go); handedAt is when the connection was handed to the pool,
	// for QueueTimeout.
	shedding bool
	handedAt time.Time

	// s is the session attached to the connection while it has work under
	// way: answers to write, requests buffered, an answer being finished. An
	// idle connection has none.
	s *session
	// resume sends the connection back to a worker without waiting for
	// bytes: its pending holds a request whose body has been buffered.
	resume bool
	// takeover is the switch to another protocol the last answer asked
	// for (upgrade.go).
	takeover *switchState

	// What a turn leaves for the connection's goroutine. slow is an answer
	// to finish there (a large or streamed body, or a request body still to
	// drain), slowKeep whether its connection may stay open. buffering asks
	// for the body of the request in pending to be read first: bufHead is
	// its head's length, bufWant the body bytes wanted (-1: chunked, up to
	// BodyBufferBytes or its end), sendContinue whether 100 Continue goes
	// first.
	slow         *iron.Response
	slowKeep     bool
	buffering    bool
	bufHead      int
	bufWant      int
	sendContinue bool

	// pending holds bytes received that no session holds: the start of a
	// request head that was not complete when its worker let go of the
	// connection (or, for TLS, the byte read while waiting), or a request
	// whose body is being buffered.
	pending   []byte
	headStart time.Time

	readDeadline  time.Time
	writeDeadline time.Time

	done chan struct{}

	// The disconnect watch (watch.go).
	watchEnded chan struct{}
	cancelCtx  context.CancelCauseFunc
	gone       atomic.Bool // the client went away while a request was served
	bodyIn     atomic.Bool // the current request's body has all arrived
	watchN     int
	watchErr   error
	stash      byte // a byte the TLS watch read: the next request's first
	stashed    bool

	// The standing wait (waiter.go). inWait and leave are shared by
	// the connection's goroutine and the worker that has the connection;
	// entered and dispatchErr are the goroutine's, standingTurn the
	// worker's.
	inWait       atomic.Int32 // whether the goroutine is in its standing wait: outOfWait, inWaitNow, inWaitAckWanted
	leave        atomic.Bool  // a worker wants the goroutine out of its wait (handBack, takeReadSide)
	lastActive   atomic.Int64 // when the last turn from the standing wait ended, in Unix nanoseconds
	left         chan struct{}
	onReadyFn    func(fd uintptr) bool // made once
	dispatch     func() error          // hands the connection to a worker; made once
	entered      bool                  // the wait's first callback has run
	dispatchErr  error                 // why the callback could not hand the connection to a worker
	standingTurn bool                  // this turn began from the standing wait, still running

	peek   [1]byte
	ready  func(fd uintptr) bool // made once: waits for bytes to read
	watch  func(fd uintptr) bool // made once: watches for the client going away
	peekN  int
	peekE  error
	peeked bool // the current wait has peeked once
}

func newConn(e *Engine, rwc net.Conn, tlsCfg *tls.Config) *conn {
	c := &conn{
		e:          e,
		rwc:        rwc,
		under:      rwc,
		remote:     rwc.RemoteAddr(),
		local:      rwc.LocalAddr(),
		accepted:   time.Now(),
		done:       make(chan struct{}, 1),
		left:       make(chan struct{}, 1),
		watchEnded: make(chan struct{}),
	}
	c.onReadyFn = c.onReady
	c.dispatch = e.pool.Bind(c)
	if tlsCfg != nil {
		c.tlsConn = tls.Server(rwc, tlsCfg)
		c.rwc = c.tlsConn
	}
	if sc, ok := rwc.(syscall.Conn); ok && canPeek {
		if raw, err := sc.SyscallConn(); err == nil {
			c.raw = raw
			c.ready = c.peekReady
			c.watch = c.peekGone
		}
	}
	return c
}

// plain reports whether the connection can be waited on and read without
// blocking through its socket: plain TCP, not TLS.
func (c *conn) plain() bool { return c.raw != nil && c.tlsConn == nil }

// serve runs the connection until it closes.
func (c *conn) serve() {
	e := c.e
	defer func() {
		// An active connection counts in Stats until here.
		if busy(c.state.Swap(stateClosed)) {
			e.active.Add(-1)
		}
		if c.handOver() {
			return
		}
		if c.s != nil {
			c.releaseSession()
		}
		c.close()
		e.untrack(c)
	}()
	if c.tlsConn != nil {
		// A handshake under way is no idle connection to close.
		if !c.state.CompareAndSwap(stateNew, stateActive) {
			return // a stopping engine closed it meanwhile
		}
		e.active.Add(1)
		if !c.handshake() {
			return
		}
	}
	for {
		if c.s == nil && !c.resume {
			st, ok := c.enterWait()
			if !ok || c.eof {
				return
			}
			if c.standing() {
				switch c.waitAndDispatch() {
				case waitClosed:
					return
				case waitShed:
					c.shedTurn()
				}
				// A worker handed the connection back, or the shed turn
				// ran here: active.
				if !c.afterTurn() {
					return
				}
				continue
			}
			if !c.waitReadable() {
				return
			}
			if !c.takeWaiting(st) {
				return // a stopping engine closed it meanwhile
			}
		}
		c.resume = false
		if !c.runOnWorker() || !c.afterTurn() {
			return
		}
	}
}

// waitState is the state of a connection about to wait for bytes.
func (c *conn) waitState() int32 {
	switch {
	case len(c.pending) > 0:
		return stateActive // the rest of a request head is on its way
	case c.served == 0:
		return stateNew
	}
	return stateIdle
}

// enterWait puts the connection, which its goroutine owns, in the state of
// its coming wait (waitState), keeping Stats' count of active connections.
// It reports false when a stopping engine closed the connection (closeIfIdle
// closes a new one without waiting for its goroutine).
func (c *conn) enterWait() (int32, bool) {
	st := c.waitState()
	for {
		old := c.state.Load()
		if old == stateClosed {
			return st, false
		}
		if c.state.CompareAndSwap(old, st) {
			switch {
			case busy(old) && st != stateActive:
				c.e.active.Add(-1)
			case !busy(old) && st == stateActive:
				c.e.active.Add(1)
			}
			return st, true
		}
	}
}

// takeWaiting marks active a connection that waited in state st (stateNew
// or stateIdle: see waitState) and has bytes to serve; it reports false when
// a stopping engine closed it first (closeIfIdle).
func (c *conn) takeWaiting(st int32) bool {
	if st == stateActive {
		return c.state.Load() == stateActive
	}
	if !c.state.CompareAndSwap(st, stateActive) {
		return false
	}
	c.e.active.Add(1)
	return true
}

// runOnWorker hands the connection to a worker and waits until the worker
// hands it back; with every worker and the queue taken, the connection's
// goroutine takes the turn itself, answering 503 (shed.go). It reports
// false when no turn was taken.
func (c *conn) runOnWorker() bool {
	if c.e.cfg.QueueTimeout > 0 {
		c.handedAt = time.Now()
	}
	if err := c.dispatch(); err != nil {
		if errors.Is(err, worker.ErrOverloaded) {
			c.shedTurn()
			return true
		}
		return false
	}
	<-c.done
	return true
}

// afterTurn does, in the connection's goroutine, what a worker's turn left:
// it finishes a slow answer, writes the answers, and reads a body the next
// turn needs. It reports whether the connection goes on.
func (c *conn) afterTurn() bool {
	s := c.s
	if s == nil {
		return false // the turn panicked and dropped its session
	}
	s.startWrites()
	if c.slow != nil {
		s.finishSlow()
	}
	if err := s.flush(); err != nil {
		return false
	}
	if c.takeover != nil {
		c.takeover.ready = true // serve's end hands the connection over
		return false
	}
	if c.closing {
		return false
	}
	if c.buffering {
		c.buffering = false
		c.releaseSession()
		if !c.bufferBody() {
			return false
		}
		c.resume = true
		return true
	}
	if s.r < s.w {
		return true // more requests are buffered: back to a worker at once
	}
	c.releaseSession()
	// The idle timeout counts from here, in either wait.
	now := time.Now()
	c.headStart = now
	if c.served > 0 {
		c.lastActive.Store(now.UnixNano())
	}
	return !c.eof
}

// releaseSession gives the attached session back to the pool; bytes it
// still holds move to pending.
func (c *conn) releaseSession() {
	s := c.s
	c.s = nil
	if s.r < s.w {
		c.pending = append(c.pending, s.buf[s.r:s.w]...)
	}
	s.release()
	c.e.sessions.Put(s)
}

// handshake runs the TLS handshake here rather than on a worker, so that a
// slow client never holds one. A client that speaks plain HTTP to the TLS
// port is told so, as http.Server does.
func (c *conn) handshake() bool {
	c.rwc.SetDeadline(c.accepted.Add(c.e.cfg.ReadHeaderTimeout))
	ctx, cancel := context.WithTimeout(context.Background(), c.e.cfg.ReadHeaderTimeout)
	defer cancel()
	if err := c.tlsConn.HandshakeContext(ctx); err != nil {
		var rh tls.RecordHeaderError
		if errors.As(err, &rh) && rh.Conn != nil && looksLikeHTTP(rh.RecordHeader) {
			rh.Conn.SetWriteDeadline(time.Now().Add(time.Second))
			rh.Conn.Write(plainToTLSResponse)
			c.linger = true
		}
		c.e.logger.Debug("engine: TLS handshake failed", "remote", c.remote, "error", err)
		return false
	}
	c.rwc.SetDeadline(time.Time{})
	st := c.tlsConn.ConnectionState()
	c.tlsState = &st
	return true
}

const plainToTLSText = "Client sent an HTTP request to an HTTPS server.\n"

var plainToTLSResponse = []byte("HTTP/1.0 400 Bad Request\r\n" +
	"Content-Type: text/plain; charset=utf-8\r\nConnection: close\r\n" +
	"Content-Length: " + strconv.Itoa(len(plainToTLSText)) + "\r\n\r\n" + plainToTLSText)

// looksLikeHTTP reports whether the first five bytes a TLS server received
// are the start of an HTTP/1 request line: a method of capital letters,
// then a space or more of it. A TLS record starts with a content type
// (20 to 24), never a letter.
func looksLikeHTTP(hdr [5]byte) bool {
	for i, b := range hdr {
		switch {
		case 'A' <= b && b <= 'Z':
		case b == ' ' && i > 0:
			return true
		default:
			return false
		}
	}
	return true
}

// waitReadable waits, up to the right timeout, until the client sends
// something. For plain TCP it peeks at the socket, so that an idle
// connection holds no buffer at all; otherwise it reads one byte into
// pending.
func (c *conn) waitReadable() bool {
	cfg := &c.e.cfg
	var deadline time.Time
	switch {
	case len(c.pending) > 0:
		deadline = c.headStart.Add(cfg.ReadHeaderTimeout)
	case c.served == 0:
		deadline = c.accepted.Add(cfg.ReadHeaderTimeout)
	default:
		// headStart is when the last turn finished: the last activity.
		deadline = c.headStart.Add(cfg.IdleTimeout)
	}
	c.setReadDeadline(deadline)
	if c.plain() {
		c.peeked = false
		if err := c.raw.Read(c.ready); err != nil {
			return false
		}
		return c.peekN > 0 && c.peekE == nil
	}
	n, err := c.rwc.Read(c.peek[:])
	if n == 1 {
		c.pending = append(c.pending, c.peek[0])
		if len(c.pending) == 1 {
			c.headStart = time.Now()
		}
	}
	return err == nil && n == 1
}

// setReadDeadline sets the read deadline unless the one set is within 50
// milliseconds of it: resetting a timer for every request of a busy
// connection costs more than timeouts that precise are worth.
func (c *conn) setReadDeadline(t time.Time) {
	if d := t.Sub(c.readDeadline); d > -50*time.Millisecond && d < 50*time.Millisecond && !t.IsZero() && !c.readDeadline.IsZero() {
		return
	}
	c.readDeadline = t
	c.rwc.SetReadDeadline(t)
}

// setWriteDeadline sets the write deadline to now + allow, unless the one
// set is no later than that and at least 7/8 of allow away: a deadline
// never looser than allowed, reset seldom on a busy connection.
func (c *conn) setWriteDeadline(now time.Time, allow time.Duration) {
	want := now.Add(allow)
	if !c.writeDeadline.After(want) && c.writeDeadline.Sub(now) >= allow-allow/8 {
		return
	}
	c.writeDeadline = want
	c.rwc.SetWriteDeadline(want)
}
