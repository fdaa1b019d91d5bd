package proxytest_test

import (
	"bufio"
	"crypto/sha1"
	"encoding/base64"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/iron-go/iron/internal/proxytest"
)

// named starts a net/http upstream that answers every request with its
// name and counts the connections it accepts.
func named(t *testing.T, name string, h http.HandlerFunc) (addr string, conns *atomic.Int32) {
	conns = new(atomic.Int32)
	if h == nil {
		h = func(w http.ResponseWriter, _ *http.Request) { io.WriteString(w, name) }
	}
	srv := httptest.NewUnstartedServer(h)
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			conns.Add(1)
		}
	}
	srv.Start()
	t.Cleanup(srv.Close)
	return strings.TrimPrefix(srv.URL, "http://"), conns
}

// newClient is a keep-alive client, its connections closed when the test
// ends.
func newClient(t testing.TB) *http.Client {
	tr := &http.Transport{MaxIdleConnsPerHost: 8, DisableCompression: true}
	t.Cleanup(tr.CloseIdleConnections)
	return &http.Client{Transport: tr, Timeout: 60 * time.Second}
}

func get(t *testing.T, c *http.Client, url string) (int, string) {
	t.Helper()
	res, err := c.Get(url)
	require.NoError(t, err)
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	return res.StatusCode, string(b)
}

func TestProxiesForwardRoundRobinAndLog(t *testing.T) {
	a, _ := named(t, "a", nil)
	b, _ := named(t, "b", nil)
	for _, kind := range proxytest.Both {
		t.Run(kind.Name, func(t *testing.T) {
			p := kind.Start(t, []string{a, b})
			c := newClient(t)
			got := map[string]int{}
			for range 6 {
				status, body := get(t, c, p.URL+"/x?y=1")
				assert.Equal(t, http.StatusOK, status)
				got[body]++
			}
			assert.Equal(t, map[string]int{"a": 3, "b": 3}, got, "round robin over both upstreams")

			entries := p.WaitEntries(6, 3*time.Second)
			require.Len(t, entries, 6)
			for _, e := range entries {
				assert.Equal(t, http.StatusOK, e.Status)
				assert.Contains(t, []string{a, b}, e.Upstream)
				assert.Equal(t, "GET /x?y=1 HTTP/1.1", e.Request)
				assert.Zero(t, e.Retries)
			}
			assert.Empty(t, p.UpstreamErrors())
			assert.Equal(t, "http://"+p.Addr, p.URL)
		})
	}
}

func TestKeepaliveToUpstream(t *testing.T) {
	for _, kind := range proxytest.Both {
		for _, tc := range []struct {
			name      string
			opts      []proxytest.Option
			wantReuse bool
		}{
			{"default", nil, true},
			{"Keepalive(0)", []proxytest.Option{proxytest.Keepalive(0)}, false},
		} {
			t.Run(kind.Name+"/"+tc.name, func(t *testing.T) {
				addr, conns := named(t, "u", nil)
				p := kind.Start(t, []string{addr}, tc.opts...)
				c := newClient(t)
				for range 10 {
					status, _ := get(t, c, p.URL+"/")
					require.Equal(t, http.StatusOK, status)
				}
				if tc.wantReuse {
					assert.LessOrEqual(t, conns.Load(), int32(2), "10 sequential requests over kept-alive upstream connections")
				} else {
					assert.Equal(t, int32(10), conns.Load(), "a new upstream connection per request")
				}
			})
		}
	}
}

// resetting is an upstream that reads a request head and resets the
// connection instead of answering.
func resetting(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	var wg sync.WaitGroup
	t.Cleanup(func() { ln.Close(); wg.Wait() })
	wg.Go(func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			wg.Go(func() {
				br := bufio.NewReader(c)
				for {
					line, err := br.ReadString('\n')
					if err != nil || line == "\r\n" {
						break
					}
				}
				c.(*net.TCPConn).SetLinger(0) // close sends RST
				c.Close()
			})
		}
	})
	return ln.Addr().String()
}

func TestUpstreamErrorsShowResets(t *testing.T) {
	addr := resetting(t)
	for _, kind := range proxytest.Both {
		t.Run(kind.Name, func(t *testing.T) {
			p := kind.Start(t, []string{addr})
			status, _ := get(t, newClient(t), p.URL+"/")
			assert.Equal(t, http.StatusBadGateway, status)
			p.WaitEntries(1, 3*time.Second)
			errs := p.UpstreamErrors()
			require.NotEmpty(t, errs, "the reset is in the proxy's log")
			t.Logf("%s logged: %s", kind.Name, errs[0])
		})
	}
}

