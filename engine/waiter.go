package engine

import (
	"errors"
	"os"
	"time"

	"github.com/iron-go/iron/worker"
)

// The standing wait. On plain TCP (on Unix), a connection's goroutine does
// not wait for each request anew: it waits once, in the runtime's network
// poller, and stays in that wait while requests come and go. The runtime
// calls back into the wait (onReady) each time the socket turns readable;
// the callback hands the connection to a worker, and returns to waiting
// without leaving the poller. The worker reads what came (one read), serves
// it, writes the answers (one write) and, when nothing is left for the
// connection's goroutine to do, marks the connection idle and lets go of it:
// no hand-back, no second wake-up of the connection's goroutine, no peek.
// An unpipelined request costs one read, one write and two goroutine
// switches (the goroutine woken by the poller, and the worker).
//
// Whenever a turn leaves work for the connection's goroutine (answers to
// finish writing, a body to buffer, a partial head, a close, a panic), or a
// worker needs the socket's read side for itself (a handler reading a body
// larger than BodyBufferBytes, a request context that watches for the
// client going away), the worker asks the goroutine to leave the wait
// (leave), and wakes it with a read deadline in the past; the goroutine then
// waits for the turn's end (done) and takes over as in the turn-by-turn
// model (conn.serve), re-entering the standing wait once the connection is
// idle again.
//
// Ownership: a connection whose state is stateActive (or stateReadyAgain)
// belongs to the worker that made it so (or to the goroutine, once it has
// the turn's done); one whose state is stateIdle belongs to no worker, and
// its session is back in the pool. A worker lets go of the connection with
// one compare-and-swap of state, from stateActive to stateIdle, and touches
// it no more: readiness that comes while it has the connection turns the
// state to stateReadyAgain (the callback), and a goroutine that leaves the
// wait to close it turns it to stateClosed (reclaim), so the swap fails and
// the worker serves again, or says on done that its turn is over. A worker
// that looked at the connection after marking it idle could find the next
// owner's doings (the goroutine gone shedding, or back in a wait after
// another worker's turn) and take them for an answer to itself.
//
// Deadlines: the wait's read deadline is the idle timeout (or, for a new
// connection, ReadHeaderTimeout from the accept) and is corrected lazily:
// the workers only record when each turn ended (lastActive), and when the
// deadline passes, the goroutine compares it with the real one and waits
// again if the connection was busy since.

// Values of conn.inWait. A worker that needs the goroutine out of the wait
// before it goes on marks the wait inWaitAckWanted, which it can do only
// while the goroutine is in it; the goroutine, leaving, swaps in outOfWait
// and answers on conn.left exactly when it finds inWaitAckWanted. One word
// decides both sides, so an answer is never sent that nobody waits for (a
// stale one would let a later worker go on while the goroutine still holds
// the socket's read side, and block the goroutine on the next answer).
const (
	outOfWait int32 = iota
	inWaitNow
	inWaitAckWanted
)

// waitResult is how a standing wait ended.
type waitResult int

const (
	waitClosed   waitResult = iota // close the connection (no worker has it)
	waitHandBack                   // a worker handed the connection back: its turn's work goes on here
	waitShed                       // every worker and the queue are busy: shed the connection
)

// standing reports whether the connection waits in a standing wait between
// requests: plain TCP with a socket, and nothing received waiting to be
// completed (a partial head waits turn by turn, with its header deadline).
func (c *conn) standing() bool {
	return canStandingWait && c.plain() && len(c.pending) == 0
}

// waiting reports whether a connection in state st waits for a request
// with no worker and nothing received: a stopping engine may close it
// (closeIfIdle), and readiness hands it to a worker.
func waiting(st int32) bool { return st == stateIdle || st == stateNew }

// waitAndDispatch is the standing wait. It returns when a worker hands the
// connection back, or when the connection must close or be shed.
func (c *conn) waitAndDispatch() waitResult {
	// No worker has the connection: a request to leave made while the
	// goroutine was on its way out of the last wait is void.
	c.leave.Store(false)
	c.inWait.Store(inWaitNow)
	c.armWait()
	for {
		c.entered = false
		err := c.raw.Read(c.onReadyFn)
		if c.leave.Load() {
			c.leaveWait()
			<-c.done
			// The goroutine has the connection: readiness noted during the
			// turn is looked for again by the next wait's first callback.
			c.state.CompareAndSwap(stateReadyAgain, stateActive)
			// The worker woke this wait with a deadline in the past: the
			// deadline set is unknown.
			c.readDeadline = time.Time{}
			return waitHandBack
		}
		switch {
		case c.dispatchErr != nil:
			c.leaveWait()
			err := c.dispatchErr
			c.dispatchErr = nil
			if errors.Is(err, worker.ErrOverloaded) {
				return waitShed
			}
			c.e.active.Add(-1)
			c.state.Store(stateClosed)
			return waitClosed
		case err != nil && errors.Is(err, os.ErrDeadlineExceeded):
			c.readDeadline = time.Time{} // passed: set it afresh
			if busy(c.state.Load()) || !c.waitExpired() {
				c.armWait()
				continue
			}
			// Idle past its deadline: close, unless a worker has just
			// taken it back.
			if st := c.state.Load(); !(waiting(st) && c.state.CompareAndSwap(st, stateClosed)) && busy(c.state.Load()) {
				continue
			}
		}
		c.reclaim()
		return waitClosed
	}
}

