package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"io"
	"net"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m,
		// ants starts the goroutines of its default pool when imported.
		goleak.IgnoreAnyFunction("github.com/panjf2000/ants/v2.(*poolCommon).purgeStaleWorkers"),
		goleak.IgnoreAnyFunction("github.com/panjf2000/ants/v2.(*poolCommon).ticktock"),
	)
}

func TestBothServers(t *testing.T) {
	cert, err := selfSigned(time.Now())
	require.NoError(t, err)
	srv, eng := newServers(cert)

	srvL, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	engL, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	errc := make(chan error, 2)
	go func() { errc <- srv.ServeTLS(srvL, "", "") }() // as ListenAndServeTLS does
	go func() { errc <- eng.Serve(engL) }()

	roots := x509.NewCertPool()
	roots.AddCert(cert.Leaf)
	client := &http.Client{
		Transport: &http.Transport{
			TLSClientConfig:   &tls.Config{RootCAs: roots},
			ForceAttemptHTTP2: true,
		},
		Timeout: 10 * time.Second,
	}
	t.Cleanup(func() {
		client.CloseIdleConnections()
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		assert.NoError(t, srv.Shutdown(ctx))
		assert.NoError(t, eng.Shutdown(ctx))
		<-errc
		<-errc
	})

	for _, tc := range []struct {
		name  string
		url   string
		proto string
		want  string
	}{
		{"http.Server speaks HTTP/2", "https://" + srvL.Addr().String() + "/", "HTTP/2.0",
			"Hello over HTTP/2.0 (TLS 1.3, ALPN h2) from http.Server\n"},
		{"the engine speaks HTTP/1.1 over TLS", "https://" + engL.Addr().String() + "/", "HTTP/1.1",
			"Hello over HTTP/1.1 (TLS 1.3, ALPN http/1.1) from the engine\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := client.Get(tc.url)
			require.NoError(t, err)
			defer res.Body.Close()
			body, err := io.ReadAll(res.Body)
			require.NoError(t, err)
			assert.Equal(t, http.StatusOK, res.StatusCode)
			assert.Equal(t, tc.proto, res.Proto)
			assert.Equal(t, tc.want, string(body))
		})
	}
}
