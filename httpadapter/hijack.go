package httpadapter

import (
	"bufio"
	"context"
	"errors"
	"net"
	"net/http"
	"reflect"
)

// ErrHijackUnsupported is the error a net/http handler run by [FromHTTP] gets
// from Hijack when the server gives no access to its connection. FromHTTP
// then answers 501 Not Implemented, whatever the handler wrote.
var ErrHijackUnsupported = errors.New("httpadapter: this server cannot hand its connection to a handler (no Hijacker in the request context)")

// HijackerKey is the context key under which a server offers the connection
// of a request to [FromHTTP]: a server that can hand its connection over
// makes the context of each [iron.Request] answer Value(HijackerKey) with an
// [http.Hijacker] for that request's connection. [Handler] does so, through
// http.Server's own Hijacker.
//
// The key is the [reflect.Type] of http.Hijacker, so that a server can offer
// its connection without importing this package:
//
//	func (c *requestContext) Value(key any) any {
//		if key == reflect.TypeFor[http.Hijacker]() {
//			return c.conn // an http.Hijacker
//		}
//		return c.parent.Value(key)
//	}
//
// Once Hijack has returned a connection, the server must neither write the
// response the Iron handler returns nor use the connection again. FromHTTP
// returns as soon as the net/http handler has hijacked, and that handler
// keeps the connection, and a context that lasts until it returns, for as
// long as it likes.
var HijackerKey any = hijackerKey

var hijackerKey = reflect.TypeFor[http.Hijacker]()

// serverHijacker hands Handler's http.Server connection to a handler run by
// FromHTTP, and remembers that the response is no longer Handler's to write.
// It also carries the http.Request's context, which ends only when the
// client goes away or the response is written: FromHTTP watches it while it
// streams (see exchange.startStreaming).
// It is bound to one request: the pooled state may serve another by the time
// a stray goroutine calls Hijack.
type serverHijacker struct {
	s      *serverState
	gen    uint64
	client context.Context
}

func (h serverHijacker) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	if h.s.gen != h.gen || h.s.w == nil {
		return nil, nil, http.ErrHijacked
	}
	conn, rw, err := http.NewResponseController(h.s.w).Hijack()
	if err == nil {
		h.s.hijacked = true
	}
	return conn, rw, err
}
