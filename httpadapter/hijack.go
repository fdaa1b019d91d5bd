package httpadapter

import (
	"bufio"
	"context"
	"errors"
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/iron-go/iron"
)

// ErrHijackUnsupported is the error a net/http handler run by [FromHTTP] gets
// from Hijack when the server cannot hand over the request's connection
// ([iron.Request.Upgradable] is false: HTTP/2, an in-memory test). FromHTTP
// then answers 501 Not Implemented, whatever the handler wrote.
var ErrHijackUnsupported = errors.New("httpadapter: this server cannot hand its connection to a handler")

// errNotHandedOver is what Hijack returns when the response that took over
// the connection was not sent as one: after middleware replaced it, or the
// server refused the switch (a 101 the request did not ask for), or the
// request ended first.
var errNotHandedOver = errors.New("httpadapter: the connection was not handed over: the response that took it over was not sent")

// handoff carries the connection from the server, which calls the takeover
// function of the response FromHTTP returned, to h, which waits in Hijack.
type handoff struct {
	mu     sync.Mutex
	gaveUp bool                // Hijack returned without the connection
	got    chan takenConn      // room for one: the server never waits
	done   chan struct{}       // closed when h returns
	head   func(*bufio.Writer) // writes a non-101 status h wrote before it hijacked
}

type takenConn struct {
	ctx  context.Context
	conn net.Conn
	rw   *bufio.ReadWriter
}

// Hijack hands h the connection when the server can hand it over (see
// [iron.Request.Upgradable]); otherwise it fails, and the response becomes
// a 501. It returns once the server has written the answers before this
// one and, when h wrote 101 first, the response's head.
func (w *responseWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	x := w.x
	if x.mode != buffering {
		return nil, nil, errors.New("httpadapter: Hijack after the response started")
	}
	if !x.req.Upgradable() {
		x.hijackFailed = true
		return nil, nil, ErrHijackUnsupported
	}
	hand := &handoff{got: make(chan takenConn, 1), done: make(chan struct{})}
	x.handoff = hand
	// The Iron request is the server's again once decided is closed: h
	// keeps copies of what it may still read.
	x.stopFollow()
	x.hr.Header = x.hr.Header.Clone()
	x.hr.Body = http.NoBody
	x.mode = hijacked
	close(x.decided)

	t, ok := hand.wait(x.parent)
	if !ok {
		x.cancel(errNotHandedOver)
		return nil, nil, errNotHandedOver
	}
	// From now on h's context lasts until h returns, or the server shuts
	// down (a websocket then says goodbye).
	x.stopFollow = context.AfterFunc(t.ctx, func() { x.cancel(context.Cause(t.ctx)) })
	if hand.head != nil {
		hand.head(t.rw.Writer)
		if err := t.rw.Flush(); err != nil {
			return nil, nil, err
		}
	}
	return t.conn, t.rw, nil
}

// wait waits for the server to hand over the connection, or for the
// request to end without it: ended is the Iron request's context, which a
// server ends only after it has called the takeover function, if it does,
// but which a middleware with a deferred cancel (ext/timeout) ends as soon
// as the handler returns, so the server gets abandonedAfter more.
func (hand *handoff) wait(ended context.Context) (takenConn, bool) {
	select {
	case t := <-hand.got:
		return t, true
	case <-ended.Done():
	}
	grace := time.NewTimer(abandonedAfter)
	defer grace.Stop()
	select {
	case t := <-hand.got:
		return t, true
	case <-grace.C:
	}
	hand.mu.Lock()
	defer hand.mu.Unlock()
	select {
	case t := <-hand.got:
		return t, true
	default:
		hand.gaveUp = true
		return takenConn{}, false
	}
}

// takeOver is the iron.UpgradeFunc of the response a hijacking h leads to:
// it gives h the connection, and returns when h does, so that the server
// counts the connection as switched, and ends its context, as long as h
// runs.
func (x *exchange) takeOver(ctx context.Context, conn net.Conn, rw *bufio.ReadWriter) {
	hand := x.handoff
	hand.mu.Lock()
	if hand.gaveUp {
		hand.mu.Unlock()
		conn.Close()
		return
	}
	hand.got <- takenConn{ctx: ctx, conn: conn, rw: rw}
	hand.mu.Unlock()
	<-hand.done
}

// hijackResponse is the response of an h that hijacked: a switch whose
// head the server writes when h wrote 101 (as net/http sends a status
// written before Hijack), else one that hands the connection over as it
// is, h's status line and header going first when it wrote another status.
func (x *exchange) hijackResponse() *iron.Response {
	if x.wroteHeader && x.status == http.StatusSwitchingProtocols {
		res := &iron.Response{Header: x.header}
		return res.Set(iron.Upgrade("", x.takeOver))
	}
	if x.wroteHeader {
		status, header, proto := x.status, x.header.Clone(), "HTTP/1.1 "
		if !x.hr.ProtoAtLeast(1, 1) {
			proto = "HTTP/1.0 "
		}
		x.handoff.head = func(bw *bufio.Writer) {
			bw.WriteString(proto + strconv.Itoa(status) + " " + http.StatusText(status) + "\r\n")
			for name, values := range header {
				if validTrailer(name, values) {
					for _, v := range values {
						bw.WriteString(name + ": " + v + "\r\n")
					}
				}
			}
			bw.WriteString("\r\n")
		}
	}
	return iron.With(iron.Hijack(x.takeOver))
}
