package router_test

import (
	"bufio"
	"context"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"io"
	"net"
	"net/http"
	"testing"
	"time"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/engine"
	"github.com/iron-go/iron/ext/router"
	"github.com/iron-go/iron/internal/selfsigned"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// listen serves h with the engine on 127.0.0.1 until the test ends, over TLS
// when tlsCfg is set, and returns the base URL.
func listen(t *testing.T, h iron.Handler, tlsCfg *tls.Config) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	opts := []engine.Option{engine.Workers(2), engine.Logger(quiet)}
	scheme := "http"
	if tlsCfg != nil {
		opts = append(opts, engine.TLSConfig(tlsCfg))
		scheme = "https"
	}
	e := engine.New(h, opts...)
	done := make(chan error, 1)
	go func() { done <- e.Serve(l) }()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		assert.NoError(t, e.Shutdown(ctx))
		assert.ErrorIs(t, <-done, engine.ErrServerClosed)
	})
	return scheme + "://" + l.Addr().String()
}

func TestOverARealServer(t *testing.T) {
	r := router.New()
	r.Get("/users/:id", echo).Named("user")
	r.Post("/users", echo)
	r.Get("/files/*path", echo)
	r.Get("/docs/", echo)
	r.Get("/link", linker("user", map[string]string{"id": "7"}))

	cert := selfsigned.Certificate(t)
	plain := listen(t, r, nil)
	secure := listen(t, r, &tls.Config{Certificates: []tls.Certificate{cert}})
	pool := x509.NewCertPool()
	pool.AddCert(cert.Leaf)
	client := &http.Client{
		Timeout:       10 * time.Second,
		Transport:     &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	t.Cleanup(client.CloseIdleConnections)

	for _, tc := range []struct {
		name, method, base, path string
		status                   int
		body                     string
		header, value            string
	}{
		{"a param", "GET", plain, "/users/42", 200, "GET /users/:id id=42", "", ""},
		{"an encoded slash", "GET", plain, "/files/a%2Fb/c", 200, "GET /files/*path path=a/b/c", "", ""},
		{"HEAD runs the GET route, without a body", "HEAD", plain, "/users/42", 200, "", "Content-Length", "20"},
		{"405", "DELETE", plain, "/users/42", 405, "Method Not Allowed", "Allow", "GET, HEAD, OPTIONS"},
		{"OPTIONS", "OPTIONS", plain, "/users", 204, "", "Allow", "POST, OPTIONS"},
		{"redirect", "GET", plain, "/docs?x=1", 308, "", "Location", "/docs/?x=1"},
		{"not found", "GET", plain, "/nowhere", 404, "Not Found", "", ""},
		{"a link", "GET", plain, "/link", 200, "http://" + plain[len("http://"):] + "/users/7 /users/7", "", ""},
		{"a link over TLS", "GET", secure, "/link", 200, "https://" + secure[len("https://"):] + "/users/7 /users/7", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req, err := http.NewRequest(tc.method, tc.base+tc.path, nil)
			require.NoError(t, err)
			res, err := client.Do(req)
			require.NoError(t, err)
			defer res.Body.Close()
			body, err := io.ReadAll(res.Body)
			require.NoError(t, err)
			assert.Equal(t, tc.status, res.StatusCode)
			assert.Equal(t, tc.body, string(body))
			if tc.header != "" {
				assert.Equal(t, tc.value, res.Header.Get(tc.header))
			}
		})
	}
}

// rawRoundTrip writes one request to addr byte for byte, so that no client
// cleans its target first, and reads the response.
func rawRoundTrip(t *testing.T, addr, method, target string) (*http.Response, string) {
	t.Helper()
	conn, err := net.DialTimeout("tcp", addr, 5*time.Second)
	require.NoError(t, err)
	defer conn.Close()
	require.NoError(t, conn.SetDeadline(time.Now().Add(5*time.Second)))
	_, err = fmt.Fprintf(conn, "%s %s HTTP/1.1\r\nHost: example.com\r\nConnection: close\r\n\r\n", method, target)
	require.NoError(t, err)
	res, err := http.ReadResponse(bufio.NewReader(conn), &http.Request{Method: method})
	require.NoError(t, err)
	body, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	require.NoError(t, res.Body.Close())
	return res, string(body)
}
