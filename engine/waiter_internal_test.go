package engine

import (
	"net"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// TestReadSideHandOverIsExact races a worker taking the socket's read side
// (takeReadSide) against the connection's goroutine leaving its standing
// wait (leaveWait), as happens when the goroutine wakes on another CPU
// before the worker looks. Whatever the order, the worker waits for an
// answer exactly when the goroutine gives one: an answer left over would let
// the worker of a later request use the socket while the goroutine still
// waits on it, and block the goroutine on the answer after.
func TestReadSideHandOverIsExact(t *testing.T) {
	a, b := net.Pipe()
	defer a.Close()
	defer b.Close()
	for i := range 20000 {
		c := &conn{rwc: a, left: make(chan struct{}, 1)}
		c.inWait.Store(inWaitNow)
		c.standingTurn = true
		gone := make(chan struct{})
		go func() {
			defer close(gone)
			c.leaveWait()
		}()
		took := make(chan struct{})
		go func() {
			defer close(took)
			c.takeReadSide()
		}()
		select {
		case <-took:
		case <-time.After(5 * time.Second):
			t.Fatalf("round %d: the worker waits for an answer that never comes", i)
		}
		<-gone
		require.Zero(t, len(c.left), "round %d: an answer nobody waited for", i)
		require.Equal(t, outOfWait, c.inWait.Load())
	}
}
