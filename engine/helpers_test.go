package engine_test

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/engine"
)

// start serves h on 127.0.0.1 and returns the engine and its address; the
// engine is shut down when the test ends.
func start(t *testing.T, h iron.Handler, opts ...engine.Option) (*engine.Engine, string) {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	e := engine.New(h, opts...)
	served := make(chan error, 1)
	go func() { served <- e.Serve(l) }()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		require.NoError(t, e.Shutdown(ctx))
		require.ErrorIs(t, <-served, engine.ErrServerClosed)
	})
	return e, l.Addr().String()
}

// dial opens a connection that is closed when the test ends.
func dial(t *testing.T, addr string) net.Conn {
	t.Helper()
	c, err := net.DialTimeout("tcp", addr, 2*time.Second)
	require.NoError(t, err)
	require.NoError(t, c.SetDeadline(time.Now().Add(5*time.Second)))
	t.Cleanup(func() { c.Close() })
	return c
}

// exchange writes raw bytes on a new connection and returns everything the
// server sends until it closes the connection (or 2 s pass).
func exchange(t *testing.T, addr, raw string) string {
	t.Helper()
	c := dial(t, addr)
	require.NoError(t, c.SetDeadline(time.Now().Add(2*time.Second)))
	_, err := io.WriteString(c, raw)
	require.NoError(t, err)
	b, _ := io.ReadAll(c)
	return string(b)
}

// readResponse reads one response from br; its body is read whole.
func readResponse(t *testing.T, br *bufio.Reader, method string) (*http.Response, string) {
	t.Helper()
	res, err := http.ReadResponse(br, &http.Request{Method: method})
	require.NoError(t, err)
	body, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	return res, string(body)
}

// closedAfter reports whether the server closed c once what it sent was read.
func closedAfter(br *bufio.Reader, c net.Conn) bool {
	c.SetReadDeadline(time.Now().Add(2 * time.Second))
	_, err := br.ReadByte()
	return errors.Is(err, io.EOF) || errors.Is(err, net.ErrClosed) || strings.Contains(errString(err), "reset")
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// recorder is a handler that answers with the method and target it saw, and
// records every target.
type recorder struct{ seen chan string }

func newRecorder() *recorder { return &recorder{seen: make(chan string, 100)} }

func (r *recorder) Handle(req *iron.Request) (*iron.Response, error) {
	r.seen <- req.RequestURI()
	return iron.With(http.StatusOK, req.Method()+" "+req.RequestURI()), nil
}

func (r *recorder) targets() []string {
	var out []string
	for {
		select {
		case s := <-r.seen:
			out = append(out, s)
		default:
			return out
		}
	}
}

func statusLine(raw string) string {
	line, _, _ := strings.Cut(raw, "\r\n")
	return line
}

func listen(t *testing.T) (net.Listener, string) {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	return l, l.Addr().String()
}
