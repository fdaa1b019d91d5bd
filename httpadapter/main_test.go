package httpadapter_test

import (
	"context"
	"crypto/tls"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/engine"
	"github.com/iron-go/iron/httpadapter"
	"github.com/iron-go/iron/internal/selfsigned"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m,
		// ants starts the goroutines of its default pool when imported.
		goleak.IgnoreAnyFunction("github.com/panjf2000/ants/v2.(*poolCommon).purgeStaleWorkers"),
		goleak.IgnoreAnyFunction("github.com/panjf2000/ants/v2.(*poolCommon).ticktock"),
	)
}

// server is a way to serve an Iron handler to a real client.
type server struct {
	name  string
	start func(*testing.T, iron.Handler) (string, *http.Client)
	proto string // what the client sees in Response.Proto
}

// servers are the ways FromHTTP must work: under http.Server through
// Handler, with and without TLS and HTTP/2, and on the engine.
var servers = []server{
	{"http.Server HTTP/1.1", func(t *testing.T, h iron.Handler) (string, *http.Client) {
		return serve(t, httpadapter.Handler(h, httpadapter.Logger(quiet)))
	}, "HTTP/1.1"},
	{"http.Server HTTP/2 over TLS", func(t *testing.T, h iron.Handler) (string, *http.Client) {
		return serveTLS(t, httpadapter.Handler(h, httpadapter.Logger(quiet)))
	}, "HTTP/2.0"},
	{"engine", func(t *testing.T, h iron.Handler) (string, *http.Client) { return serveEngine(t, h) }, "HTTP/1.1"},
}

// serveEngine starts the engine for h on 127.0.0.1, shut down when the test
// ends, and returns its URL and a client for it.
func serveEngine(t *testing.T, h iron.Handler, opts ...engine.Option) (string, *http.Client) {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	e := engine.New(h, append([]engine.Option{engine.Logger(quiet)}, opts...)...)
	served := make(chan error, 1)
	go func() { served <- e.Serve(l) }()
	client := &http.Client{Transport: &http.Transport{}, Timeout: 10 * time.Second}
	t.Cleanup(func() {
		client.CloseIdleConnections()
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		assert.NoError(t, e.Shutdown(ctx))
		assert.ErrorIs(t, <-served, engine.ErrServerClosed)
	})
	return "http://" + l.Addr().String(), client
}

// quiet is a logger for handlers that are meant to fail.
var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// serve starts an HTTP/1.1 server for h on 127.0.0.1, stopped when the test
// ends, and returns its URL and a client for it.
func serve(t *testing.T, h http.Handler) (string, *http.Client) {
	t.Helper()
	return startServer(t, h, nil)
}

// serveTLS starts an HTTPS server for h on 127.0.0.1 that speaks HTTP/2,
// with a certificate made for the test, and returns its URL and a client
// that trusts it and prefers HTTP/2.
func serveTLS(t *testing.T, h http.Handler) (string, *http.Client) {
	t.Helper()
	return startServer(t, h, &tls.Config{Certificates: []tls.Certificate{selfsigned.Certificate(t)}})
}

// startServer starts h on an httptest server, over TLS with HTTP/2 when
// cfg is not nil.
func startServer(t *testing.T, h http.Handler, cfg *tls.Config) (string, *http.Client) {
	t.Helper()
	srv := httptest.NewUnstartedServer(h)
	srv.Config.ErrorLog = slog.NewLogLogger(quiet.Handler(), slog.LevelError)
	if cfg == nil {
		srv.Start()
	} else {
		srv.EnableHTTP2 = true
		srv.TLS = cfg
		srv.StartTLS()
	}
	t.Cleanup(srv.Close)
	client := srv.Client()
	client.Timeout = 10 * time.Second
	t.Cleanup(client.CloseIdleConnections)
	return srv.URL, client
}

// do sends a request and returns the response with its body read.
func do(t *testing.T, client *http.Client, req *http.Request) (*http.Response, string) {
	t.Helper()
	res, err := client.Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	return res, string(body)
}

func newRequest(t *testing.T, method, url string, body io.Reader) *http.Request {
	t.Helper()
	req, err := http.NewRequest(method, url, body)
	require.NoError(t, err)
	return req
}
