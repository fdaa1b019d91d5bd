package engine

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/iron-go/iron"
)

// TestListenersShareTheAddress starts ListenAndServe with four listeners
// on one port, serves fresh connections from several clients at once, and
// shuts down: every listener is open on the same port while serving, and
// every one is closed after.
func TestListenersShareTheAddress(t *testing.T) {
	if !canReusePort {
		t.Skip("Listeners past one need SO_REUSEPORT's spreading: Linux")
	}
	e := New(iron.HandlerFunc(func(req *iron.Request) (*iron.Response, error) {
		return iron.With(http.StatusOK, "ok "+req.EscapedPath()), nil
	}), Listeners(4))
	served := make(chan error, 1)
	go func() { served <- e.ListenAndServe("127.0.0.1:0") }()
	var ls []net.Listener
	require.Eventually(t, func() bool {
		e.mu.Lock()
		defer e.mu.Unlock()
		ls = append(ls[:0], e.listeners...)
		return len(ls) == 4
	}, 2*time.Second, 5*time.Millisecond, "four listeners")
	port := ls[0].Addr().(*net.TCPAddr).Port
	for _, l := range ls {
		assert.Equal(t, port, l.Addr().(*net.TCPAddr).Port, "one port")
	}

	var wg sync.WaitGroup
	for client := range 8 {
		wg.Go(func() {
			for i := range 8 {
				path := fmt.Sprintf("/%d/%d", client, i)
				c, err := net.DialTimeout("tcp", e.Addr().String(), 2*time.Second)
				if !assert.NoError(t, err) {
					return
				}
				c.SetDeadline(time.Now().Add(5 * time.Second))
				fmt.Fprintf(c, "GET %s HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", path)
				res, err := http.ReadResponse(bufio.NewReader(c), nil)
				if assert.NoError(t, err) {
					body, _ := io.ReadAll(res.Body)
					assert.Equal(t, "ok "+path, string(body))
				}
				c.Close()
			}
		})
	}
	wg.Wait()
	assert.Equal(t, uint64(64), e.Stats().Served)

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	require.NoError(t, e.Shutdown(ctx))
	require.ErrorIs(t, <-served, ErrServerClosed)
	for _, l := range ls {
		_, err := l.Accept()
		assert.ErrorIs(t, err, net.ErrClosed)
	}
}

// TestListenersRefused: a bad count is reported by the call that starts.
func TestListenersRefused(t *testing.T) {
	err := New(iron.HandlerFunc(func(*iron.Request) (*iron.Response, error) { return nil, nil }), Listeners(-1)).
		ListenAndServe("127.0.0.1:0")
	assert.ErrorContains(t, err, "invalid Listeners: -1")
}
