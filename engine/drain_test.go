package engine_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/engine"
)

// serveToStop serves h on loopback for a test that stops the engine itself;
// it returns once the engine serves, with the channel Serve's error comes
// on. The engine is closed when the test ends, in case it failed first.
func serveToStop(t *testing.T, h iron.Handler, opts ...engine.Option) (*engine.Engine, string, <-chan error) {
	t.Helper()
	l, addr := listen(t)
	e := engine.New(h, append([]engine.Option{quietLogger()}, opts...)...)
	served := make(chan error, 1)
	go func() { served <- e.Serve(l) }()
	t.Cleanup(func() { e.Close() })
	require.Eventually(t, func() bool { return e.Addr() != nil }, 2*time.Second, time.Millisecond)
	return e, addr, served
}

// drainInBackground starts e.Drain and returns the channel its result comes
// on, once Draining reports true.
func drainInBackground(t *testing.T, e *engine.Engine) <-chan error {
	t.Helper()
	drained := make(chan error, 1)
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		drained <- e.Drain(ctx)
	}()
	require.Eventually(t, e.Draining, 2*time.Second, time.Millisecond)
	return drained
}

// get sends a GET on c and reads its answer.
func get(t *testing.T, c net.Conn, br *bufio.Reader, path string) (*http.Response, string) {
	t.Helper()
	_, err := io.WriteString(c, "GET "+path+" HTTP/1.1\r\nHost: x\r\n\r\n")
	require.NoError(t, err)
	return readResponse(t, br, http.MethodGet)
}

// TestDrainServesWithConnectionClose checks the drain period: readiness
// turns at once, a keep-alive connection that was idle when the drain began
// is served once more and told to close, a new connection is served too
// (by Go's client, which sees the close), and only after the period does
// the engine stop accepting, Drain return and Serve return ErrServerClosed.
func TestDrainServesWithConnectionClose(t *testing.T) {
	const period = 2 * time.Second
	e, addr, served := serveToStop(t, slowHandler(""), engine.DrainPeriod(period))
	kept := dial(t, addr)
	keptBR := bufio.NewReader(kept)
	res, _ := get(t, kept, keptBR, "/before")
	require.False(t, res.Close, "kept alive before the drain")
	unused := dial(t, addr)
	unusedBR := bufio.NewReader(unused)
	res, _ = get(t, unused, unusedBR, "/before")
	require.False(t, res.Close)

	began := time.Now()
	drained := drainInBackground(t, e)
	assert.True(t, e.Draining())

	_, err := io.WriteString(kept, "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello")
	require.NoError(t, err)
	res, body := readResponse(t, keptBR, http.MethodPost)
	assert.Equal(t, http.StatusOK, res.StatusCode)
	assert.Equal(t, "hello", body)
	assert.True(t, res.Close, "an answer during the drain says Connection: close")
	assert.True(t, closedAfter(keptBR, kept), "and the connection ends after it")

	client := &http.Client{Timeout: 5 * time.Second}
	defer client.CloseIdleConnections()
	gres, err := client.Get("http://" + addr + "/fresh")
	require.NoError(t, err, "a new connection is served during the drain period")
	io.Copy(io.Discard, gres.Body)
	gres.Body.Close()
	assert.Equal(t, http.StatusOK, gres.StatusCode)
	assert.True(t, gres.Close, "Go's client sees the close")

	select {
	case err := <-drained:
		t.Fatalf("Drain returned during its period: %v", err)
	default:
	}
	require.True(t, time.Since(began) < period, "the machine is too slow for this test's timing")

	require.NoError(t, <-drained)
	assert.GreaterOrEqual(t, time.Since(began), period, "Drain serves for its whole period")
	assert.ErrorIs(t, <-served, engine.ErrServerClosed)
	assert.True(t, closedAfter(unusedBR, unused), "an idle connection is closed once the period is over")
	_, err = net.DialTimeout("tcp", addr, time.Second)
	assert.Error(t, err, "nothing listens any more")
}

