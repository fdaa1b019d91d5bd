package engine

import (
	"context"
	"errors"
	"os"
	"time"
)

// errClientGone is the cause of a request context cancelled because the
// client closed or reset its connection.
var errClientGone = errors.New("engine: the client went away")

// The disconnect watch. A handler that asks for req.Context() gets a context
// that is cancelled when its client goes away; the engine learns of that by
// waiting, in a goroutine of the watch's own, until the socket turns
// readable: the client closed (a read would return 0), reset, or sent more
// bytes. Bytes that are the rest of the request's body, or a pipelined
// request, end the watch without cancelling: they are not read here (a
// socket cannot be waited on for its end while bytes wait in it), so the
// watch ends when they come. Over TLS, where a close_notify alert is bytes
// as well, the watch reads one byte through TLS once the request's body has
// all arrived: an alert or an error means the client left; a byte is the
// next request's first and is kept for it.
//
// The watch has no deadline of its own: it runs until the request's owner
// stops it (stopWatch), whatever deadline the connection's last read had.

// startWatch begins watching for the client going away; cancel is called,
// with errClientGone as its cause, when it does. Run by the request's owner.
func (c *conn) startWatch(cancel context.CancelCauseFunc) {
	c.cancelCtx = cancel
	c.readDeadline = time.Time{}
	c.rwc.SetReadDeadline(time.Time{})
	go c.watchPeer()
}

func (c *conn) watchPeer() {
	defer func() { c.watchEnded <- struct{}{} }()
	c.watchN, c.watchErr = 0, nil
	if err := c.raw.Read(c.watch); err != nil {
		return // a deadline: the owner stopped the watch, or reads the body
	}
	if c.watchN == 0 || c.watchErr != nil {
		c.clientGone()
		return
	}
	if c.tlsConn == nil || !c.bodyIn.Load() {
		return
	}
	n, err := c.tlsConn.Read(c.peek[:])
	switch {
	case n == 1:
		c.stash, c.stashed = c.peek[0], true
	case err != nil && !errors.Is(err, os.ErrDeadlineExceeded):
		c.clientGone()
	}
}

func (c *conn) clientGone() {
	c.gone.Store(true)
	c.cancelCtx(errClientGone)
}

// stopWatch ends a watch started for the current request. Run by the
// request's owner.
func (c *conn) stopWatch() {
	c.rwc.SetReadDeadline(aLongTimeAgo)
	<-c.watchEnded
	c.readDeadline = time.Time{}
	c.rwc.SetReadDeadline(time.Time{})
	c.cancelCtx = nil
}
