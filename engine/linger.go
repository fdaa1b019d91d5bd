package engine

import (
	"io"
	"time"
)

// close closes the connection, lingering first when the client may still be
// sending: closing a socket with unread bytes in it makes the kernel send a
// reset, and a reset that reaches the client before it has read the answer
// destroys the answer in the client's own buffers.
func (c *conn) close() {
	if c.linger || c.unreadInSocket() {
		c.lingerClose()
	}
	c.rwc.Close()
}

// unreadInSocket reports whether bytes wait unread in the socket.
func (c *conn) unreadInSocket() bool {
	if c.raw == nil {
		return false
	}
	c.peekN, c.peekE = 0, nil
	if err := c.raw.Read(c.peekUnread); err != nil {
		return false
	}
	return c.peekN > 0 && c.peekE == nil
}

// lingerClose half-closes the connection (the client reads the end of the
// answer), then reads and discards what the client still sends, until it
// closes its end, LingerBytes have been read or LingerTimeout has passed. A
// client that sends more than LingerBytes is left unread (TCP stops it) until
// LingerTimeout: then the close resets it. It runs in the connection's
// goroutine, never on a worker.
func (c *conn) lingerClose() {
	cfg := &c.e.cfg
	deadline := time.Now().Add(cfg.LingerTimeout)
	r := c.rwc
	if c.tlsConn != nil {
		if c.tlsState != nil {
			// close_notify first, so that a TLS client sees a clean end.
			c.tlsConn.SetWriteDeadline(time.Now().Add(time.Second))
			c.tlsConn.CloseWrite()
		} else {
			r = c.under // no TLS session: what comes is discarded raw
		}
	}
	if cw, ok := c.under.(interface{ CloseWrite() error }); ok {
		cw.CloseWrite()
	}
	r.SetReadDeadline(deadline)
	if _, err := io.CopyN(io.Discard, r, cfg.LingerBytes); err != nil {
		return // the client closed, or the time is up
	}
	if wait := time.Until(deadline); wait > 0 {
		t := time.NewTimer(wait)
		defer t.Stop()
		select {
		case <-t.C:
		case <-c.e.quit: // the engine is shutting down: no more waiting
		}
	}
}
