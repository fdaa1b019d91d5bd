package engine_test

import (
	"bufio"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"io"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/engine"
)

// selfSigned makes a certificate for 127.0.0.1 valid for an hour.
func selfSigned(t *testing.T) tls.Certificate {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "iron test"},
		NotBefore:    time.Now().Add(-time.Minute),
		NotAfter:     time.Now().Add(time.Hour),
		IPAddresses:  []net.IP{net.ParseIP("127.0.0.1")},
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	require.NoError(t, err)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}
}

func TestTLS(t *testing.T) {
	cert := selfSigned(t)
	_, addr := start(t, iron.HandlerFunc(func(req *iron.Request) (*iron.Response, error) {
		if req.TLS() == nil {
			return iron.With(http.StatusInternalServerError, "no TLS state"), nil
		}
		body, err := io.ReadAll(req.Body())
		if err != nil {
			return nil, err
		}
		return iron.With(http.StatusOK, req.URL().String()+" "+string(body)), nil
	}), engine.TLSConfig(&tls.Config{Certificates: []tls.Certificate{cert}}))

	c, err := tls.Dial("tcp", addr, &tls.Config{InsecureSkipVerify: true})
	require.NoError(t, err)
	defer c.Close()
	require.NoError(t, c.SetDeadline(time.Now().Add(5*time.Second)))
	// Pipelined in one TLS record, then one more after the answers.
	_, err = io.WriteString(c, "GET /a?x=1 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"+
		"POST /b HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 4\r\n\r\nbody")
	require.NoError(t, err)
	br := bufio.NewReader(c)
	res, body := readResponse(t, br, "GET")
	assert.Equal(t, http.StatusOK, res.StatusCode)
	assert.Equal(t, "https://127.0.0.1/a?x=1 ", body)
	_, body = readResponse(t, br, "POST")
	assert.Equal(t, "https://127.0.0.1/b body", body)

	_, err = io.WriteString(c, "GET /c HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
	require.NoError(t, err)
	_, body = readResponse(t, br, "GET")
	assert.True(t, strings.HasPrefix(body, "https://127.0.0.1/c"), body)
}

func TestListenAndServeTLS(t *testing.T) {
	cert := selfSigned(t)
	dir := t.TempDir()
	certFile, keyFile := filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	keyDER, err := x509.MarshalPKCS8PrivateKey(cert.PrivateKey)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: cert.Certificate[0]}), 0o600))
	require.NoError(t, os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER}), 0o600))

	e := engine.New(iron.HandlerFunc(func(req *iron.Request) (*iron.Response, error) {
		return iron.With(http.StatusOK, req.Scheme()), nil
	}))
	assert.Nil(t, e.Addr(), "no address before serving")
	served := make(chan error, 1)
	go func() { served <- e.ListenAndServeTLS("127.0.0.1:0", certFile, keyFile) }()
	require.Eventually(t, func() bool { return e.Addr() != nil }, 2*time.Second, 5*time.Millisecond)

	// The client offers h2 first: the engine must pick http/1.1 by ALPN.
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true, NextProtos: []string{"h2", "http/1.1"}}}}
	defer client.CloseIdleConnections()
	res, err := client.Get("https://" + e.Addr().String() + "/")
	require.NoError(t, err)
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	assert.Equal(t, "https", string(body))
	assert.Equal(t, "HTTP/1.1", res.Proto)
	require.NotNil(t, res.TLS)
	assert.Equal(t, "http/1.1", res.TLS.NegotiatedProtocol, "the engine offers http/1.1 only")

	client.CloseIdleConnections()
	require.NoError(t, e.Shutdown(context.Background()))
	require.ErrorIs(t, <-served, engine.ErrServerClosed)
}

// TestPlainHTTPToTheTLSPort sends a plain HTTP request to a TLS listener: the
// client is told what it did wrong, as http.Server does, and the connection
// closes.
func TestPlainHTTPToTheTLSPort(t *testing.T) {
	cert := selfSigned(t)
	_, addr := start(t, iron.HandlerFunc(func(*iron.Request) (*iron.Response, error) {
		return iron.With(http.StatusOK, "over TLS"), nil
	}), engine.TLSConfig(&tls.Config{Certificates: []tls.Certificate{cert}}), quietLogger())
	for _, raw := range []string{
		"GET / HTTP/1.1\r\nHost: x\r\n\r\n",
		"POST /form HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc",
		"OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n",
	} {
		out := exchange(t, addr, raw)
		res, err := http.ReadResponse(bufio.NewReader(strings.NewReader(out)), nil)
		require.NoError(t, err, "answer: %q", out)
		body, _ := io.ReadAll(res.Body)
		assert.Equal(t, http.StatusBadRequest, res.StatusCode)
		assert.Equal(t, "Client sent an HTTP request to an HTTPS server.\n", string(body))
		assert.True(t, res.Close)
	}
}
