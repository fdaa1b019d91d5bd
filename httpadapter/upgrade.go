package httpadapter

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"runtime/debug"
	"strings"
	"time"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/internal/httpheader"
)

// drainMax bounds the request body Handler reads and discards before a
// switch, as the engine does.
const drainMax = 256 << 10

// switchProtocols serves a response that takes over its connection under
// http.Server (see Handler): it checks the switch as the engine does,
// hijacks, writes the 101 head (Upgrade) or nothing (Hijack), puts s back
// and runs fn on this goroutine.
func (a *adapter) switchProtocols(s *serverState, res *iron.Response, fn iron.UpgradeFunc, head bool) {
	w, r := s.w, s.hr
	_ = res.Body().Close() // a switch has no body
	refuse := func(res *iron.Response) {
		_ = writeResponse(w, r.Method, res)
		a.release(s)
	}
	if head {
		why := switchRefused(r, res)
		if why == "" && r.Body != nil && r.Body != http.NoBody {
			if _, err := io.CopyN(io.Discard, r.Body, drainMax+1); err != io.EOF {
				why = "the request body could not be read to its end"
			}
		}
		if why != "" {
			a.config.log().ErrorContext(r.Context(), "httpadapter: cannot switch protocols: "+why,
				"method", r.Method, "path", r.URL.EscapedPath())
			refuse(internalError)
			return
		}
	}
	if r.ProtoMajor != 1 {
		refuse(iron.With(http.StatusNotImplemented, ErrHijackUnsupported.Error()+"\n"))
		return
	}
	conn, rw, err := http.NewResponseController(w).Hijack()
	if err != nil {
		a.config.log().DebugContext(r.Context(), "httpadapter: hijack failed", "error", err)
		refuse(iron.With(http.StatusNotImplemented, ErrHijackUnsupported.Error()+"\n"))
		return
	}
	values := s.slot.Request().PeekContext()
	if head {
		writeSwitchHead(rw.Writer, res)
	}
	// res may be storage of the request's: done with it, give s back.
	a.release(s)
	if err := rw.Flush(); err != nil {
		conn.Close()
		return
	}
	ctx, cancel := context.WithCancelCause(context.WithoutCancel(values))
	stop := context.AfterFunc(a.shutdownContext(r), func() { cancel(http.ErrServerClosed) })
	defer func() {
		stop()
		cancel(nil)
		if p := recover(); p != nil {
			conn.Close()
			if p == http.ErrAbortHandler {
				return
			}
			a.config.log().Error("httpadapter: panic in the function of a switched connection",
				"panic", fmt.Sprint(p), "stack", string(debug.Stack()))
		}
	}()
	fn(ctx, conn, rw)
}

// switchRefused says why a 101 response cannot switch r's connection, or ""
// when it can: as on the engine, r must be HTTP/1.1 with "upgrade" among its
// Connection options and list every protocol the response names in its
// Upgrade header, and the response's fields must be sendable.
func switchRefused(r *http.Request, res *iron.Response) string {
	if r.ProtoMajor != 1 || r.ProtoMinor != 1 {
		return r.Proto + " cannot upgrade"
	}
	if !httpheader.HasToken(r.Header["Connection"], "upgrade") {
		return "the request has no Connection: upgrade"
	}
	named := false
	for _, v := range res.Header.Values("Upgrade") {
		for p := range strings.SplitSeq(v, ",") {
			if p = strings.TrimSpace(p); p == "" {
				continue
			}
			if !httpheader.HasToken(r.Header["Upgrade"], p) {
				return fmt.Sprintf("the request did not offer to upgrade to %q", p)
			}
			named = true
		}
	}
	if !named {
		return "a 101 response needs an Upgrade header"
	}
	if !httpheader.SafeHeader(res.Header) {
		return "a response header field cannot be sent (a name that is not a token; CR, LF or NUL in a value)"
	}
	return ""
}

// writeSwitchHead writes the head of a 101 answer as the engine does: the
// status line, Date, the response's fields but those that frame a message,
// and Connection: Upgrade.
func writeSwitchHead(bw *bufio.Writer, res *iron.Response) {
	bw.WriteString("HTTP/1.1 101 Switching Protocols\r\n")
	if _, ok := res.Header["Date"]; !ok {
		bw.WriteString("Date: " + time.Now().UTC().Format(http.TimeFormat) + "\r\n")
	}
	for name, values := range res.Header {
		switch http.CanonicalHeaderKey(name) {
		case "Connection", "Content-Length", "Transfer-Encoding":
			continue
		}
		for _, v := range values {
			bw.WriteString(name + ": " + v + "\r\n")
		}
	}
	bw.WriteString("Connection: Upgrade\r\n\r\n")
}

// shutdownContext returns the context that ends when the Shutdown of r's
// http.Server begins, registered once per server; Background when r came
// from no http.Server.
func (a *adapter) shutdownContext(r *http.Request) context.Context {
	srv, _ := r.Context().Value(http.ServerContextKey).(*http.Server)
	if srv == nil {
		return context.Background()
	}
	if ctx, ok := a.shutdowns.Load(srv); ok {
		return ctx.(context.Context)
	}
	ctx, cancel := context.WithCancelCause(context.Background())
	if got, loaded := a.shutdowns.LoadOrStore(srv, ctx); loaded {
		cancel(nil)
		return got.(context.Context)
	}
	srv.RegisterOnShutdown(func() { cancel(http.ErrServerClosed) })
	return ctx
}

// switchThrough carries out, through a net/http ResponseWriter, a response
// that takes over its connection: that of the Iron handler an Around
// middleware wraps. It hijacks as a net/http handler does, having written
// 101 with the response's header first (Upgrade), so that the FromHTTP that
// runs the middleware makes the switch a response of its own, which the
// server checks and carries out; fn then runs on this goroutine, with the
// request's context, which ends when the server shuts down. When the
// connection cannot be had, fn never runs.
func switchThrough(w http.ResponseWriter, r *http.Request, res *iron.Response, fn iron.UpgradeFunc, head bool) {
	_ = res.Body().Close() // a switch has no body
	if head {
		h := w.Header()
		for name, values := range res.Header {
			h[name] = values
		}
		w.WriteHeader(http.StatusSwitchingProtocols)
	}
	conn, rw, err := http.NewResponseController(w).Hijack()
	if err != nil {
		return
	}
	fn(r.Context(), conn, rw)
}
