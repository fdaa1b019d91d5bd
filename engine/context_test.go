package engine_test

import (
	"context"
	"crypto/tls"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/engine"
)

// ctxReader is a response body of unknown length that watches the request's
// context: its first read reports whether the context was still alive and
// gives "first"; its second tells the test it is waiting, then waits for the
// context to end (or 3 s) and ends the body.
type ctxReader struct {
	ctx     context.Context
	reads   int
	alive   chan bool
	waiting chan struct{}
	ended   chan error
}

func (r *ctxReader) Read(p []byte) (int, error) {
	r.reads++
	if r.reads == 1 {
		r.alive <- r.ctx.Err() == nil
		return copy(p, "first"), nil
	}
	close(r.waiting)
	r.ended <- waitDone(r.ctx)
	return 0, io.EOF
}

func waitDone(ctx context.Context) error {
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-time.After(3 * time.Second):
		return nil
	}
}

// TestStreamingBodySeesTheClientGo checks that the request's context lives
// while a body of unknown length is being written, and that a client that
// goes away in the middle of it cancels the context.
func TestStreamingBodySeesTheClientGo(t *testing.T) {
	for _, kind := range []string{"stream", "reader"} {
		t.Run(kind, func(t *testing.T) {
			alive := make(chan bool, 1)
			waiting := make(chan struct{})
			ended := make(chan error, 1)
			_, addr := start(t, iron.HandlerFunc(func(req *iron.Request) (*iron.Response, error) {
				ctx := req.Context()
				if kind == "reader" {
					return iron.With(http.StatusOK, iron.ReaderBody(&ctxReader{ctx: ctx, alive: alive, waiting: waiting, ended: ended}, -1)), nil
				}
				return iron.With(http.StatusOK, func(w io.Writer) error {
					alive <- ctx.Err() == nil
					io.WriteString(w, "first")
					iron.Flush(w)
					close(waiting)
					ended <- waitDone(ctx)
					return nil
				}), nil
			}))
			c := dial(t, addr)
			_, err := io.WriteString(c, "GET /stream HTTP/1.1\r\nHost: x\r\n\r\n")
			require.NoError(t, err)
			assert.True(t, <-alive, "the context is alive while the body is written")
			<-waiting
			require.NoError(t, c.Close())
			assert.ErrorIs(t, <-ended, context.Canceled, "the client going away cancels the context")
		})
	}
}

// TestContextWatchOutlivesTheFirstHeadDeadline runs a handler for longer than
// ReadHeaderTimeout on a fresh connection: the client going away must still
// cancel its context (the watch once inherited the first head's deadline and
// stopped when it passed).
func TestContextWatchOutlivesTheFirstHeadDeadline(t *testing.T) {
	cancelled := make(chan error, 1)
	entered := make(chan struct{})
	_, addr := start(t, iron.HandlerFunc(func(req *iron.Request) (*iron.Response, error) {
		ctx := req.Context()
		close(entered)
		cancelled <- waitDone(ctx)
		return iron.With(http.StatusOK), nil
	}), engine.ReadHeaderTimeout(200*time.Millisecond))
	c := dial(t, addr)
	_, err := io.WriteString(c, "GET / HTTP/1.1\r\nHost: x\r\n\r\n")
	require.NoError(t, err)
	<-entered
	time.Sleep(600 * time.Millisecond) // well past the head's deadline
	require.NoError(t, c.Close())
	assert.ErrorIs(t, <-cancelled, context.Canceled)
}

// TestTLSClientCloseCancelsContext closes a TLS client while its handler
// waits: the close_notify alert it sends must cancel the context like a
// closed TCP connection does.
func TestTLSClientCloseCancelsContext(t *testing.T) {
	cert := selfSigned(t)
	cancelled := make(chan error, 1)
	entered := make(chan struct{})
	_, addr := start(t, iron.HandlerFunc(func(req *iron.Request) (*iron.Response, error) {
		ctx := req.Context()
		close(entered)
		cancelled <- waitDone(ctx)
		return iron.With(http.StatusOK), nil
	}), engine.TLSConfig(&tls.Config{Certificates: []tls.Certificate{cert}}))
	c, err := tls.Dial("tcp", addr, &tls.Config{InsecureSkipVerify: true})
	require.NoError(t, err)
	_, err = io.WriteString(c, "GET / HTTP/1.1\r\nHost: x\r\n\r\n")
	require.NoError(t, err)
	<-entered
	require.NoError(t, c.Close())
	assert.ErrorIs(t, <-cancelled, context.Canceled)
}