// TestDrainAnswersARequestCrossingItsStart sends a request on an idle
// keep-alive connection at the moment the drain begins, as a proxy that
// picked the connection then does: it is answered, never reset, whether
// the engine read it before or after it began draining.
func TestDrainAnswersARequestCrossingItsStart(t *testing.T) {
	for i := range 10 {
		method := []string{http.MethodGet, http.MethodPost}[i%2]
		t.Run(fmt.Sprintf("%d-%s", i, method), func(t *testing.T) {
			e, addr, served := serveToStop(t, slowHandler(""), engine.DrainPeriod(300*time.Millisecond))
			c := dial(t, addr)
			br := bufio.NewReader(c)
			res, _ := get(t, c, br, "/warm")
			require.False(t, res.Close)

			drained := make(chan error, 1)
			go func() { drained <- e.Drain(context.Background()) }()
			req := "GET /echo HTTP/1.1\r\nHost: x\r\n\r\n"
			if method == http.MethodPost {
				req = "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n\r\nnote"
			}
			_, err := io.WriteString(c, req)
			require.NoError(t, err)
			res, body := readResponse(t, br, method)
			assert.Equal(t, http.StatusOK, res.StatusCode)
			if method == http.MethodPost {
				assert.Equal(t, "note", body)
			}
			require.NoError(t, <-drained)
			assert.ErrorIs(t, <-served, engine.ErrServerClosed)
		})
	}
}

// TestShutdownServesTheBacklog fills the only connection slot (MaxConns 1),
// so that three more clients connect and send their requests while the
// engine cannot accept them: they wait in the listener's backlog. Shutdown
// then begins: the listener must not be closed over them (which resets
// them, and a proxy does not send a POST again), but take them and serve
// each to its end.
func TestShutdownServesTheBacklog(t *testing.T) {
	b := newBlocker()
	e, addr, served := serveToStop(t, b, engine.MaxConns(1))
	first := b.occupy(t, addr)

	var waiting []net.Conn
	for i := range 3 {
		c := dial(t, addr)
		_, err := fmt.Fprintf(c, "POST /note%d HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello", i)
		require.NoError(t, err)
		waiting = append(waiting, c)
	}
	require.Equal(t, 1, e.Stats().Conns, "the others wait in the backlog")

	shut := make(chan error, 1)
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		shut <- e.Shutdown(ctx)
	}()
	require.Eventually(t, e.Draining, 2*time.Second, time.Millisecond)
	time.Sleep(50 * time.Millisecond) // let the stop reach the listener
	close(b.release)

	res, body := readResponse(t, bufio.NewReader(first), http.MethodGet)
	assert.Equal(t, "done /block", body)
	assert.True(t, res.Close)
	for i, c := range waiting {
		res, body := readResponse(t, bufio.NewReader(c), http.MethodPost)
		assert.Equal(t, http.StatusOK, res.StatusCode, "connection %d", i)
		assert.Equal(t, fmt.Sprintf("done /note%d", i), body)
		assert.True(t, res.Close)
	}
	require.NoError(t, <-shut)
	assert.ErrorIs(t, <-served, engine.ErrServerClosed)
}

// TestDrainClosesTheListenerOnceQuiet keeps connecting, one new client
// every few milliseconds, through the end of the drain period and half a
// second past it: the listener stays open while connections come (each is
// served, none refused or reset), and closes once they stop, after a quiet
// spell.
func TestDrainClosesTheListenerOnceQuiet(t *testing.T) {
	const period = 300 * time.Millisecond
	e, addr, served := serveToStop(t, slowHandler(""), engine.DrainPeriod(period))
	began := time.Now()
	drained := drainInBackground(t, e)

	var failures []string
	n := 0
	for time.Since(began) < period+500*time.Millisecond {
		n++
		c, err := net.DialTimeout("tcp", addr, 2*time.Second)
		if err != nil {
			failures = append(failures, fmt.Sprintf("%v: dial: %v", time.Since(began), err))
			break
		}
		c.SetDeadline(time.Now().Add(5 * time.Second))
		_, err = io.WriteString(c, "GET /q HTTP/1.1\r\nHost: x\r\n\r\n")
		if err == nil {
			var res *http.Response
			res, err = http.ReadResponse(bufio.NewReader(c), nil)
			if err == nil && res.StatusCode != http.StatusOK {
				err = fmt.Errorf("status %d", res.StatusCode)
			}
		}
		c.Close()
		if err != nil {
			failures = append(failures, fmt.Sprintf("%v: %v", time.Since(began), err))
		}
		time.Sleep(5 * time.Millisecond)
	}
	stoppedDialing := time.Now()
	assert.Empty(t, failures, "every client served, through the end of the period (%d clients)", n)
	require.NoError(t, <-drained)
	assert.ErrorIs(t, <-served, engine.ErrServerClosed)
	assert.Less(t, time.Since(stoppedDialing), 2*time.Second, "the listener closed soon after it turned quiet")
}