// armWait sets the standing wait's deadline: the idle timeout from the last
// turn's end, or ReadHeaderTimeout from the accept before the first request;
// while a worker has the connection, an idle timeout from now, to be
// checked again then.
func (c *conn) armWait() {
	cfg := &c.e.cfg
	var d time.Time
	switch last := c.lastActive.Load(); {
	case busy(c.state.Load()):
		d = time.Now().Add(cfg.IdleTimeout)
	case last == 0:
		d = c.accepted.Add(cfg.ReadHeaderTimeout)
	default:
		d = time.Unix(0, last).Add(cfg.IdleTimeout)
	}
	c.setReadDeadline(d)
}

// waitExpired reports whether an idle connection's real deadline has
// passed (the one set may be older).
func (c *conn) waitExpired() bool {
	cfg := &c.e.cfg
	last := c.lastActive.Load()
	d := c.accepted.Add(cfg.ReadHeaderTimeout)
	if last != 0 {
		d = time.Unix(0, last).Add(cfg.IdleTimeout)
	}
	return !time.Now().Before(d)
}

// reclaim takes the connection back from the standing wait to close it: an
// idle one at once, one a worker has once its turn ends. Marking the latter
// closed is what tells its worker to say so on done rather than let go
// (endStandingTurn): the one word decides, so done is sent exactly when it
// is waited for here.
func (c *conn) reclaim() {
	c.leaveWait()
	for {
		switch st := c.state.Load(); st {
		case stateClosed:
			return
		case stateNew, stateIdle:
			if c.state.CompareAndSwap(st, stateClosed) {
				return
			}
		case stateActive, stateReadyAgain:
			if !c.state.CompareAndSwap(st, stateClosed) {
				continue // the worker let go, or readiness came
			}
			<-c.done
			c.e.active.Add(-1)
			if c.s != nil {
				c.releaseSession()
			}
			return
		}
	}
}

// leaveWait marks the standing wait left for good (until the connection is
// idle again), and answers a worker that asked to use the socket's read
// side: the read side is free now. A worker that asks after this sees
// the wait left (outOfWait) and does not wait for the answer.
func (c *conn) leaveWait() {
	if c.inWait.Swap(outOfWait) == inWaitAckWanted {
		c.left <- struct{}{}
	}
	c.leave.Store(false)
}

// onReady is the standing wait's callback: the runtime calls it when the
// wait begins and each time the socket turns readable. It hands an idle
// connection to a worker, or notes readiness for the worker that has it, and
// keeps waiting (false) unless a worker wants the connection back or it
// must close.
func (c *conn) onReady(fd uintptr) bool {
	if c.leave.Load() {
		return true
	}
	if !c.entered {
		// Readiness is reset when a wait begins: bytes that came before
		// must be looked for.
		c.entered = true
		switch n, err := c.peekNow(fd); {
		case errors.Is(err, errWouldBlock):
			return false
		case (n == 0 || err != nil) && waiting(c.state.Load()):
			return true // the client closed or reset its end while idle
		}
	}
	for {
		switch st := c.state.Load(); {
		case waiting(st):
			if c.state.CompareAndSwap(st, stateActive) {
				return c.handToWorker()
			}
		case st == stateActive:
			// A worker has it: its turn ends by serving again.
			if c.state.CompareAndSwap(st, stateReadyAgain) {
				return false
			}
		case st == stateReadyAgain:
			return false
		default:
			return true // a stopping engine closed it (closeIfIdle)
		}
	}
}

// handToWorker dispatches the connection the callback just took (now
// stateActive); it reports whether the wait ends, the dispatch having
// failed.
func (c *conn) handToWorker() bool {
	c.e.active.Add(1)
	if c.e.cfg.QueueTimeout > 0 {
		c.handedAt = time.Now()
	}
	if err := c.dispatch(); err != nil {
		c.dispatchErr = err
		return true
	}
	return false
}

// endStandingTurn ends a worker's turn that began from the standing wait
// and left nothing for the connection's goroutine to do. It reports whether
// the worker serves the connection again at once (readiness came
// meanwhile). Once it has marked the connection idle it touches it no more:
// another worker (or the goroutine, shedding) may have it the next moment.
func (c *conn) endStandingTurn() bool {
	if c.state.CompareAndSwap(stateReadyAgain, stateActive) {
		return true // the session is kept for the next turn
	}
	c.releaseSession()
	st := c.waitState() // nothing is pending: stateIdle, or stateNew
	for {
		switch c.state.Load() {
		case stateActive:
			if c.state.CompareAndSwap(stateActive, st) {
				c.e.active.Add(-1)
				return false
			}
		case stateReadyAgain:
			if c.state.CompareAndSwap(stateReadyAgain, stateActive) {
				return true
			}
		default:
			// stateClosed: the goroutine left the wait to close the
			// connection (reclaim), and waits for this turn to end.
			c.done <- struct{}{}
			return false
		}
	}
}

// handBack gives the connection, and what its turn left, to the
// connection's goroutine: it asks the goroutine to leave its standing wait
// and wakes it.
func (c *conn) handBack() {
	c.standingTurn = false
	c.leave.Store(true)
	c.rwc.SetReadDeadline(aLongTimeAgo)
	c.done <- struct{}{}
}

// takeReadSide makes the connection's goroutine leave its standing wait
// before a worker waits on the socket itself (a handler reading a large
// body, or the disconnect watch), and waits until it has; the turn then ends
// as a turn-by-turn one does. It does nothing when the goroutine is not in
// the wait.
func (c *conn) takeReadSide() {
	if !c.standingTurn {
		return
	}
	c.standingTurn = false
	c.leave.Store(true)
	acked := c.inWait.CompareAndSwap(inWaitNow, inWaitAckWanted)
	// An error here means the connection was closed: the wait ends by
	// itself.
	c.rwc.SetReadDeadline(aLongTimeAgo)
	if acked {
		<-c.left
	}
	c.readDeadline = time.Time{} // the wait's, then the one above: unknown
}
