package engine

import (
	"net"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/iron-go/iron/worker"
)

// TestWorkerLettingGoActsNoMore races a worker ending a turn from the
// standing wait with nothing left (endStandingTurn) against the connection's
// goroutine taking the connection the moment it is idle (onReady), and
// going through a whole hand-over of its own before the worker is done:
//
//   - shed: no worker is free, so the goroutine leaves its wait to answer
//     503 itself (dispatchErr); it reads no done, so a done sent by the
//     first worker would be a stale token that a later turn's hand-back
//     takes for its own, letting the goroutine on while a worker still
//     runs;
//   - served again: another worker takes the connection, readiness comes
//     while it has it, it hands the connection back, and the goroutine
//     serves and waits again with nothing dispatched; the first worker must
//     not take that connection back (it would serve it as a turn-by-turn
//     turn while the goroutine waits for readiness: nobody hands it on).
//
// Whatever the order, a worker that let go of the connection sends nothing
// on done and serves it no more.
func TestWorkerLettingGoActsNoMore(t *testing.T) {
	a, b := net.Pipe()
	defer a.Close()
	defer b.Close()
	e := &Engine{}
	e.sessions.New = func() any { return newSession(e) }
	tests := []struct {
		name     string
		dispatch error
	}{
		{"shed", worker.ErrOverloaded},
		{"served again", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for i := range 50000 {
				c := &conn{e: e, rwc: a, done: make(chan struct{}, 1), left: make(chan struct{}, 1)}
				c.served = 1
				c.state.Store(stateActive)
				c.inWait.Store(inWaitNow)
				c.entered = true
				c.s = e.sessions.Get().(*session)
				c.s.c = c
				dispatched := false
				c.dispatch = func() error { dispatched = true; return tt.dispatch }
				claimed := make(chan bool, 1)
				go func() {
					// The goroutine, in its wait: readiness comes as soon as
					// the worker lets go.
					for !waiting(c.state.Load()) {
					}
					c.onReady(0)
					if !dispatched {
						claimed <- false // the worker kept it: no hand-over
						return
					}
					if tt.dispatch == nil {
						// Another worker has it; readiness comes again; that
						// worker hands the connection back.
						c.onReady(0)
						c.leave.Store(true)
					}
					c.leaveWait()
					if tt.dispatch == nil {
						// The goroutine, owning it, finds nothing more to do
						// and waits again.
						c.enterWait()
						c.leave.Store(false)
						c.inWait.Store(inWaitNow)
					}
					claimed <- true
				}()
				again := c.endStandingTurn()
				took := <-claimed
				require.Zero(t, len(c.done), "round %d: a done token nobody reads", i)
				if took {
					require.False(t, again, "round %d: the worker took back a connection served since it let go", i)
				}
			}
		})
	}
}
