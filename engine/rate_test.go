package engine_test

import (
	"bufio"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/engine"
)

// TestMinBodyRateCutsATrickle sends a body at ten bytes a second, far below
// the minimum rate, with ReadTimeout left at its minute: the engine answers
// 408 once the grace period is over, whether it was buffering the body or
// the handler was reading it.
func TestMinBodyRateCutsATrickle(t *testing.T) {
	for _, tc := range []struct {
		name string
		opts []engine.Option
	}{
		{"buffered", nil},
		{"read by the handler", []engine.Option{engine.BodyBufferBytes(16)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			opts := append([]engine.Option{engine.MinBodyRate(1000), engine.RateGracePeriod(300 * time.Millisecond), quietLogger()}, tc.opts...)
			_, addr := start(t, slowHandler(""), opts...)
			c := dial(t, addr)
			require.NoError(t, c.SetDeadline(time.Now().Add(10*time.Second)))
			_, err := io.WriteString(c, "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 10000\r\n\r\n"+strings.Repeat("a", 100))
			require.NoError(t, err)
			stop := make(chan struct{})
			defer close(stop)
			go func() {
				for {
					select {
					case <-stop:
						return
					case <-time.After(100 * time.Millisecond):
						if _, err := c.Write([]byte("a")); err != nil {
							return
						}
					}
				}
			}()
			began := time.Now()
			res, _ := readResponse(t, bufio.NewReader(c), "POST")
			assert.Equal(t, http.StatusRequestTimeout, res.StatusCode)
			assert.Less(t, time.Since(began), 5*time.Second, "cut by the rate, not by ReadTimeout")
		})
	}
}

// TestMinResponseRateCutsASlowReader streams to a client that reads far
// slower than the minimum rate; each write completes in time (the stream
// flushes small pieces), but the time spent waiting adds up: the engine
// closes the connection, with WriteTimeout left at its minute.
func TestMinResponseRateCutsASlowReader(t *testing.T) {
	e, addr := start(t, iron.HandlerFunc(func(*iron.Request) (*iron.Response, error) {
		piece := []byte(strings.Repeat("s", 1024))
		return iron.With(http.StatusOK, func(w io.Writer) error {
			for {
				if _, err := w.Write(piece); err != nil {
					return err
				}
				if err := iron.Flush(w); err != nil {
					return err
				}
			}
		}), nil
	}), engine.MinResponseRate(200<<10), engine.RateGracePeriod(300*time.Millisecond), quietLogger())
	c := dialSmallWindow(t, addr)
	require.NoError(t, c.SetDeadline(time.Now().Add(20*time.Second)))
	_, err := io.WriteString(c, "GET /stream HTTP/1.1\r\nHost: x\r\n\r\n")
	require.NoError(t, err)
	done := make(chan struct{})
	defer close(done)
	go func() {
		buf := make([]byte, 1024)
		for {
			select {
			case <-done:
				return
			case <-time.After(20 * time.Millisecond): // about 50 KiB a second
			}
			if _, err := io.ReadFull(c, buf); err != nil {
				return
			}
		}
	}()
	// The kernel's buffers still hold what was written before the cut: the
	// client may read on for a while; the engine has let go.
	assert.Eventually(t, func() bool { return e.Stats().ClientClosed == 1 && e.Stats().Conns == 0 }, 10*time.Second, 10*time.Millisecond,
		"cut by the rate, not by WriteTimeout; a client cut off is no server error: %+v", e.Stats())
	assert.Zero(t, e.Stats().Errors)
}
