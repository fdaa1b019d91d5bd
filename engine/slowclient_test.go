package engine_test

import (
	"bufio"
	"crypto/tls"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/engine"
)

// slowClients is how many slow clients each case opens: more than the
// workers and the queue together, so that a single worker held by one of
// them would leave the fresh request waiting, or shed.
const (
	slowWorkers = 4
	slowClients = 24
)

// slowHandler serves the slow-client cases: /echo reads the body and echoes
// it, /ignore answers without reading it, /file sends a large file and
// /stream streams without end; anything else answers "fresh".
func slowHandler(file string) iron.HandlerFunc {
	return func(req *iron.Request) (*iron.Response, error) {
		switch req.EscapedPath() {
		case "/echo":
			b, err := io.ReadAll(req.Body())
			if err != nil {
				return nil, err
			}
			return iron.With(http.StatusOK, b), nil
		case "/ignore":
			return iron.With(http.StatusAccepted, "not read"), nil
		case "/file":
			f, err := os.Open(file)
			if err != nil {
				return nil, err
			}
			st, err := f.Stat()
			if err != nil {
				f.Close()
				return nil, err
			}
			return iron.With(http.StatusOK, iron.ReaderBody(f, st.Size())), nil
		case "/stream":
			chunk := make([]byte, 64<<10)
			return iron.With(http.StatusOK, func(w io.Writer) error {
				for {
					if _, err := w.Write(chunk); err != nil {
						return err
					}
					if err := iron.Flush(w); err != nil {
						return err
					}
				}
			}), nil
		}
		return iron.With(http.StatusOK, "fresh"), nil
	}
}

// dialSmallWindow opens a connection whose receive buffer is small, so that a
// client that never reads makes the server's writes block soon.
func dialSmallWindow(t *testing.T, addr string) net.Conn {
	t.Helper()
	d := net.Dialer{Timeout: 2 * time.Second, Control: func(_, _ string, rc syscall.RawConn) error {
		var serr error
		err := rc.Control(func(fd uintptr) { serr = syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_RCVBUF, 4096) })
		if err != nil {
			return err
		}
		return serr
	}}
	c, err := d.Dial("tcp", addr)
	require.NoError(t, err)
	t.Cleanup(func() { c.Close() })
	return c
}

// TestSlowClientsHoldNoWorker opens more slow or silent clients than there
// are workers and queue places, each in a way that held a worker for up to a
// minute before (a silent body, a body at one byte a second, a 100-continue
// that never sends its body, a client that never reads a large file or an
// endless stream, a body the handler does not read), and checks that a fresh
// request is still answered at once.
func TestSlowClientsHoldNoWorker(t *testing.T) {
	cert := selfSigned(t)
	file := filepath.Join(t.TempDir(), "large")
	require.NoError(t, os.WriteFile(file, make([]byte, 10<<20), 0o600))
	for _, tc := range []struct {
		name string
		head string
		// trickle, when set, sends one byte of body a second until the
		// test ends.
		trickle bool
		// after, when set, is sent right after the head.
		after string
		// overTLS runs the case over TLS.
		overTLS bool
	}{
		{name: "silent body", head: "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n"},
		{name: "body at one byte a second", head: "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n", trickle: true},
		{name: "large body at one byte a second", head: "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5000000\r\n\r\n", trickle: true},
		{name: "100-continue without body", head: "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\nExpect: 100-continue\r\n\r\n"},
		{name: "100-continue without a large body", head: "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5000000\r\nExpect: 100-continue\r\n\r\n"},
		{name: "chunked body that stops", head: "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n", after: "400\r\nabc"},
		{name: "handler does not read a silent body", head: "POST /ignore HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n", after: "abc"},
		{name: "handler does not read a large body", head: "POST /ignore HTTP/1.1\r\nHost: x\r\nContent-Length: 200000\r\n\r\n", after: strings.Repeat("b", 100<<10)},
		{name: "never reads a large file", head: "GET /file HTTP/1.1\r\nHost: x\r\n\r\n"},
		{name: "never reads a stream", head: "GET /stream HTTP/1.1\r\nHost: x\r\n\r\n"},
		{name: "TLS: silent body", head: "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n", overTLS: true},
		{name: "TLS: 100-continue without body", head: "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\nExpect: 100-continue\r\n\r\n", overTLS: true},
		{name: "TLS: never reads a large file", head: "GET /file HTTP/1.1\r\nHost: x\r\n\r\n", overTLS: true},
		{name: "TLS: never reads a stream", head: "GET /stream HTTP/1.1\r\nHost: x\r\n\r\n", overTLS: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			opts := []engine.Option{engine.Workers(slowWorkers), quietLogger()}
			wrap := func(c net.Conn) net.Conn { return c }
			if tc.overTLS {
				opts = append(opts, engine.TLSConfig(&tls.Config{Certificates: []tls.Certificate{cert}}))
				wrap = func(c net.Conn) net.Conn {
					tc := tls.Client(c, &tls.Config{InsecureSkipVerify: true})
					require.NoError(t, tc.Handshake())
					return tc
				}
			}
			e, addr := start(t, slowHandler(file), opts...)
			stop := make(chan struct{})
			var wg sync.WaitGroup
			t.Cleanup(func() { close(stop); wg.Wait() })
			for range slowClients {
				c := wrap(dialSmallWindow(t, addr))
				_, err := io.WriteString(c, tc.head+tc.after)
				require.NoError(t, err)
				if tc.trickle {
					wg.Go(func() {
						tick := time.NewTicker(time.Second)
						defer tick.Stop()
						for {
							select {
							case <-stop:
								return
							case <-tick.C:
								if _, err := c.Write([]byte("x")); err != nil {
									return
								}
							}
						}
					})
				}
			}
			require.Eventually(t, func() bool { return e.Stats().ActiveConns >= slowClients }, 5*time.Second, 5*time.Millisecond,
				"every slow client's request has begun: %+v", e.Stats())
			time.Sleep(200 * time.Millisecond) // let the slow requests settle where they wait

			c := wrap(dial(t, addr))
			require.NoError(t, c.SetDeadline(time.Now().Add(3*time.Second)))
			_, err := io.WriteString(c, "GET /fresh HTTP/1.1\r\nHost: x\r\n\r\n")
			require.NoError(t, err)
			res, err := http.ReadResponse(bufio.NewReader(c), nil)
			require.NoError(t, err, "the fresh request is answered at once: %+v", e.Stats())
			body, _ := io.ReadAll(res.Body)
			assert.Equal(t, http.StatusOK, res.StatusCode)
			assert.Equal(t, "fresh", string(body))
		})
	}
}
