package iron

import (
	"bufio"
	"context"
	"net"
	"net/http"
)

// UpgradeFunc speaks another protocol over a connection that a response
// took over with [Upgrade] or [Hijack].
//
// A server calls it once, after it has written the answers to the requests
// before and, for Upgrade, the response's head; on a goroutine that is not
// one of its workers (the engine uses the connection's own), so it may run
// for as long as the connection lasts.
//
// conn is the connection (over TLS, the *tls.Conn), with no deadline set.
// rw.Reader holds, already buffered, what the client sent after the request
// (pipelined bytes belong to the new protocol), and reads from conn after
// them; rw.Writer writes to conn. From then on conn is fn's: the server
// never reads, writes or closes it again, and fn (or whatever fn hands it
// to) must close it, as with [http.Hijacker].
//
// ctx carries the values of the request's context. It ends when fn
// returns, and when the server begins to shut down, so that the protocol
// can say goodbye (a WebSocket closes with 1001 Going Away) and return.
type UpgradeFunc func(ctx context.Context, conn net.Conn, rw *bufio.ReadWriter)

// takeover is what a response that takes over its connection holds: the
// function, and whether the server writes the response's head first.
type takeover struct {
	fn   UpgradeFunc
	head bool
}

// Upgrade returns a modifier that makes the response switch its connection
// to protocol (RFC 9110 section 7.8), as a WebSocket handshake does:
//
//	return iron.With(iron.Upgrade("websocket", serve),
//		http.Header{"Sec-WebSocket-Accept": {accept}}), nil
//
// It sets the status to 101 Switching Protocols and, unless protocol is "",
// the Upgrade header to protocol. The server writes the response's head
// (status line, Date, the headers, and Connection: Upgrade, which it adds
// itself; never a body), then hands the connection to fn (see
// [UpgradeFunc]).
//
// A server switches only when the request asked for it: an HTTP/1.1 request
// with "upgrade" in its Connection header and an Upgrade header that lists
// every protocol of the response's Upgrade header. Otherwise, as for a 101
// response with no Upgrade header, it answers 500 Internal Server Error and
// logs a handler bug; fn is never called. A request body the handler left
// unread is read and discarded first (the new protocol starts after the
// request), within the server's bounds for an unread body; a body that
// cannot be read to its end turns the switch into a 500 as well.
//
// A response that no longer has status 101 when the server writes it (an
// after middleware changed it, or replaced the response) switches nothing,
// and fn is never called. So does a response to a request whose server
// cannot hand over its connection: see [Request.Upgradable].
func Upgrade(protocol string, fn UpgradeFunc) Modifier {
	if fn == nil {
		panic("iron: Upgrade: nil function")
	}
	return ModifierFunc(func(res *Response) {
		res.Status = http.StatusSwitchingProtocols
		if protocol != "" {
			res.SetHeader("Upgrade", protocol)
		}
		res.takeover = takeover{fn: fn, head: true}
	})
}

// Hijack returns a modifier that makes the response hand its connection to
// fn as it is: the server writes nothing of the response, and fn writes
// whatever it answers itself, as a net/http handler that hijacks its
// connection does (httpadapter.FromHTTP runs those with it). Prefer
// [Upgrade], which writes the head and checks that the request asked for
// the switch.
//
// Hijack sets the status to 101, which no server writes for such a response:
// it tells after middleware and logs that the connection was taken over,
// and, as for Upgrade, a response whose status is changed switches nothing.
// A request body the handler left unread is fn's to read, as it came.
func Hijack(fn UpgradeFunc) Modifier {
	if fn == nil {
		panic("iron: Hijack: nil function")
	}
	return ModifierFunc(func(res *Response) {
		res.Status = http.StatusSwitchingProtocols
		res.takeover = takeover{fn: fn}
	})
}

// Takeover returns, for servers, the function a response hands its
// connection to ([Upgrade], [Hijack]) and whether the server writes the
// response's head first (Upgrade) or nothing (Hijack). It returns nil for
// any other response, and for one whose status is not 101 Switching
// Protocols. A server that cannot hand over the connection answers 501 Not
// Implemented instead.
func (r *Response) Takeover() (fn UpgradeFunc, writeHead bool) {
	if r.Status != http.StatusSwitchingProtocols || r.takeover.fn == nil {
		return nil, false
	}
	return r.takeover.fn, r.takeover.head
}

// Upgradable reports whether the server can hand the request's connection
// to a response made with [Upgrade] or [Hijack]: true on the engine and,
// through httpadapter.Handler, for HTTP/1.x requests under net/http's server;
// false for HTTP/2 and for requests that no connection carries
// ([NewRequest]).
func (r *Request) Upgradable() bool { return r.in.Upgradable }
