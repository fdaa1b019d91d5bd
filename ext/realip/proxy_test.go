package realip_test

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/chain"
	"github.com/iron-go/iron/ext/realip"
	"github.com/iron-go/iron/internal/component"
	"github.com/iron-go/iron/internal/selfsigned"
	"github.com/iron-go/iron/internal/servetest"
)

// A real nginx or HAProxy on 127.0.0.1 in front of the engine, a client on
// 127.0.0.2 that forges forwarding headers: the application must see
// 127.0.0.2 and the scheme the client used, whatever the client wrote.

// upstream serves "address scheme" as RealIP finds them, trusting only the
// proxy's address.
func upstream(t *testing.T, opts ...realip.Option) string {
	h := iron.HandlerFunc(func(req *iron.Request) (*iron.Response, error) {
		return iron.With(http.StatusOK, realip.ClientAddr(req).String()+" "+realip.Scheme(req)), nil
	})
	opts = append([]realip.Option{realip.TrustedProxies("127.0.0.1")}, opts...)
	return servetest.Engine(t, chain.New(h).Link(realip.New(opts...)))
}

// certFiles writes a self-signed certificate and its key as PEM files and
// returns their paths and one file holding both (HAProxy's form).
func certFiles(t *testing.T, dir string) (certPath, keyPath, bothPath string) {
	cert := selfsigned.Certificate(t)
	keyDER, err := x509.MarshalPKCS8PrivateKey(cert.PrivateKey)
	require.NoError(t, err)
	certPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: cert.Certificate[0]})
	keyPEM := pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER})
	certPath, keyPath, bothPath = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem"), filepath.Join(dir, "both.pem")
	require.NoError(t, os.WriteFile(certPath, certPEM, 0o600))
	require.NoError(t, os.WriteFile(keyPath, keyPEM, 0o600))
	require.NoError(t, os.WriteFile(bothPath, append(certPEM, keyPEM...), 0o600))
	return certPath, keyPath, bothPath
}

// proxy is a running proxy's plain and TLS addresses.
type proxy struct{ plain, tls string }

func startNginx(t *testing.T, upstream, forwardingHeaders string) proxy {
	bin := component.Path(t, "nginx", "nginx", "/usr/sbin")
	dir := t.TempDir()
	cert, key, _ := certFiles(t, dir)
	p := proxy{component.Addr(t), component.Addr(t)}
	conf := fmt.Sprintf(`
worker_processes 1;
pid %[1]s/nginx.pid;
error_log %[1]s/error.log;
events { worker_connections 64; }
http {
	access_log off;
	client_body_temp_path %[1]s/body; proxy_temp_path %[1]s/proxy;
	fastcgi_temp_path %[1]s/fastcgi; uwsgi_temp_path %[1]s/uwsgi; scgi_temp_path %[1]s/scgi;
	server {
		listen %[2]s;
		listen %[3]s ssl;
		ssl_certificate %[4]s;
		ssl_certificate_key %[5]s;
		location / {
			proxy_pass http://%[6]s;
			%[7]s
		}
	}
}
`, dir, p.plain, p.tls, cert, key, upstream, forwardingHeaders)
	confPath := filepath.Join(dir, "nginx.conf")
	require.NoError(t, os.WriteFile(confPath, []byte(conf), 0o600))
	proc := component.Start(t, bin, "-p", dir, "-c", confPath, "-g", "daemon off;")
	component.WaitListening(t, proc, p.plain, 10*time.Second)
	component.WaitListening(t, proc, p.tls, 10*time.Second)
	return p
}

func startHAProxy(t *testing.T, upstream string) proxy {
	bin := component.Path(t, "haproxy", "haproxy", "/usr/sbin")
	dir := t.TempDir()
	_, _, both := certFiles(t, dir)
	p := proxy{component.Addr(t), component.Addr(t)}
	conf := fmt.Sprintf(`
defaults
	mode http
	timeout connect 5s
	timeout client 10s
	timeout server 10s
frontend web
	bind %s
	bind %s ssl crt %s
	option forwardfor
	http-request set-header X-Forwarded-Proto https if { ssl_fc }
	http-request set-header X-Forwarded-Proto http if !{ ssl_fc }
	default_backend app
backend app
	server app %s
`, p.plain, p.tls, both, upstream)
	confPath := filepath.Join(dir, "haproxy.cfg")
	require.NoError(t, os.WriteFile(confPath, []byte(conf), 0o600))
	proc := component.Start(t, bin, "-db", "-f", confPath)
	component.WaitListening(t, proc, p.plain, 10*time.Second)
	component.WaitListening(t, proc, p.tls, 10*time.Second)
	return p
}

// get asks the proxy from 127.0.0.2 with forged headers and returns the body.
func get(t *testing.T, url string, forged http.Header) string {
	dialer := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.IPv4(127, 0, 0, 2)}, Timeout: 5 * time.Second}
	tr := &http.Transport{
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			return dialer.DialContext(ctx, network, addr)
		},
		TLSClientConfig: &tls.Config{InsecureSkipVerify: true}, // a throwaway certificate on loopback
	}
	defer tr.CloseIdleConnections()
	req, err := http.NewRequest("GET", url, nil)
	require.NoError(t, err)
	for k, vs := range forged {
		req.Header[k] = vs
	}
	res, err := (&http.Client{Transport: tr, Timeout: 10 * time.Second}).Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	require.Equal(t, 200, res.StatusCode, string(b))
	return string(b)
}

var forgeries = map[string]http.Header{
	"no headers":       {},
	"forged XFF":       {"X-Forwarded-For": {"203.0.113.66, 10.0.0.1"}, "X-Forwarded-Proto": {"https"}},
	"forged garbage":   {"X-Forwarded-For": {`"], for=203.0.113.66`}, "Forwarded": {`for="203.0.113.66`}},
	"forged Forwarded": {"Forwarded": {"for=203.0.113.66;proto=https"}},
}

func TestBehindRealProxies(t *testing.T) {
	type setup struct {
		name  string
		start func(t *testing.T) proxy
		// sameLine: the proxy appends to the client's header line, so a
		// client's unterminated quote swallows the proxy's element: the
		// walk fails closed to the proxy's own address.
		sameLine bool
	}
	for _, s := range []setup{
		{"nginx X-Forwarded-For", func(t *testing.T) proxy {
			return startNginx(t, upstream(t), `proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
			proxy_set_header X-Forwarded-Proto $scheme;`)
		}, false},
		{"nginx Forwarded appended", func(t *testing.T) proxy {
			return startNginx(t, upstream(t, realip.Header("Forwarded")),
				`proxy_set_header Forwarded "$http_forwarded, for=$remote_addr;proto=$scheme";`)
		}, true},
		{"HAProxy X-Forwarded-For", func(t *testing.T) proxy { return startHAProxy(t, upstream(t)) }, false},
	} {
		t.Run(s.name, func(t *testing.T) {
			p := s.start(t)
			for name, forged := range forgeries {
				for _, scheme := range []string{"http", "https"} {
					addr := p.plain
					if scheme == "https" {
						addr = p.tls
					}
					got := get(t, scheme+"://"+addr+"/", forged)
					want := "127.0.0.2 " + scheme
					if s.sameLine && name == "forged garbage" {
						want = "127.0.0.1 http"
					}
					assert.Equal(t, want, got, "%s over %s", name, scheme)
					assert.NotContains(t, got, "203.0.113.66", "a forged address is never believed")
				}
			}
		})
	}
}
