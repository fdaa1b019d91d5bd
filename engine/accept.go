package engine

import (
	"crypto/tls"
	"errors"
	"net"
	"os"
	"time"
)

// How a listener closes when the engine stops accepting. Closing a
// listening socket resets the connections still waiting in its backlog:
// their handshake is done, and the client (a proxy) has often sent its
// request already, which it will not send again if it is a POST. So the
// accept loop does not close its listener at once. After a drain period it
// keeps accepting until the listener has been quiet for quietPeriod (no
// connection accepted), which is what a listener looks like once the load
// balancer has stopped sending connections, or, at the latest, until
// quietBound has passed since the stop began (a balancer without health
// checks never stops). Shutdown waits for no quiet spell. Either way the
// listener is swept of its backlog (sweepBacklog, on Linux) just before it
// closes, so what remains to lose is a connection that completes its
// handshake in the microseconds between the sweep and the close.
//
// The quiet period is far longer than the gaps between a busy balancer's
// connections (milliseconds) and shorter than its health-check interval
// (seconds), whose probes connect too; the bound keeps what the wait adds
// to a stop small, as waiting longer does not help against a balancer that
// goes on sending.
const (
	quietPeriod = 250 * time.Millisecond
	quietBound  = time.Second
	// lastLook is the shortest wait of an accept while stopping: long enough
	// that the accept looks at the backlog before its deadline passes.
	lastLook = time.Millisecond
	// firstRequestGrace is how long a new connection is given for its
	// first request to arrive before a stopping engine may close it as
	// idle: a proxy sends its request as soon as it has connected, even
	// when busy, so one that has sent nothing by then is a pre-opened
	// connection with no request to lose.
	firstRequestGrace = 250 * time.Millisecond
)

// deadliner is a listener whose accepts can be bounded in time, as TCP and
// Unix listeners are. A listener that is not one closes at once on stop.
type deadliner interface {
	SetDeadline(time.Time) error
}

// serve is the accept loop of one listener.
func (e *Engine) serve(l net.Listener, tlsCfg *tls.Config) error {
	if tlsCfg != nil && len(tlsCfg.NextProtos) == 0 {
		tlsCfg = tlsCfg.Clone()
		tlsCfg.NextProtos = []string{"http/1.1"}
	}
	e.mu.Lock()
	if e.draining.Load() || e.closed.Load() {
		e.mu.Unlock()
		l.Close()
		return ErrServerClosed
	}
	e.listeners = append(e.listeners, l)
	if e.addr == nil {
		e.addr = l.Addr()
	}
	e.accepting.Add(1)
	e.mu.Unlock()
	defer func() {
		l.Close()
		e.accepting.Add(-1)
		e.signalDone()
	}()

	var backoff time.Duration
	var deadline time.Time // the deadline this loop set while stopping
	for {
		select {
		case e.slots <- struct{}{}:
		case <-e.halt:
			return ErrServerClosed
		}
		if e.stopping.Load() {
			var ok bool
			if deadline, ok = e.nextDeadline(l); !ok {
				<-e.slots
				e.closeListener(l, tlsCfg)
				return ErrServerClosed
			}
		}
		rwc, err := l.Accept()
		if err != nil {
			<-e.slots
			if e.stopping.Load() {
				if e.closed.Load() || !errors.Is(err, os.ErrDeadlineExceeded) {
					return ErrServerClosed
				}
				if !deadline.IsZero() && !time.Now().Before(deadline) {
					e.closeListener(l, tlsCfg) // quiet until the deadline: stop
					return ErrServerClosed
				}
				continue // woken by the stop: set a deadline and look again
			}
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() || errors.Is(err, errTooManyFiles) {
				backoff = min(max(2*backoff, 5*time.Millisecond), time.Second)
				e.logger.Error("engine: accept failed; retrying", "error", err, "delay", backoff)
				time.Sleep(backoff)
				continue
			}
			return err
		}
		backoff = 0
		if !e.serveConn(rwc, tlsCfg) {
			rwc.Close()
			return ErrServerClosed
		}
	}
}

// serveConn starts serving a connection accepted, which holds a slot; it
// reports false when the engine is closed.
func (e *Engine) serveConn(rwc net.Conn, tlsCfg *tls.Config) bool {
	c := newConn(e, rwc, tlsCfg)
	e.lastAccept.Store(c.accepted.UnixNano())
	if !e.track(c) {
		<-e.slots
		return false
	}
	go c.serve()
	return true
}

// closeListener closes a listener that has turned quiet, once it has taken
// the connections still in its backlog, and serves them.
func (e *Engine) closeListener(l net.Listener, tlsCfg *tls.Config) {
	backlog := sweepBacklog(l)
	l.Close()
	for i, rwc := range backlog {
		served := false
		select {
		case e.slots <- struct{}{}:
			served = e.serveConn(rwc, tlsCfg)
		case <-e.halt:
		}
		if !served { // the engine was closed meanwhile
			rwc.Close()
			for _, rest := range backlog[i+1:] {
				rest.Close()
			}
			return
		}
	}
}

// nextDeadline sets the deadline of the listener's next accept while the
// engine stops: quietFor after the last connection accepted, but no
// later than quietBound after the stop began, and never less than lastLook
// away, so that the accept looks at the backlog once more. It reports false
// when the listener cannot be given a deadline: it is then closed at once.
func (e *Engine) nextDeadline(l net.Listener) (time.Time, bool) {
	d, ok := l.(deadliner)
	if !ok {
		return time.Time{}, false
	}
	now := time.Now()
	deadline := time.Unix(0, e.lastAccept.Load()).Add(time.Duration(e.quietFor.Load()))
	if bound := time.Unix(0, e.stopAt.Load()).Add(quietBound); deadline.After(bound) {
		deadline = bound
	}
	if earliest := now.Add(lastLook); deadline.Before(earliest) {
		deadline = earliest
	}
	if d.SetDeadline(deadline) != nil {
		return time.Time{}, false
	}
	return deadline, true
}

// stopAccepting ends the drain period: each accept loop closes its listener
// once it has been quiet for quiet (see quietPeriod). A listener blocked in
// Accept is woken by a deadline in the past, after which its loop sets its
// own.
func (e *Engine) stopAccepting(quiet time.Duration) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.stopping.Load() {
		return
	}
	e.quietFor.Store(int64(quiet))
	e.beginStop()
	for _, l := range e.listeners {
		if d, ok := l.(deadliner); ok {
			d.SetDeadline(aLongTimeAgo)
		} else {
			l.Close()
		}
	}
}