// TestShutdownEndsADrainPeriod: Shutdown during a Drain's period stops the
// engine at once, and both return.
func TestShutdownEndsADrainPeriod(t *testing.T) {
	e, _, served := serveToStop(t, slowHandler(""), engine.DrainPeriod(time.Minute))
	drained := drainInBackground(t, e)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	require.NoError(t, e.Shutdown(ctx))
	require.NoError(t, <-drained)
	assert.ErrorIs(t, <-served, engine.ErrServerClosed)
}

// TestDrainGivesUpWhenContextEnds ends Drain's context during its period:
// Drain returns the context's error and closes every connection, the one
// with a request in flight included.
func TestDrainGivesUpWhenContextEnds(t *testing.T) {
	b := newBlocker()
	e, addr, served := serveToStop(t, b, engine.DrainPeriod(time.Minute))
	c := b.occupy(t, addr)
	defer close(b.release)
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	assert.ErrorIs(t, e.Drain(ctx), context.DeadlineExceeded)
	assert.True(t, closedAfter(bufio.NewReader(c), c), "the connection left is closed")
	assert.ErrorIs(t, <-served, engine.ErrServerClosed)
}

// TestRunDrainsWhenContextEnds runs an engine as a main does, ends its
// context as a signal does, and checks that a request in flight is
// answered and Run returns nil once the engine has stopped.
func TestRunDrainsWhenContextEnds(t *testing.T) {
	b := newBlocker()
	e := engine.New(b, quietLogger(), engine.DrainPeriod(100*time.Millisecond))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ran := make(chan error, 1)
	go func() { ran <- e.Run(ctx, "127.0.0.1:0") }()
	require.Eventually(t, func() bool { return e.Addr() != nil }, 2*time.Second, time.Millisecond)
	c := dial(t, e.Addr().String())
	_, err := io.WriteString(c, "GET /block HTTP/1.1\r\nHost: x\r\n\r\n")
	require.NoError(t, err)
	<-b.entered

	cancel()
	require.Eventually(t, e.Draining, 2*time.Second, time.Millisecond)
	time.Sleep(300 * time.Millisecond) // past the drain period: Run waits for the request
	select {
	case err := <-ran:
		t.Fatalf("Run returned with a request in flight: %v", err)
	default:
	}
	close(b.release)
	res, body := readResponse(t, bufio.NewReader(c), http.MethodGet)
	assert.Equal(t, "done /block", body)
	assert.True(t, res.Close)
	assert.NoError(t, <-ran)
}

// TestRunReportsStartErrors: a bad setting or a busy port comes back from
// Run at once.
func TestRunReportsStartErrors(t *testing.T) {
	ok := iron.HandlerFunc(func(*iron.Request) (*iron.Response, error) { return nil, nil })
	err := engine.New(ok, engine.ShutdownTimeout(-time.Second)).Run(context.Background(), "127.0.0.1:0")
	assert.ErrorContains(t, err, "ShutdownTimeout: -1s")

	_, busy := listen(t)
	err = engine.New(ok, quietLogger()).Run(context.Background(), busy)
	assert.ErrorContains(t, err, "address already in use")
}

// TestDrainingAnswersStayWhole posts from four clients at once with Go's
// client, before and through the first half of a drain period: every
// answer arrives whole and no request fails, the keep-alive connections the
// client reuses ending one by one.
func TestDrainingAnswersStayWhole(t *testing.T) {
	const period = 2 * time.Second
	e, addr, served := serveToStop(t, slowHandler(""), engine.DrainPeriod(period))
	client := &http.Client{Timeout: 5 * time.Second}
	defer client.CloseIdleConnections()
	var drained <-chan error
	var began time.Time
	errs := make(chan error, 1000)
	for round := 0; drained == nil || time.Since(began) < period/2; round++ {
		if round == 20 {
			began = time.Now()
			drained = drainInBackground(t, e)
		}
		var wg sync.WaitGroup
		for w := range 4 {
			wg.Go(func() {
				body := strings.Repeat("x", 100*w+1)
				res, err := client.Post("http://"+addr+"/echo", "text/plain", strings.NewReader(body))
				if err != nil {
					errs <- err
					return
				}
				b, err := io.ReadAll(res.Body)
				res.Body.Close()
				if err != nil || string(b) != body {
					errs <- fmt.Errorf("answer %q, %v", b, err)
				}
			})
		}
		wg.Wait()
		if len(errs) > 10 {
			break
		}
	}
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	require.NoError(t, <-drained)
	assert.ErrorIs(t, <-served, engine.ErrServerClosed)
}
