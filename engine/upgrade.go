package engine

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"runtime/debug"
	"strings"
	"time"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/internal/httpheader"
)

// Connection takeovers: a response made with iron.Upgrade or iron.Hijack
// takes its connection out of the engine. The worker that ran the handler
// leaves such a response to the connection's goroutine, as it leaves any
// answer that is not queued whole; that goroutine settles the request body
// (Upgrade), queues the 101 head (Upgrade), writes the answers queued before
// it, then leaves the pool, MaxConns, the idle wait and the deadlines behind
// and runs the takeover function itself, for the socket's life.

// switchState is a takeover under way: set on the connection once the
// response's head is queued, ready once it has been written.
type switchState struct {
	fn    iron.UpgradeFunc
	ready bool
	// The request's context: its values go on to fn's; it is cancelled once
	// fn returns (or the switch fails), as a request's context ends with
	// the request, so that a net/http handler that hijacked (FromHTTP)
	// learns that its connection was never handed over.
	values         context.Context
	cancel         context.CancelCauseFunc
	cancelDeadline context.CancelFunc
}

// end cancels the request's context, if it had one.
func (t *switchState) end() {
	if t.cancelDeadline != nil {
		t.cancelDeadline()
	}
	if t.cancel != nil {
		t.cancel(nil)
	}
}

// switchProtocols finishes a response that takes over its connection, in
// the connection's goroutine: it checks the switch, settles the request
// body (Upgrade: the new protocol starts after the request), stops the
// disconnect watch and queues the 101 head (Upgrade) or nothing (Hijack).
// A switch that cannot be made is answered with a 500 instead.
func (s *session) switchProtocols(res *iron.Response, fn iron.UpgradeFunc, head bool, keep bool) {
	c := s.c
	s.final = true
	_ = res.Body().Close() // a switch has no body
	if head {
		why := s.switchRefused(res)
		if why == "" && !s.body.settle() {
			why = "the request body could not be read to its end"
			keep = false
		}
		if why != "" {
			s.e.logger.Error("engine: cannot switch protocols: "+why,
				"method", s.h.method, "target", s.h.target, "remote", c.remote)
			keep = s.writeResponse(invalidHeader, keep)
			s.endRequest(keep)
			return
		}
	}
	t := &switchState{fn: fn}
	s.stopWatching()
	if c.gone.Load() {
		// The client left while the handler ran: nothing to switch.
		s.e.clientClosed.Add(1)
		s.endRequest(false)
		return
	}
	if head {
		out, ok := s.appendSwitchHead(s.out, res)
		if !ok {
			keep = s.writeResponse(invalidHeader, keep)
			s.endRequest(keep)
			return
		}
		s.out = out
	}
	t.values = s.slot.Request().PeekContext()
	t.cancel, s.cancel = s.cancel, nil
	t.cancelDeadline, s.cancelDeadline = s.cancelDeadline, nil
	c.takeover = t
	s.slot.Reset(nil)
}

// switchRefused says why the engine does not switch the current request's
// connection to the protocols of res, or "" when it does: the request must
// be HTTP/1.1 with "upgrade" among its Connection options and list in its
// Upgrade header every protocol the response names (RFC 9110 section 7.8).
func (s *session) switchRefused(res *iron.Response) string {
	if s.h.minor != 1 {
		return "an HTTP/1.0 request cannot upgrade"
	}
	var connection, offered []string
	for _, f := range s.h.fields {
		switch {
		case httpheader.EqualFold(f.Name, "connection"):
			connection = append(connection, f.Value)
		case httpheader.EqualFold(f.Name, "upgrade"):
			offered = append(offered, f.Value)
		}
	}
	if !httpheader.HasToken(connection, "upgrade") {
		return "the request has no Connection: upgrade"
	}
	named := false
	for _, v := range res.Header["Upgrade"] {
		for list := []byte(v); len(list) > 0; {
			var p []byte
			p, list = httpheader.NextElement(list)
			if len(p) == 0 {
				continue
			}
			if !httpheader.HasToken(offered, strings.ToLower(string(p))) {
				return fmt.Sprintf("the request did not offer to upgrade to %q", p)
			}
			named = true
		}
	}
	if !named {
		return "a 101 response needs an Upgrade header"
	}
	return ""
}

