package engine_test

import (
	"context"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/iron-go/iron"
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
