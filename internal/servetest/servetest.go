// Package servetest starts real servers on loopback for the module's tests:
// the engine, and http.Server through httpadapter, each stopped when the test
// ends.
package servetest

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/engine"
	"github.com/iron-go/iron/httpadapter"
)

// Server starts h on 127.0.0.1 until the test ends and returns its address
// (host:port).
type Server struct {
	Name  string
	Start func(t testing.TB, h iron.Handler) string
}

// Both are the two servers Iron runs on, for tests that must pass on each.
var Both = []Server{
	{"engine", func(t testing.TB, h iron.Handler) string { return Engine(t, h) }},
	{"net/http", func(t testing.TB, h iron.Handler) string { return NetHTTP(t, h) }},
}

// BothMaxBodyBytes are [Both] with a request body limit of n bytes on each
// server (engine.MaxBodyBytes, httpadapter.MaxBodyBytes).
func BothMaxBodyBytes(n int64) []Server {
	return []Server{
		{"engine", func(t testing.TB, h iron.Handler) string { return Engine(t, h, engine.MaxBodyBytes(n)) }},
		{"net/http", func(t testing.TB, h iron.Handler) string { return NetHTTP(t, h, httpadapter.MaxBodyBytes(n)) }},
	}
}

// Engine serves h with the engine (logging discarded, then opts) until the
// test ends, when it shuts the engine down and checks it stopped cleanly.
func Engine(t testing.TB, h iron.Handler, opts ...engine.Option) string {
	t.Helper()
	opts = append([]engine.Option{engine.Logger(slog.New(slog.DiscardHandler))}, opts...)
	return Serve(t, engine.New(h, opts...))
}

// Serve serves e on 127.0.0.1 until the test ends, when it shuts e down and
// checks it stopped cleanly, and returns its address: for tests that need
// the engine itself (its Stats, Tune), which [Engine] makes for them.
func Serve(t testing.TB, e *engine.Engine) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("servetest: listen: %v", err)
	}
	served := make(chan error, 1)
	go func() { served <- e.Serve(l) }()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := e.Shutdown(ctx); err != nil {
			t.Errorf("servetest: shutdown: %v", err)
		}
		if err := <-served; !errors.Is(err, engine.ErrServerClosed) {
			t.Errorf("servetest: Serve returned %v, want ErrServerClosed", err)
		}
	})
	return l.Addr().String()
}

// NetHTTP serves h under an httptest server through httpadapter (logging
// discarded, then opts) until the test ends.
func NetHTTP(t testing.TB, h iron.Handler, opts ...httpadapter.Option) string {
	t.Helper()
	opts = append([]httpadapter.Option{httpadapter.Logger(slog.New(slog.DiscardHandler))}, opts...)
	srv := httptest.NewServer(httpadapter.Handler(h, opts...))
	t.Cleanup(srv.Close)
	return strings.TrimPrefix(srv.URL, "http://")
}
