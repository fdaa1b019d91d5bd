package engine

import (
	"fmt"
	"net/http"
	"runtime/debug"
	"strconv"
	"time"
)

// Load shedding. When every worker is busy and the queue is full, the
// connection's goroutine answers what the connection has sent with 503
// Service Unavailable and Retry-After itself, without a worker: it runs the
// session's turn with shedding set, which parses each request and answers
// it instead of running the handler. A request that arrived whole, body and
// all, is answered with the connection kept open, so that the client
// retries on it rather than on a new connection (and the engine does not
// collect a TIME_WAIT socket per 503); one whose body is still on its way
// is answered with Connection: close, and the engine lingers so that the
// answer reaches the client. A request that waited longer than QueueTimeout
// for a worker is answered the same way, on that worker, instead of run.
// Neither kind of request counts in Stats.Served or Errors; both count in
// Shed.

// shedTurn is the turn of a connection that found no worker: in the
// connection's goroutine, it answers the requests the connection has sent
// with 503, leaving the writing to afterTurn as a worker's turn does. A
// panic (no handler runs, so it would be the engine's own) is logged and
// closes the connection, as on a worker.
func (c *conn) shedTurn() {
	s := c.s
	if s == nil {
		s = c.e.sessions.Get().(*session)
		s.c = c
		c.s = s
	}
	defer func() {
		c.shedding = false
		if p := recover(); p != nil {
			c.e.logger.Error("engine: panic shedding a connection", "remote", c.remote,
				"panic", fmt.Sprint(p), "stack", string(debug.Stack()))
			c.closing, c.linger = true, true
			c.s = nil // the session's state is suspect: not pooled
		}
	}()
	c.shedding = true
	s.serve()
}

// waitedTooLong reports whether the connection waited for its worker longer
// than QueueTimeout.
func (c *conn) waitedTooLong() bool {
	d := c.e.cfg.QueueTimeout
	return d > 0 && time.Since(c.handedAt) > d
}

// shedRequest answers the request whose head was just parsed with 503, in
// place of its handler.
func (s *session) shedRequest() {
	c, h := s.c, &s.h
	s.e.shed.Add(1)
	c.served++
	keep := s.keepAlive() && h.minor == 1
	if h.contentLength != 0 {
		s.body.reset(h)
		// The body is skipped if it is all here; otherwise the answer
		// closes the connection (endRequest lingers).
		s.body.settleBuffered()
	} else {
		s.body.done = true
	}
	keep = keep && s.body.done
	s.writeShed(keep)
	s.queued++
	s.endRequest(keep)
}

const shedText = "Service Unavailable"

var shedFields = "Retry-After: 1\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: " +
	strconv.Itoa(len(shedText)) + "\r\n"

// writeShed queues the 503 answer of a shed request.
func (s *session) writeShed(keep bool) {
	s.now = time.Now()
	b := appendStatusLine(s.out, http.StatusServiceUnavailable)
	b = append(b, s.date.get(s.now)...)
	b = append(b, shedFields...)
	if !keep {
		b = append(b, "Connection: close\r\n"...)
	}
	b = append(b, "\r\n"...)
	if s.h.method != http.MethodHead {
		b = append(b, shedText...)
	}
	s.out = b
}
