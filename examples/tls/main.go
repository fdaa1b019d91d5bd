// Command tls serves one Iron handler over HTTPS twice, with a self-signed
// certificate made at start-up: from http.Server through httpadapter, which
// speaks HTTP/2 (and HTTP/1.1 to clients that do not), and from the engine,
// which speaks HTTP/1.1 over TLS.
//
//	go run ./examples/tls     # from the repository root
//
//	curl -sk https://localhost:3000/   # Hello over HTTP/2.0 (TLS 1.3, ALPN h2) from http.Server
//	curl -sk https://localhost:3001/   # Hello over HTTP/1.1 (TLS 1.3, ALPN http/1.1) from the engine
//
// The certificate is for localhost, 127.0.0.1 and ::1 and trusted by no one,
// hence curl's -k; a real server loads its own with tls.LoadX509KeyPair.
package main

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"flag"
	"fmt"
	"log"
	"math/big"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/engine"
	"github.com/iron-go/iron/httpadapter"
)

func main() {
	addr := flag.String("addr", "localhost:3000", "address of the http.Server (HTTP/2 over TLS)")
	engineAddr := flag.String("engine-addr", "localhost:3001", "address of the engine (HTTP/1.1 over TLS)")
	flag.Parse()

	cert, err := selfSigned(time.Now())
	if err != nil {
		log.Fatalf("tls: making a certificate: %v", err)
	}
	srv, eng := newServers(cert)
	srv.Addr = *addr

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	context.AfterFunc(ctx, stop) // a second Ctrl-C stops at once
	errc := make(chan error, 2)
	go func() {
		log.Printf("tls: http.Server on https://%s", *addr)
		errc <- srv.ListenAndServeTLS("", "") // the certificate is in srv.TLSConfig
	}()
	go func() {
		log.Printf("tls: engine on https://%s", *engineAddr)
		errc <- eng.ListenAndServe(*engineAddr) // TLS, from the TLSConfig option
	}()
	select {
	case err := <-errc:
		log.Print(err)
	case <-ctx.Done():
	}
	// http.Server stops at once; the engine drains first, serving for its
	// DrainPeriod while a load balancer's readiness check notices.
	shutdown, cancel := context.WithTimeout(context.Background(), engine.DefaultDrainPeriod+10*time.Second)
	defer cancel()
	if err := errors.Join(srv.Shutdown(shutdown), eng.Drain(shutdown)); err != nil {
		log.Fatal(err)
	}
}

// newServers returns the two servers of the example, for the same handler
// and certificate.
func newServers(cert tls.Certificate) (*http.Server, *engine.Engine) {
	h := iron.HandlerFunc(hello)
	srv := &http.Server{
		Handler: httpadapter.Handler(h),
		// With a TLSConfig and no TLSNextProto, http.Server offers h2 by
		// ALPN, and falls back to HTTP/1.1.
		TLSConfig:         &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12},
		ReadHeaderTimeout: 5 * time.Second,
	}
	eng := engine.New(h, engine.TLSConfig(&tls.Config{
		Certificates: []tls.Certificate{cert},
		MinVersion:   tls.VersionTLS12,
	}))
	return srv, eng
}

// hello says which server answered, and over what.
func hello(req *iron.Request) (*iron.Response, error) {
	server := "the engine"
	if _, ok := req.Context().Value(http.ServerContextKey).(*http.Server); ok {
		server = "http.Server"
	}
	state := req.TLS()
	if state == nil {
		return iron.With(http.StatusOK, "Hello over "+req.Proto()+" without TLS from "+server+"\n"), nil
	}
	return iron.With(http.StatusOK, fmt.Sprintf("Hello over %s (%s, ALPN %s) from %s\n",
		req.Proto(), tls.VersionName(state.Version), alpn(state), server)), nil
}

func alpn(state *tls.ConnectionState) string {
	if state.NegotiatedProtocol == "" {
		return "none"
	}
	return state.NegotiatedProtocol
}

// selfSigned makes a certificate for localhost that signs itself, valid for
// a day from now.
func selfSigned(now time.Time) (tls.Certificate, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, err
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 127))
	if err != nil {
		return tls.Certificate{}, err
	}
	tmpl := &x509.Certificate{
		SerialNumber:          serial,
		Subject:               pkix.Name{Organization: []string{"Iron for Go example"}, CommonName: "localhost"},
		NotBefore:             now.Add(-time.Minute),
		NotAfter:              now.Add(24 * time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		DNSNames:              []string{"localhost"},
		IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback},
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return tls.Certificate{}, err
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		return tls.Certificate{}, err
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}, nil
}