func TestHealthCheckAndRetry(t *testing.T) {
	var probes atomic.Int32
	// a is shutting down: it fails its readiness check and answers 503.
	a, _ := named(t, "a", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/readyz" {
			probes.Add(1)
		}
		w.WriteHeader(http.StatusServiceUnavailable)
	})
	b, _ := named(t, "b", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "b") })
	for _, kind := range proxytest.Both {
		t.Run(kind.Name, func(t *testing.T) {
			p := kind.Start(t, []string{a, b}, proxytest.HealthCheck("/readyz", 100*time.Millisecond), proxytest.Retry(1))
			c := newClient(t)
			for range 10 {
				status, body := get(t, c, p.URL+"/")
				assert.Equal(t, http.StatusOK, status)
				assert.Equal(t, "b", body)
			}
			if kind.Name == "haproxy" {
				assert.Eventually(t, func() bool { return strings.Contains(strings.Join(p.ErrorLog(), "\n"), "u0 is DOWN") },
					5*time.Second, 20*time.Millisecond, "HAProxy logs that the unready upstream is down")
				assert.Positive(t, probes.Load(), "HAProxy probed /readyz")
			} else {
				retried := 0
				for _, e := range p.WaitEntries(10, 3*time.Second) {
					retried += e.Retries
				}
				assert.Positive(t, retried, "nginx passed a 503 on to the next upstream")
			}
		})
	}
}

// upgrading is an upstream that switches protocols on "Upgrade: websocket"
// and then echoes bytes, and answers 400 to anything else.
func upgrading(t *testing.T) string {
	addr, _ := named(t, "ws", func(w http.ResponseWriter, r *http.Request) {
		if !strings.EqualFold(r.Header.Get("Upgrade"), "websocket") {
			http.Error(w, "not an upgrade", http.StatusBadRequest)
			return
		}
		conn, brw, err := http.NewResponseController(w).Hijack()
		if err != nil {
			return
		}
		defer conn.Close()
		// RFC 6455 section 4.2.2: HAProxy refuses a 101 without it.
		sum := sha1.Sum([]byte(r.Header.Get("Sec-WebSocket-Key") + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"))
		brw.WriteString("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
			"Sec-WebSocket-Accept: " + base64.StdEncoding.EncodeToString(sum[:]) + "\r\n\r\n")
		brw.Flush()
		conn.SetDeadline(time.Now().Add(5 * time.Second))
		io.Copy(conn, brw)
	})
	return addr
}

func TestWebSocketUpgrade(t *testing.T) {
	addr := upgrading(t)
	for _, kind := range proxytest.Both {
		for _, tc := range []struct {
			name       string
			opts       []proxytest.Option
			wantStatus string
		}{
			{"WebSocket()", []proxytest.Option{proxytest.WebSocket()}, "101"},
			// Without the option nginx drops the Upgrade header; HAProxy
			// passes upgrades by itself.
			{"default", nil, map[string]string{"nginx": "400", "haproxy": "101"}[kind.Name]},
		} {
			t.Run(kind.Name+"/"+tc.name, func(t *testing.T) {
				p := kind.Start(t, []string{addr}, tc.opts...)
				c, err := net.DialTimeout("tcp", p.Addr, 2*time.Second)
				require.NoError(t, err)
				defer c.Close()
				c.SetDeadline(time.Now().Add(5 * time.Second))
				_, err = io.WriteString(c, "GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"+
					"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
				require.NoError(t, err)
				br := bufio.NewReader(c)
				res, err := http.ReadResponse(br, nil)
				require.NoError(t, err)
				assert.Equal(t, tc.wantStatus, res.Status[:3])
				if res.StatusCode != http.StatusSwitchingProtocols {
					return
				}
				_, err = io.WriteString(c, "ping")
				require.NoError(t, err)
				got := make([]byte, 4)
				_, err = io.ReadFull(br, got)
				require.NoError(t, err)
				assert.Equal(t, "ping", string(got), "bytes flow both ways after the upgrade")
			})
		}
	}
}

func TestOptionMisuse(t *testing.T) {
	for _, tc := range []struct {
		name string
		f    func()
		want string
	}{
		{"HealthCheck relative", func() { proxytest.HealthCheck("readyz", time.Second) }, `proxytest: HealthCheck("readyz", 1s)`},
		{"HealthCheck interval", func() { proxytest.HealthCheck("/readyz", 0) }, `proxytest: HealthCheck("/readyz", 0s)`},
		{"Retry", func() { proxytest.Retry(-1) }, "proxytest: Retry(-1)"},
		{"Timeout", func() { proxytest.Timeout(0) }, "proxytest: Timeout(0s)"},
		{"ConnectTimeout", func() { proxytest.ConnectTimeout(time.Microsecond) }, "proxytest: ConnectTimeout(1µs)"},
		{"Keepalive", func() { proxytest.Keepalive(-1) }, "proxytest: Keepalive(-1)"},
		{"no upstream", func() { proxytest.Nginx(t, nil) }, "proxytest: no upstream address"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			defer func() {
				r := recover()
				require.NotNil(t, r, "no panic")
				assert.Contains(t, r, tc.want)
			}()
			tc.f()
		})
	}
}
