package httpadapter_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/httpadapter"
)

// TestHandlerFlushReachesClient proves that a streaming body's flush is sent
// at once: the body waits for the client to have read the first event before
// it writes the second.
func TestHandlerFlushReachesClient(t *testing.T) {
	for _, tc := range []struct {
		name  string
		serve func(*testing.T, http.Handler) (string, *http.Client)
	}{
		{"HTTP/1.1", serve},
		{"HTTP/2 over TLS", serveTLS},
	} {
		t.Run(tc.name, func(t *testing.T) {
			seen := make(chan struct{})
			h := httpadapter.Handler(iron.HandlerFunc(func(*iron.Request) (*iron.Response, error) {
				return iron.With(http.StatusOK, iron.ContentType("text/event-stream"),
					flushedStream("data: one\n\n", "data: two\n\n", seen)), nil
			}))
			base, client := tc.serve(t, h)
			res, err := client.Get(base)
			require.NoError(t, err)
			defer res.Body.Close()
			readFlushed(t, res.Body, "data: one\n", "\ndata: two\n\n", seen)
		})
	}
}

// TestHandlerWire checks what only the bytes on the wire show: header names
// as set, and a body cut short aborting the connection.
func TestHandlerWire(t *testing.T) {
	h := httpadapter.Handler(routes{
		"/names": func(*iron.Request) (*iron.Response, error) {
			res := iron.With(http.StatusOK, "x")
			res.Header = http.Header{"x-lower": {"a"}, "X-Upper": {"b", "c"}}
			return res, nil
		},
		"/short": func(*iron.Request) (*iron.Response, error) {
			res := iron.With(http.StatusOK)
			res.SetBody(iron.ReaderBody(strings.NewReader("only this"), 100))
			return res, nil
		},
	}, httpadapter.Logger(quiet))
	base, client := serve(t, h)
	t.Run("header names keep their case, values their order", func(t *testing.T) {
		conn, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
		require.NoError(t, err)
		defer conn.Close()
		fmt.Fprint(conn, "GET /names HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n")
		b, err := io.ReadAll(conn)
		require.NoError(t, err)
		assert.Contains(t, string(b), "\r\nx-lower: a\r\n")
		assert.Contains(t, string(b), "\r\nX-Upper: b\r\nX-Upper: c\r\n")
	})
	t.Run("a body shorter than its length aborts the connection", func(t *testing.T) {
		res, err := client.Get(base + "/short")
		if err == nil {
			_, err = io.ReadAll(res.Body)
			res.Body.Close()
		}
		assert.Error(t, err, "the client took a short body for a whole one")
	})
}

func TestHandlerHEADSkipsStreamingBody(t *testing.T) {
	ran := make(chan struct{}, 1)
	h := httpadapter.Handler(iron.HandlerFunc(func(*iron.Request) (*iron.Response, error) {
		return iron.With(http.StatusOK, func(w io.Writer) error {
			ran <- struct{}{}
			_, err := io.WriteString(w, "expensive")
			return err
		}), nil
	}))
	base, client := serve(t, h)
	res, body := do(t, client, newRequest(t, "HEAD", base, nil))
	assert.Equal(t, 200, res.StatusCode)
	assert.Empty(t, body)
	assert.Empty(t, ran, "the streaming body ran for HEAD")
}

// TestHandlerContext checks that the request's context is the http.Request's:
// it ends when the client goes away.
func TestHandlerContext(t *testing.T) {
	started, ended := make(chan struct{}), make(chan error, 1)
	h := httpadapter.Handler(iron.HandlerFunc(func(req *iron.Request) (*iron.Response, error) {
		close(started)
		select {
		case <-req.Context().Done():
			ended <- req.Context().Err()
		case <-time.After(5 * time.Second):
			ended <- errors.New("the context outlived the client")
		}
		return nil, nil
	}))
	base, client := serve(t, h)
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() {
		res, err := client.Do(newRequest(t, "GET", base, nil).WithContext(ctx))
		if err == nil {
			res.Body.Close()
		}
		errc <- err
	}()
	<-started
	cancel()
	assert.ErrorIs(t, <-ended, context.Canceled)
	assert.Error(t, <-errc)
}
