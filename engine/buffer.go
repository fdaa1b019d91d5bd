package engine

import (
	"errors"
	"net/http"
	"os"
	"time"
)

// Request buffering. A request whose body has not all arrived when a worker
// parses its head does not run yet: the worker leaves the head, and what
// came of the body, in the connection's pending bytes, and the connection's
// goroutine reads the body there (bufferBody) until it is whole, or
// BodyBufferBytes of it have come, or (chunked) its end has; only then does
// the request go back to a worker, which runs the handler over a body that
// is already in memory. So a client that sends its body slowly, or not at
// all, holds a goroutine and the bytes it sent, never a worker. A body
// larger than the buffer is read by its handler as it comes: the first
// BodyBufferBytes at once, the rest at MinBodyRate at least.
//
// A client that asked for 100 Continue gets it here, as the buffering
// begins (as nginx sends it): the handler cannot decline a body before it is
// sent, except by the engine itself when its Content-Length is over
// MaxBodyBytes (then no 100 Continue is sent, and the handler's first read
// fails with ErrBodyTooLarge).

var continueLine = []byte("HTTP/1.1 100 Continue\r\n\r\n")

// bufferBody reads the body of the request at the start of pending, in the
// connection's goroutine; it reports false when the connection must close
// (the client stopped or went away; a 408 has then been sent if it timed
// out).
func (c *conn) bufferBody() bool {
	e := c.e
	cfg := &e.cfg
	if c.sendContinue {
		c.sendContinue = false
		now := time.Now()
		c.setWriteDeadline(now, e.writeAllowance(int64(len(continueLine))))
		if _, err := c.rwc.Write(continueLine); err != nil {
			return false
		}
	}
	var scan chunkDecoder
	scan.discard = true
	scan.maxTrailer = cfg.MaxHeaderBytes
	scanned := c.bufHead
	start := time.Now()
	var got int64
	for {
		body := len(c.pending) - c.bufHead
		if c.bufWant >= 0 {
			if body >= c.bufWant {
				return true
			}
		} else {
			n, err := scan.decode(c.pending[scanned:], nil)
			scanned += n.in
			// A broken chunk is the worker's to answer, with the status
			// its handler's read gives it.
			if err != nil || scan.finished() || body >= cfg.BodyBufferBytes {
				return true
			}
		}
		c.growPending()
		c.setReadDeadline(e.bodyDeadline(c.headStart, start, got))
		n, err := c.rwc.Read(c.pending[len(c.pending):cap(c.pending)])
		c.pending = c.pending[:len(c.pending)+n]
		got += int64(n)
		if err != nil && n == 0 {
			if errors.Is(err, os.ErrDeadlineExceeded) {
				c.answerTimeout()
			}
			return false
		}
	}
}

// growPending makes room in pending for more of the body being buffered:
// twice what is there, up to the body's length or BodyBufferBytes. The
// buffer grows with what the client sends, never ahead of it: a head that
// announces a large body costs nothing until the body comes.
func (c *conn) growPending() {
	n := len(c.pending)
	limit := c.bufHead + c.e.cfg.BodyBufferBytes
	if c.bufWant >= 0 {
		limit = c.bufHead + c.bufWant
	}
	if cap(c.pending) > n || n >= limit {
		return
	}
	grown := make([]byte, n, min(max(2*n, n+4<<10), limit))
	copy(grown, c.pending)
	c.pending = grown
}

// answerTimeout answers a request whose body did not come in time with 408
// Request Timeout; the connection then closes, lingering. As a 408 a
// handler's read leads to, it is the client's doing: not counted in Errors.
func (c *conn) answerTimeout() {
	b := make([]byte, 0, 160)
	b = append(b, "HTTP/1.1 408 Request Timeout\r\nDate: "...)
	b = time.Now().UTC().AppendFormat(b, http.TimeFormat)
	b = append(b, "\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 15\r\n\r\nRequest Timeout"...)
	c.setWriteDeadline(time.Now(), c.e.writeAllowance(int64(len(b))))
	c.rwc.Write(b)
	c.linger = true
}
