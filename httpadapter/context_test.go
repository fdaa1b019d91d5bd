package httpadapter_test

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/chain"
	"github.com/iron-go/iron/engine"
	"github.com/iron-go/iron/httpadapter"
)

// TestFromHTTPContextDeadline checks that a net/http handler sees the
// deadline of the Iron request (here the engine's handler timeout) and that
// its context ends with it.
func TestFromHTTPContextDeadline(t *testing.T) {
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, ok := r.Context().Deadline()
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
		if ok && errors.Is(r.Context().Err(), context.DeadlineExceeded) {
			http.Error(w, "too slow", http.StatusGatewayTimeout)
			return
		}
		http.Error(w, "no deadline", http.StatusInternalServerError)
	})
	base, client := serveEngine(t, httpadapter.FromHTTP(h), engine.HandlerTimeout(50*time.Millisecond))
	res, body := do(t, client, newRequest(t, "GET", base, nil))
	assert.Equal(t, http.StatusGatewayTimeout, res.StatusCode)
	assert.Equal(t, "too slow\n", body)
}

// TestFromHTTPStreamEndsWithClient checks that a streaming net/http handler
// learns through its context that the client went away.
func TestFromHTTPStreamEndsWithClient(t *testing.T) {
	ended := make(chan error, 1)
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "data: one\n\n")
		w.(http.Flusher).Flush()
		select {
		case <-r.Context().Done():
			ended <- r.Context().Err()
		case <-time.After(5 * time.Second):
			ended <- errors.New("the context outlived the client")
		}
	})
	base, client := serve(t, httpadapter.Handler(httpadapter.FromHTTP(h)))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	res, err := client.Do(newRequest(t, "GET", base, nil).WithContext(ctx))
	require.NoError(t, err)
	line, err := bufio.NewReader(res.Body).ReadString('\n')
	require.NoError(t, err)
	assert.Equal(t, "data: one\n", line)
	cancel()
	res.Body.Close()
	assert.ErrorIs(t, <-ended, context.Canceled)
}

// TestFromHTTPStreamTrailers checks the trailers of a handler that streams.
func TestFromHTTPStreamTrailers(t *testing.T) {
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Trailer", "X-Declared")
		io.WriteString(w, "one ")
		w.(http.Flusher).Flush()
		io.WriteString(w, "two")
		w.Header().Set("X-Declared", "d")
		w.Header().Set(http.TrailerPrefix+"X-Undeclared", "u")
	})
	// Behind an after middleware, which changes the request's own copy of
	// the response, the trailers the body adds are still sent.
	after := iron.AfterFunc(func(_ *iron.Request, res *iron.Response) (*iron.Response, error) {
		res.SetHeader("X-After", "yes")
		return res, nil
	})
	for _, srv := range servers {
		for name, handler := range map[string]iron.Handler{
			"alone":    httpadapter.FromHTTP(h),
			"in chain": chain.New(httpadapter.FromHTTP(h)).LinkAfter(after),
		} {
			t.Run(srv.name+"/"+name, func(t *testing.T) {
				base, client := srv.start(t, handler)
				res, body := do(t, client, newRequest(t, "GET", base, nil))
				assert.Equal(t, "one two", body)
				assert.Equal(t, "d", res.Trailer.Get("X-Declared"))
				assert.Equal(t, "u", res.Trailer.Get("X-Undeclared"))
			})
		}
	}
}
