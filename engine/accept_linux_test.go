package engine

import (
	"io"
	"net"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestSweepBacklogTakesWaitingConnections connects three clients to a
// listener nobody accepts on, so that they wait in its backlog, sends on
// each, sweeps and closes the listener: each connection swept carries what
// its client sent, and its client reads the answer rather than a reset.
func TestSweepBacklogTakesWaitingConnections(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	var clients []net.Conn
	for range 3 {
		c, err := net.Dial("tcp", l.Addr().String())
		require.NoError(t, err)
		defer c.Close()
		c.SetDeadline(time.Now().Add(5 * time.Second))
		_, err = c.Write([]byte("ping"))
		require.NoError(t, err)
		clients = append(clients, c)
	}
	// An accept that timed out leaves the listener with a deadline passed.
	l.(*net.TCPListener).SetDeadline(aLongTimeAgo)

	swept := sweepBacklog(l)
	require.NoError(t, l.Close())
	require.Len(t, swept, 3)
	for _, s := range swept {
		s.SetDeadline(time.Now().Add(5 * time.Second))
		b := make([]byte, 4)
		_, err := io.ReadFull(s, b)
		require.NoError(t, err)
		assert.Equal(t, "ping", string(b))
		_, err = s.Write([]byte("pong"))
		require.NoError(t, err)
		s.Close()
	}
	for _, c := range clients {
		b, err := io.ReadAll(c)
		assert.NoError(t, err)
		assert.Equal(t, "pong", string(b))
	}
	assert.Empty(t, sweepBacklog(l), "a closed listener has no backlog")
}
