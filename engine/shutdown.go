package engine

import (
	"context"
	"time"
)

// Shutdown stops the engine gracefully, now: readiness turns unhealthy
// ([Engine.Draining]), each listener closes after taking the connections
// waiting in its backlog, idle keep-alive connections close (not those on
// which a request has begun to arrive), and every connection accepted is
// served to its end, its answers saying Connection: close; the functions
// running switched connections (iron.Upgrade, iron.Hijack) see their
// contexts end, and are waited for like connections.
// Shutdown returns nil once every connection has closed; when ctx ends
// first it closes those left (as [Engine.Close] does) and returns ctx's
// error. Serve returns [ErrServerClosed] once its listener is closed.
//
// Behind a load balancer, use [Engine.Drain], which serves on through the
// drain period first, so that the balancer stops sending requests before
// the engine stops taking them. Shutdown during a Drain ends its drain
// period at once.
func (e *Engine) Shutdown(ctx context.Context) error { return e.stop(ctx, 0) }

// Close stops the engine at once: listeners and every connection close,
// requests in flight and switched connections included. Handlers and
// functions still running finish on their own.
// It is safe to call at any time, and more than once.
func (e *Engine) Close() error {
	e.mu.Lock()
	e.draining.Store(true)
	e.beginStop()
	if !e.closed.Swap(true) {
		close(e.halt)
	}
	for _, l := range e.listeners {
		l.Close()
	}
	for c := range e.conns {
		c.rwc.Close()
	}
	e.mu.Unlock()
	e.closeSwitched()
	e.releasePool(0)
	return nil
}

// stop drains for period (when the engine is serving), then stops accepting
// and waits for the connections to end, or ctx to.
func (e *Engine) stop(ctx context.Context, period time.Duration) error {
	e.draining.Store(true)
	if period > 0 && e.accepting.Load() > 0 {
		t := time.NewTimer(period)
		select {
		case <-t.C:
		case <-e.quit: // Shutdown or Close ended the drain period
		case <-ctx.Done():
			t.Stop()
			e.Close()
			return ctx.Err()
		}
		t.Stop()
	}
	quiet := time.Duration(0)
	if period > 0 {
		quiet = quietPeriod
	}
	e.stopAccepting(quiet)
	ticker := time.NewTicker(10 * time.Millisecond)
	defer ticker.Stop()
	for {
		// Idle connections are closed only once no listener accepts: until
		// then a load balancer may still be sending requests, on them too.
		if e.accepting.Load() == 0 {
			e.closeIdle()
			if e.drained() {
				e.releasePool(time.Second)
				return nil
			}
		}
		select {
		case <-ctx.Done():
			e.Close()
			return ctx.Err()
		case <-e.connsDone:
		case <-ticker.C:
		}
	}
}

// beginStop marks the engine stopping, once. e.mu is held.
func (e *Engine) beginStop() bool {
	if e.stopping.Load() {
		return false
	}
	e.stopAt.Store(time.Now().UnixNano())
	e.stopping.Store(true)
	close(e.quit)
	e.tellSwitched()
	return true
}

// closeIdle closes the connections that wait for a request with none on its
// way (see closeIfIdle). A connection that turns idle later is closed by a
// later call: the answer it had under way was written before.
func (e *Engine) closeIdle() {
	now := time.Now()
	e.mu.Lock()
	defer e.mu.Unlock()
	for c := range e.conns {
		c.closeIfIdle(now)
	}
}

// closeIfIdle closes c if it is waiting for its next request (or, accepted
// over firstRequestGrace ago, for its first) and no byte of one has arrived. A
// connection whose request has begun to arrive is served, with an answer
// that says Connection: close; so is a new connection that may still be
// sending its first request (one from the backlog, taken as the listener
// closed). What remains is a request that crosses the close on the wire:
// the close is made once the listener is closed, by when a load balancer
// that checks readiness has long stopped using the connection.
func (c *conn) closeIfIdle(now time.Time) {
	st := c.state.Load()
	switch {
	case st == stateIdle:
	case st == stateNew && now.Sub(c.accepted) >= firstRequestGrace:
	default:
		return
	}
	if c.bytesWaiting() {
		return // its goroutine is waking up to serve them
	}
	if c.state.CompareAndSwap(st, stateClosed) {
		c.rwc.Close()
	}
}

// signalDone wakes a stop waiting for connections and listeners to end.
func (e *Engine) signalDone() {
	select {
	case e.connsDone <- struct{}{}:
	default:
	}
}

func (e *Engine) releasePool(wait time.Duration) {
	if p := e.workerPool(); p != nil {
		p.Release(wait)
	}
}
