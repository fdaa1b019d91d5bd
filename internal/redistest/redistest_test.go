package redistest_test

import (
	"net"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/iron-go/iron/internal/redistest"
)

func TestStartAnswersAndStops(t *testing.T) {
	s := redistest.Start(t)
	c, err := net.DialTimeout("tcp", s.Addr, time.Second)
	require.NoError(t, err)
	c.Close()
	s.Stop()
	_, err = net.DialTimeout("tcp", s.Addr, time.Second)
	require.Error(t, err, "the server still accepts connections after Stop")
}

func TestSilentAcceptsAndSaysNothing(t *testing.T) {
	addr := redistest.Silent(t)
	c, err := net.DialTimeout("tcp", addr, time.Second)
	require.NoError(t, err)
	defer c.Close()
	_, err = c.Write([]byte("PING\r\n"))
	require.NoError(t, err)
	require.NoError(t, c.SetReadDeadline(time.Now().Add(100*time.Millisecond)))
	_, err = c.Read(make([]byte, 1))
	var ne net.Error
	require.ErrorAs(t, err, &ne)
	require.True(t, ne.Timeout(), "no answer: %v", err)
}
