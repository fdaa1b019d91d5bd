package main

import (
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/engine"
	"github.com/iron-go/iron/internal/redistest"
	"github.com/iron-go/iron/internal/servetest"
)

// siteMode is one way of running the site: its state in the process, or in
// a real redis-server.
type siteMode struct {
	name string
	// start runs a site in this mode, changed by cfg, and returns it with a
	// Redis client to look into its state (nil without Redis).
	start func(t *testing.T, cfg config) (*instance, *redis.Client)
}

var siteModes = []siteMode{
	{"memory", func(t *testing.T, cfg config) (*instance, *redis.Client) {
		if cfg.secret == "" {
			cfg.secret = testSecret
		}
		return startSite(t, cfg), nil
	}},
	{"redis", func(t *testing.T, cfg config) (*instance, *redis.Client) {
		srv := redistest.Start(t)
		cfg.redisAddr = srv.Addr
		return startSite(t, cfg), testRedisClient(t, srv.Addr)
	}},
}

func testRedisClient(t *testing.T, addr string) *redis.Client {
	rdb := redis.NewClient(&redis.Options{Addr: addr, MaxRetries: -1})
	t.Cleanup(func() { rdb.Close() })
	return rdb
}

// trustLoopback is the configuration of the contract tests: the test's
// clients connect from 127.0.0.1, which the site trusts as a proxy, so that
// each client says its own address in X-Forwarded-For.
var trustLoopback = config{trustedProxies: []string{"127.0.0.1"}}

// TestContract drives the contract of the issue over HTTP against the site
// as main runs it, once with its state in the process and once in Redis.
func TestContract(t *testing.T) {
	for _, m := range siteModes {
		t.Run(m.name, func(t *testing.T) {
			s, rdb := m.start(t, trustLoopback)
			t.Run("pages", func(t *testing.T) { testPages(t, s, rdb) })
			t.Run("sign-in limit", func(t *testing.T) { testSignInLimit(t, s) })
			t.Run("api", func(t *testing.T) { testAPI(t, s) })
			t.Run("upload", func(t *testing.T) { testUpload(t, s) })
			t.Run("clock", func(t *testing.T) { testClock(t, s) })
			t.Run("static", func(t *testing.T) { testStatic(t, s) })
			t.Run("probes", func(t *testing.T) { testProbes(t, s) })
			t.Run("request log", func(t *testing.T) { testRequestLog(t, s) })
		})
	}
}

// assertSecurityHeaders checks the headers ext/secure adds to every answer.
func assertSecurityHeaders(t *testing.T, h http.Header) {
	t.Helper()
	csp := h.Get("Content-Security-Policy")
	assert.Contains(t, csp, "default-src 'self'", "the page's own script and style are allowed, nothing else")
	assert.Contains(t, csp, "frame-ancestors 'none'")
	assert.NotContains(t, csp, "unsafe-inline")
	assert.Equal(t, "nosniff", h.Get("X-Content-Type-Options"))
	assert.Equal(t, "DENY", h.Get("X-Frame-Options"))
	assert.Equal(t, "strict-origin-when-cross-origin", h.Get("Referrer-Policy"))
	assert.Equal(t, "same-origin", h.Get("Cross-Origin-Opener-Policy"))
	assert.Empty(t, h.Get("Strict-Transport-Security"), "no HSTS over plain HTTP")
}

func testProbes(t *testing.T, s *instance) {
	c := newClient(t, s.base)
	for _, path := range []string{"/healthz", "/readyz"} {
		a := c.get(path)
		assert.Equal(t, http.StatusOK, a.StatusCode, path)
		assert.JSONEq(t, `{"status":"ok"}`, a.body, path)
		assert.Equal(t, "no-store", a.Header.Get("Cache-Control"), path)
	}
}

// One line per request, with the request's ID (the one in X-Request-ID) and
// the client's address found behind the trusted proxy.
func testRequestLog(t *testing.T, s *instance) {
	c := newClient(t, s.base)
	for _, tc := range []struct {
		method, path string
		status       int
	}{
		{"GET", "/", http.StatusOK},
		{"GET", "/api/me", http.StatusUnauthorized},
		{"POST", "/login", http.StatusForbidden},
		{"GET", "/nowhere", http.StatusNotFound},
	} {
		a := c.do(tc.method, tc.path, nil)
		require.Equal(t, tc.status, a.StatusCode, tc.path)
		id := a.Header.Get("X-Request-Id")
		require.Len(t, id, 26, "a generated ID")
		lines := s.logs.requestLines(t, id)
		require.Len(t, lines, 1, "one line for %s %s", tc.method, tc.path)
		line := lines[0]
		assert.Equal(t, tc.method, line["method"])
		assert.Equal(t, tc.path, line["path"])
		assert.Equal(t, float64(tc.status), line["status"])
		assert.Equal(t, c.ip, line["remote"], "the client behind the proxy, not the proxy")
		assert.Equal(t, "INFO", line["level"])
	}

	// Behind a trusted proxy, the ID the proxy sent is kept, echoed and
	// logged, so that its log and the site's can be joined.
	a := c.get("/healthz", "X-Request-ID", "nginx-7f3a")
	assert.Equal(t, "nginx-7f3a", a.Header.Get("X-Request-Id"))
	assert.Len(t, s.logs.requestLines(t, "nginx-7f3a"), 1)
}

