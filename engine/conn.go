package engine

import (
	"context"
	"crypto/tls"
	"errors"
	"net"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/iron-go/iron/worker"
)

// Connection states, for Shutdown to tell idle connections from busy ones.
const (
	stateIdle int32 = iota
	stateActive
	stateClosed
)

// aLongTimeAgo is a deadline in the past: setting it wakes a blocked read.
var aLongTimeAgo = time.Unix(1, 0)

// conn is one client connection. Its goroutine (serve) owns it while the
// connection is idle: it waits until the client sends bytes, holding no
// worker and no buffer, then hands the connection to a worker and waits for
// the worker to hand it back (done). Between those hand-offs the worker owns
// every field; the channels order the two.
type conn struct {
	e        *Engine
	rwc      net.Conn
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
	closing  bool // close once the worker hands the connection back
	linger   bool // the client may still be sending: read a little before closing

	// pending holds the start of a request head that was not complete when
	// its worker let go of the connection (or, for TLS, the byte read while
	// waiting).
	pending   []byte
	headStart time.Time

	readDeadline  time.Time
	writeDeadline time.Time

	done       chan struct{}
	watchStart chan struct{}
	watchStop  chan struct{}
	cancelCtx  context.CancelFunc // what the watcher calls when the client goes away

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
		remote:     rwc.RemoteAddr(),
		local:      rwc.LocalAddr(),
		accepted:   time.Now(),
		done:       make(chan struct{}),
		watchStart: make(chan struct{}),
		watchStop:  make(chan struct{}),
	}
	under := rwc
	if tlsCfg != nil {
		c.tlsConn = tls.Server(rwc, tlsCfg)
		c.rwc = c.tlsConn
	}
	if sc, ok := under.(syscall.Conn); ok && canPeek {
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
		c.state.Store(stateClosed)
		if c.linger {
			lingerClose(c.rwc)
		}
		c.rwc.Close()
		e.untrack(c)
	}()
	if c.tlsConn != nil && !c.handshake() {
		return
	}
	for {
		c.state.Store(stateIdle)
		if e.draining.Load() {
			return
		}
		if !c.waitReadable() {
			return
		}
		if !c.state.CompareAndSwap(stateIdle, stateActive) {
			return // Shutdown closed it meanwhile
		}
		e.active.Add(1)
		ok := c.runOnWorker()
		e.active.Add(-1)
		if !ok || c.closing {
			return
		}
	}
}

// runOnWorker hands the connection to a worker and waits until the worker
// hands it back; meanwhile it watches for the client going away when the
// handler asked for its context.
func (c *conn) runOnWorker() bool {
	if err := c.e.pool.Invoke(c); err != nil {
		if errors.Is(err, worker.ErrOverloaded) {
			c.shedLoad()
		}
		return false
	}
	for {
		select {
		case <-c.done:
			return true
		case <-c.watchStart:
			c.watchPeer()
			<-c.watchStop
		}
	}
}

// handshake runs the TLS handshake here rather than on a worker, so that a
// slow client never holds one.
func (c *conn) handshake() bool {
	c.rwc.SetDeadline(c.accepted.Add(c.e.cfg.ReadHeaderTimeout))
	ctx, cancel := context.WithTimeout(context.Background(), c.e.cfg.ReadHeaderTimeout)
	defer cancel()
	if err := c.tlsConn.HandshakeContext(ctx); err != nil {
		c.e.logger.Debug("engine: TLS handshake failed", "remote", c.remote, "error", err)
		return false
	}
	c.rwc.SetDeadline(time.Time{})
	st := c.tlsConn.ConnectionState()
	c.tlsState = &st
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
		// headStart is when the worker finished: the last activity.
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

// setWriteDeadline sets the write deadline to now + WriteTimeout, unless the
// one set is still at least 7/8 of that away.
func (c *conn) setWriteDeadline(now time.Time) {
	wt := c.e.cfg.WriteTimeout
	if c.writeDeadline.Sub(now) >= wt-wt/8 {
		return
	}
	c.writeDeadline = now.Add(wt)
	c.rwc.SetWriteDeadline(c.writeDeadline)
}

// watchPeer waits until the client sends more or goes away, or the worker
// stops the watch; a client that went away cancels the request's context.
func (c *conn) watchPeer() {
	if c.raw != nil {
		c.raw.Read(c.watch)
	}
}

// stopWatch ends a watch started for the current request; run by the worker.
func (c *conn) stopWatch() {
	c.rwc.SetReadDeadline(aLongTimeAgo)
	c.watchStop <- struct{}{}
	c.readDeadline = time.Time{}
	c.rwc.SetReadDeadline(time.Time{})
}

// shedLoad answers a request that found every worker and the queue full with
// 503 and Retry-After, then closes the connection without reading the
// request: the client may send it again, here or elsewhere.
func (c *conn) shedLoad() {
	c.e.shed.Add(1)
	c.rwc.SetWriteDeadline(time.Now().Add(time.Second))
	c.rwc.Write(shedResponse)
	lingerClose(c.rwc)
}

var shedResponse = []byte("HTTP/1.1 503 Service Unavailable\r\n" +
	"Retry-After: 1\r\nConnection: close\r\n" +
	"Content-Type: text/plain; charset=utf-8\r\nContent-Length: 19\r\n\r\n" +
	"Service Unavailable")

// lingerClose half-closes the connection and reads a little of what the
// client still sends, so that closing with unread bytes does not reset the
// connection before the client has read the answer.
func lingerClose(rwc net.Conn) {
	if cw, ok := rwc.(interface{ CloseWrite() error }); ok {
		cw.CloseWrite()
	}
	rwc.SetReadDeadline(time.Now().Add(500 * time.Millisecond))
	var buf [512]byte
	for total := 0; total < 64<<10; {
		n, err := rwc.Read(buf[:])
		total += n
		if err != nil {
			return
		}
	}
}