// appendSwitchHead appends the head of a 101 answer: the status line, Date,
// the response's fields (checked as writeResponse checks them, less the
// framing ones, which a 101 has none of) and Connection: Upgrade. It
// reports false, and logs, when a field cannot be sent.
func (s *session) appendSwitchHead(b []byte, res *iron.Response) ([]byte, bool) {
	s.now = time.Now()
	b = appendStatusLine(b, http.StatusSwitchingProtocols)
	if _, ok := res.Header["Date"]; !ok {
		b = append(b, s.date.get(s.now)...)
	}
	if ct := res.ContentType(); ct != "" {
		if !httpheader.SafeFieldValue(ct) {
			s.refuseField("Content-Type")
			return b, false
		}
		b = appendField(b, "Content-Type", ct)
	}
	for name, values := range res.Header {
		if !httpheader.IsToken(name) {
			s.refuseField(name)
			return b, false
		}
		skip := engineWrites(name)
		for _, v := range values {
			if !httpheader.SafeFieldValue(v) {
				s.refuseField(name)
				return b, false
			}
			if !skip {
				b = appendField(b, name, v)
			}
		}
	}
	return append(b, "Connection: Upgrade\r\n\r\n"...), true
}

func (s *session) refuseField(name string) {
	s.e.logger.Error("engine: response header refused: CR, LF or NUL in a field, or an invalid name",
		"method", s.h.method, "target", s.h.target, "header", fmt.Sprintf("%q", name))
}

// handOver runs, at the end of the connection's goroutine, the takeover its
// last answer asked for, once the answers before it and its head are
// written: the connection leaves the engine (the open connections, MaxConns,
// the idle wait, every deadline) and the takeover function runs on this
// goroutine until it returns. It reports false when there is nothing to
// hand over, after ending the context of a switch that failed.
func (c *conn) handOver() (handed bool) {
	t := c.takeover
	if t == nil {
		return false
	}
	c.takeover = nil
	if !t.ready {
		t.end()
		return false
	}
	handed = true // from here on, even if fn panics
	e := c.e
	if c.s != nil {
		c.releaseSession() // what the client sent after the request moves to pending
	}
	pending := c.pending
	c.pending = nil
	c.rwc.SetDeadline(time.Time{})
	c.state.Store(stateClosed) // for the engine, this connection is over
	e.mu.Lock()
	if e.switched == nil {
		e.switched = make(map[*conn]struct{})
	}
	e.switched[c] = struct{}{}
	e.mu.Unlock()
	e.upgraded.Add(1)
	e.upgrades.Add(1)
	e.untrack(c)
	ctx, cancel := context.WithCancelCause(context.WithoutCancel(t.values))
	stop := context.AfterFunc(e.upgradeContext(), func() { cancel(ErrServerClosed) })
	defer func() {
		if p := recover(); p != nil {
			e.logger.Error("engine: panic in the function of a switched connection", "remote", c.remote,
				"panic", fmt.Sprint(p), "stack", string(debug.Stack()))
			c.rwc.Close()
		}
		stop()
		cancel(nil)
		t.end()
		e.mu.Lock()
		delete(e.switched, c)
		e.mu.Unlock()
		if e.upgraded.Add(-1) == 0 && e.open.Load() == 0 {
			select {
			case e.connsDone <- struct{}{}:
			default:
			}
		}
	}()
	rw := bufio.NewReadWriter(switchReader(pending, c.rwc), bufio.NewWriter(c.rwc))
	t.fn(ctx, c.rwc, rw)
	return handed
}

// switchReader reads what the client sent after the request, already
// buffered as a net/http Hijack has it (a library may check Buffered), then
// conn.
func switchReader(pending []byte, conn net.Conn) *bufio.Reader {
	if len(pending) == 0 {
		return bufio.NewReader(conn)
	}
	br := bufio.NewReaderSize(io.MultiReader(bytes.NewReader(pending), conn), max(4096, len(pending)))
	// The first read takes all of pending, which fits: conn is not read.
	_, _ = br.Peek(len(pending))
	return br
}

// upgradeContext returns the context that ends when Shutdown or Close
// begins: the takeover functions' contexts follow it.
func (e *Engine) upgradeContext() context.Context {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.upCtx == nil {
		e.upCtx, e.upCancel = context.WithCancelCause(context.Background())
		if e.draining.Load() {
			e.upCancel(ErrServerClosed)
		}
	}
	return e.upCtx
}

// tellSwitched ends the contexts of the takeover functions, as Shutdown or
// Close begins. The caller holds e.mu.
func (e *Engine) tellSwitched() {
	if e.upCancel != nil {
		e.upCancel(ErrServerClosed)
	}
}

// closeSwitched closes the connections that takeover functions still hold,
// for Close.
func (e *Engine) closeSwitched() {
	e.mu.Lock()
	defer e.mu.Unlock()
	for c := range e.switched {
		c.rwc.Close()
	}
}

// drained reports whether no connection is open, switched ones included.
func (e *Engine) drained() bool { return e.open.Load() == 0 && e.upgraded.Load() == 0 }
