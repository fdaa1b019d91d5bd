package engine

import (
	"context"
	"time"
)

// Shutdown stops the engine gracefully: it stops accepting, closes idle
// connections, lets requests in flight finish (their answers say
// Connection: close), ends the contexts of the functions running switched
// connections (iron.Upgrade, iron.Hijack), and returns once every
// connection has closed and those functions have returned, or with ctx's
// error when ctx ends first. Serve then returns [ErrServerClosed].
func (e *Engine) Shutdown(ctx context.Context) error {
	e.beginClose()
	ticker := time.NewTicker(10 * time.Millisecond)
	defer ticker.Stop()
	for {
		e.closeIdle()
		if e.drained() {
			e.releasePool(time.Second)
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-e.connsDone:
		case <-ticker.C:
		}
	}
}

// Close stops the engine at once: listeners and every connection close,
// requests in flight and switched connections included. Handlers and
// functions still running finish on their own.
func (e *Engine) Close() error {
	e.beginClose()
	e.closed.Store(true)
	e.mu.Lock()
	for c := range e.conns {
		c.rwc.Close()
	}
	e.mu.Unlock()
	e.closeSwitched()
	e.releasePool(0)
	return nil
}

// beginClose marks the engine draining and closes its listeners, once.
func (e *Engine) beginClose() {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.draining.Swap(true) {
		return
	}
	close(e.quit)
	e.tellSwitched()
	for _, l := range e.listeners {
		l.Close()
	}
}

// closeIdle closes the connections waiting for a request. A connection that
// turns idle later sees the engine draining and closes itself.
func (e *Engine) closeIdle() {
	e.mu.Lock()
	defer e.mu.Unlock()
	for c := range e.conns {
		if c.state.CompareAndSwap(stateIdle, stateClosed) {
			c.rwc.Close()
		}
	}
}

func (e *Engine) releasePool(wait time.Duration) {
	if p := e.workerPool(); p != nil {
		p.Release(wait)
	}
}