// Without -trusted-proxy, X-Forwarded-For is nobody's word: the log names
// the connection's peer, and a client sending another address with each
// attempt is still limited to five sign-ins a minute.
func TestForwardedForIsNotBelievedUntrusted(t *testing.T) {
	s := startSite(t, config{secret: testSecret})
	c := newClient(t, s.base)
	for i := range loginAttempts {
		c.ip = "203.0.113." + string(rune('1'+i))
		a := c.login("alice", "wrong")
		require.Equal(t, http.StatusUnauthorized, a.StatusCode, "attempt %d", i+1)
	}
	c.ip = "203.0.113.99"
	a := c.login("alice", "wonderland")
	assert.Equal(t, http.StatusTooManyRequests, a.StatusCode)

	a = c.get("/healthz", "X-Request-ID", "forged-id")
	id := a.Header.Get("X-Request-Id")
	assert.NotEqual(t, "forged-id", id, "no proxy is trusted to set request IDs")
	lines := s.logs.requestLines(t, id)
	require.Len(t, lines, 1)
	assert.Equal(t, "127.0.0.1", lines[0]["remote"], "the peer")
}

// With -trusted-proxy, an X-Request-ID is kept only from requests that came
// through that proxy: a client that connects straight (here from loopback,
// which is not the proxy) cannot choose the ID its requests are logged
// under.
func TestRequestIDOnlyFromTheTrustedProxy(t *testing.T) {
	s := startSite(t, config{secret: testSecret, trustedProxies: []string{"10.9.9.9"}})
	c := newClient(t, s.base)
	a := c.get("/healthz", "X-Request-ID", "forged-id")
	id := a.Header.Get("X-Request-Id")
	assert.NotEqual(t, "forged-id", id, "the client is not the trusted proxy")
	assert.Len(t, id, 26, "a generated ID")
	assert.Len(t, s.logs.requestLines(t, id), 1)
}

// A readiness probe answers 503 while the server drains, so that a load
// balancer stops sending requests; liveness stays 200.
func TestReadyzWhileDraining(t *testing.T) {
	var draining drainSwitch
	s, err := newSite(config{secret: testSecret, log: discardLog()}, &draining)
	require.NoError(t, err)
	t.Cleanup(func() { s.close() })
	c := newClient(t, "http://"+serveEngine(t, s))

	assert.Equal(t, http.StatusOK, c.get("/readyz").StatusCode)
	draining.on.Store(true)
	a := c.get("/readyz")
	assert.Equal(t, http.StatusServiceUnavailable, a.StatusCode)
	assert.Contains(t, a.body, `"draining":true`)
	assert.Equal(t, http.StatusOK, c.get("/healthz").StatusCode)
}

// The engine's Draining is what /readyz asks, once run has made the engine.
func TestEngineDrain(t *testing.T) {
	var d engineDrain
	assert.False(t, d.Draining(), "no engine yet")
	eng := engine.New(iron.HandlerFunc(func(*iron.Request) (*iron.Response, error) { return nil, nil }),
		engine.Logger(discardLog()))
	d.eng.Store(eng)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	served := make(chan error, 1)
	go func() { served <- eng.Serve(l) }()
	assert.False(t, d.Draining(), "serving")
	require.NoError(t, eng.Shutdown(t.Context()))
	assert.True(t, d.Draining(), "shut down")
	assert.ErrorIs(t, <-served, engine.ErrServerClosed)
}

// drainSwitch is a health.Drainer a test turns on.
type drainSwitch struct{ on atomic.Bool }

func (d *drainSwitch) Draining() bool { return d.on.Load() }

func discardLog() *slog.Logger { return slog.New(slog.DiscardHandler) }

// serveEngine serves the site's handler on the engine until the test ends.
func serveEngine(t *testing.T, s *site) string { return servetest.Engine(t, s.handler) }

// Sessions end with the idle timeout and the cookie's Max-Age says so.
func TestSessionCookieAttributes(t *testing.T) {
	s := startSite(t, config{secret: testSecret})
	c := newClient(t, s.base)
	a := c.login("alice", "wonderland")
	require.Equal(t, http.StatusSeeOther, a.StatusCode)
	ck := sessionCookie(t, a.Response)
	assert.True(t, ck.HttpOnly)
	assert.Equal(t, http.SameSiteLaxMode, ck.SameSite)
	assert.False(t, ck.Secure, "plain HTTP from the client")
	assert.Equal(t, "/", ck.Path)
	assert.InDelta(t, (2 * time.Hour).Seconds(), float64(ck.MaxAge), 5)

	// Behind a trusted proxy that ended TLS, the cookie is Secure.
	s = startSite(t, config{secret: testSecret, trustedProxies: []string{"127.0.0.1"}})
	c = newClient(t, s.base)
	tok := c.token()
	a = c.do(http.MethodPost, "/login", strings.NewReader("username=alice&password=wonderland&csrf_token="+tok),
		"Content-Type", "application/x-www-form-urlencoded", "X-Forwarded-Proto", "https")
	require.Equal(t, http.StatusSeeOther, a.StatusCode)
	assert.True(t, sessionCookie(t, a.Response).Secure)
	assert.NotEmpty(t, a.Header.Get("Strict-Transport-Security"), "HSTS: the client used HTTPS")
}

func sessionCookie(t *testing.T, res *http.Response) *http.Cookie {
	t.Helper()
	for _, ck := range res.Cookies() {
		if ck.Name == "session" {
			return ck
		}
	}
	t.Fatalf("no session cookie in %v", res.Header["Set-Cookie"])
	return nil
}
