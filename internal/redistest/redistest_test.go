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
