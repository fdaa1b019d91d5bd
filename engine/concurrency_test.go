package engine_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/engine"
)

// blocker is a handler that holds every request until released.
type blocker struct {
	entered chan struct{}
	release chan struct{}
}

func newBlocker() *blocker {
	return &blocker{entered: make(chan struct{}, 100), release: make(chan struct{})}
}

// occupy sends a request for /block on a new connection and returns once
// its handler has taken a worker and blocks there, until b.release closes.
func (b *blocker) occupy(t *testing.T, addr string) net.Conn {
	t.Helper()
	c := dial(t, addr)
	_, err := io.WriteString(c, "GET /block HTTP/1.1\r\nHost: x\r\n\r\n")
	require.NoError(t, err)
	<-b.entered
	return c
}

func (b *blocker) Handle(req *iron.Request) (*iron.Response, error) {
	if req.EscapedPath() == "/block" {
		b.entered <- struct{}{}
		<-b.release
	}
	return iron.With(http.StatusOK, "done "+req.EscapedPath()), nil
}

func TestShedsLoadWith503(t *testing.T) {
	b := newBlocker()
	e, addr := start(t, b, engine.Workers(1), engine.Queue(engine.NoQueue))
	busy := b.occupy(t, addr)

	out := exchange(t, addr, "GET /other HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
	assert.Equal(t, "HTTP/1.1 503 Service Unavailable", statusLine(out))
	assert.Contains(t, out, "Retry-After: 1\r\n")
	assert.Equal(t, uint64(1), e.Stats().Shed)

	close(b.release)
	res, body := readResponse(t, bufio.NewReader(busy), "GET")
	assert.Equal(t, http.StatusOK, res.StatusCode)
	assert.Equal(t, "done /block", body)
}

// TestBlockWhenBusyWaitsInstead has no queue, so that without BlockWhenBusy
// the second request would be shed with 503.
func TestBlockWhenBusyWaitsInstead(t *testing.T) {
	b := newBlocker()
	e, addr := start(t, b, engine.Workers(1), engine.Queue(engine.NoQueue), engine.BlockWhenBusy())
	b.occupy(t, addr) // holds the only worker; closed at the end of the test
	waiting := dial(t, addr)
	_, err := io.WriteString(waiting, "GET /other HTTP/1.1\r\nHost: x\r\n\r\n")
	require.NoError(t, err)
	require.Eventually(t, func() bool { return e.Stats().Queued == 1 }, 2*time.Second, time.Millisecond,
		"the second request waits for the worker")
	close(b.release)
	res, body := readResponse(t, bufio.NewReader(waiting), "GET")
	assert.Equal(t, http.StatusOK, res.StatusCode)
	assert.Equal(t, "done /other", body)
}

// TestIdleConnectionsHoldNoWorker keeps many more idle keep-alive
// connections than workers open, and checks that a fresh client is served.
func TestIdleConnectionsHoldNoWorker(t *testing.T) {
	e, addr := start(t, newRecorder(), engine.Workers(2))
	for range 50 {
		c := dial(t, addr)
		_, err := io.WriteString(c, "GET /warm HTTP/1.1\r\nHost: x\r\n\r\n")
		require.NoError(t, err)
		res, _ := readResponse(t, bufio.NewReader(c), "GET")
		require.Equal(t, http.StatusOK, res.StatusCode)
	}
	assert.Eventually(t, func() bool {
		st := e.Stats()
		return st.Conns == 50 && st.IdleConns == 50 && st.WorkersBusy == 0
	}, 2*time.Second, 5*time.Millisecond, "50 idle connections, no busy worker: %+v", e.Stats())
	out := exchange(t, addr, "GET /fresh HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
	assert.Equal(t, "HTTP/1.1 200 OK", statusLine(out))
	assert.GreaterOrEqual(t, e.Stats().Served, uint64(51))
}

func TestShutdownFinishesRequestsInFlight(t *testing.T) {
	l, addr := listen(t)
	b := newBlocker()
	e := engine.New(b)
	served := make(chan error, 1)
	go func() { served <- e.Serve(l) }()

	inflight := b.occupy(t, addr)
	idle := dial(t, addr)
	_, err := io.WriteString(idle, "GET /quick HTTP/1.1\r\nHost: x\r\n\r\n")
	require.NoError(t, err)
	idleBR := bufio.NewReader(idle)
	readResponse(t, idleBR, "GET")

	shut := make(chan error, 1)
	go func() { shut <- e.Shutdown(context.Background()) }()
	assert.True(t, closedAfter(idleBR, idle), "the idle connection is closed")
	assert.Eventually(t, e.Draining, time.Second, 5*time.Millisecond)
	select {
	case <-shut:
		t.Fatal("Shutdown returned with a request in flight")
	case <-time.After(50 * time.Millisecond):
	}
	close(b.release)
	br := bufio.NewReader(inflight)
	res, body := readResponse(t, br, "GET")
	assert.Equal(t, http.StatusOK, res.StatusCode)
	assert.Equal(t, "done /block", body)
	assert.True(t, res.Close)
	require.NoError(t, <-shut)
	require.ErrorIs(t, <-served, engine.ErrServerClosed)
}

// TestShutdownGivesUpWhenContextEnds: when its context ends, Shutdown
// closes the connections left, the one with a request in flight included,
// and returns the context's error.
func TestShutdownGivesUpWhenContextEnds(t *testing.T) {
	l, addr := listen(t)
	b := newBlocker()
	e := engine.New(b)
	served := make(chan error, 1)
	go func() { served <- e.Serve(l) }()
	c := b.occupy(t, addr)
	defer close(b.release)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	assert.ErrorIs(t, e.Shutdown(ctx), context.DeadlineExceeded)
	assert.True(t, closedAfter(bufio.NewReader(c), c), "the connection left is closed")
	require.ErrorIs(t, <-served, engine.ErrServerClosed)
	require.NoError(t, e.Close(), "Close after Shutdown is harmless")
}

func TestClientGoneCancelsContext(t *testing.T) {
	cancelled := make(chan error, 1)
	entered := make(chan struct{})
	_, addr := start(t, iron.HandlerFunc(func(req *iron.Request) (*iron.Response, error) {
		ctx := req.Context()
		close(entered)
		select {
		case <-ctx.Done():
			cancelled <- ctx.Err()
		case <-time.After(3 * time.Second):
			cancelled <- nil
		}
		return iron.With(http.StatusOK), nil
	}))
	c := dial(t, addr)
	_, err := io.WriteString(c, "GET / HTTP/1.1\r\nHost: x\r\n\r\n")
	require.NoError(t, err)
	<-entered
	require.NoError(t, c.Close())
	assert.ErrorIs(t, <-cancelled, context.Canceled)
}

func TestHandlerTimeoutIsTheContextDeadline(t *testing.T) {
	_, addr := start(t, iron.HandlerFunc(func(req *iron.Request) (*iron.Response, error) {
		d, ok := req.Context().Deadline()
		if !ok {
			return iron.With(http.StatusOK, "none"), nil
		}
		return iron.With(http.StatusOK, strconv.FormatBool(time.Until(d) > 0 && time.Until(d) <= time.Minute)), nil
	}), engine.HandlerTimeout(time.Minute))
	out := exchange(t, addr, "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
	assert.Contains(t, out, "\r\n\r\ntrue")
}

func TestManyClientsAtOnce(t *testing.T) {
	e, addr := start(t, echoBody(nil), engine.Workers(4))
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Go(func() {
			c := dial(t, addr)
			br := bufio.NewReader(c)
			for j := range 20 {
				msg := fmt.Sprintf("%d-%d", i, j)
				fmt.Fprintf(c, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n%s", len(msg), msg)
				res, body := readResponse(t, br, "POST")
				assert.Equal(t, http.StatusOK, res.StatusCode)
				assert.Equal(t, msg, body)
			}
		})
	}
	wg.Wait()
	assert.Equal(t, uint64(400), e.Stats().Served)
	e.Tune(8)
	assert.Equal(t, 8, e.Stats().Workers)
}

func TestMaxConnsWaitsForAClose(t *testing.T) {
	_, addr := start(t, newRecorder(), engine.MaxConns(1))
	first := dial(t, addr)
	_, err := io.WriteString(first, "GET /1 HTTP/1.1\r\nHost: x\r\n\r\n")
	require.NoError(t, err)
	readResponse(t, bufio.NewReader(first), "GET")

	second := dial(t, addr) // the kernel accepts it; the engine does not yet
	_, err = io.WriteString(second, "GET /2 HTTP/1.1\r\nHost: x\r\n\r\n")
	require.NoError(t, err)
	require.NoError(t, second.SetReadDeadline(time.Now().Add(100*time.Millisecond)))
	_, err = bufio.NewReader(second).ReadByte()
	require.Error(t, err, "not served while the first connection is open")

	require.NoError(t, first.Close())
	require.NoError(t, second.SetReadDeadline(time.Now().Add(2*time.Second)))
	res, body := readResponse(t, bufio.NewReader(second), "GET")
	assert.Equal(t, http.StatusOK, res.StatusCode)
	assert.Equal(t, "GET /2", body)
}

func TestCloseEndsEverything(t *testing.T) {
	l, addr := listen(t)
	e := engine.New(newRecorder())
	served := make(chan error, 1)
	go func() { served <- e.Serve(l) }()
	c := dial(t, addr)
	_, err := io.WriteString(c, "GET /1 HTTP/1.1\r\nHost: x\r\n\r\n")
	require.NoError(t, err)
	br := bufio.NewReader(c)
	readResponse(t, br, "GET")
	require.NoError(t, e.Close())
	assert.True(t, closedAfter(br, c))
	require.ErrorIs(t, <-served, engine.ErrServerClosed)
	assert.ErrorIs(t, e.Serve(l), engine.ErrServerClosed)
	assert.Eventually(t, func() bool { return e.Stats().Conns == 0 }, 2*time.Second, 5*time.Millisecond)
}

func TestReadTimeoutCutsASlowBody(t *testing.T) {
	_, addr := start(t, echoBody(nil), engine.ReadTimeout(200*time.Millisecond), quietLogger())
	c := dial(t, addr)
	_, err := io.WriteString(c, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n012")
	require.NoError(t, err)
	began := time.Now()
	br := bufio.NewReader(c)
	res, _ := readResponse(t, br, "POST")
	assert.Equal(t, http.StatusRequestTimeout, res.StatusCode)
	assert.True(t, res.Close)
	assert.Less(t, time.Since(began), 2*time.Second)
}

func TestWriteTimeoutDropsAClientThatDoesNotRead(t *testing.T) {
	streamed := make(chan error, 1)
	e, addr := start(t, iron.HandlerFunc(func(*iron.Request) (*iron.Response, error) {
		chunk := make([]byte, 64<<10)
		return iron.With(http.StatusOK, func(w io.Writer) error {
			for {
				if _, err := w.Write(chunk); err != nil {
					streamed <- err
					return err
				}
			}
		}), nil
	}), engine.WriteTimeout(200*time.Millisecond), quietLogger())
	c := dial(t, addr)
	_, err := io.WriteString(c, "GET / HTTP/1.1\r\nHost: x\r\n\r\n")
	require.NoError(t, err)
	select {
	case err := <-streamed:
		assert.Error(t, err)
	case <-time.After(3 * time.Second):
		t.Fatal("the write never timed out")
	}
	assert.Eventually(t, func() bool { return e.Stats().Conns == 0 }, 2*time.Second, 10*time.Millisecond)
}

func TestWriteTimeoutBoundsEachWriteNotAStream(t *testing.T) {
	_, addr := start(t, iron.HandlerFunc(func(*iron.Request) (*iron.Response, error) {
		return iron.With(http.StatusOK, func(w io.Writer) error {
			for i := range 8 {
				fmt.Fprintf(w, "tick %d\n", i)
				if err := iron.Flush(w); err != nil {
					return err
				}
				time.Sleep(80 * time.Millisecond)
			}
			return nil
		}), nil
	}), engine.WriteTimeout(200*time.Millisecond))
	c := dial(t, addr)
	_, err := io.WriteString(c, "GET / HTTP/1.1\r\nHost: x\r\n\r\n")
	require.NoError(t, err)
	res, body := readResponse(t, bufio.NewReader(c), "GET")
	assert.Equal(t, http.StatusOK, res.StatusCode)
	assert.Equal(t, 8, strings.Count(body, "tick"), "a 640 ms stream outlives a 200 ms write timeout")
}
