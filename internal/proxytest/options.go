package proxytest

import (
	"fmt"
	"time"
)

// Option configures a proxy started by [Nginx] or [HAProxy]. Each option
// says what it sets in each proxy's configuration.
type Option func(*config)

type config struct {
	requestBuffering *bool // nil: the proxy's own default
	healthPath       string
	healthInterval   time.Duration
	retries          int
	websocket        bool
	timeout          time.Duration
	connectTimeout   time.Duration
	keepalive        int
	directives       []string
	frontDirectives  []string
}

func newConfig(upstreams []string, opts []Option) config {
	if len(upstreams) == 0 {
		panic("proxytest: no upstream address")
	}
	c := config{
		timeout:        30 * time.Second,
		connectTimeout: 2 * time.Second,
		keepalive:      16,
	}
	for _, o := range opts {
		if o == nil {
			panic("proxytest: nil Option")
		}
		o(&c)
	}
	return c
}

// RequestBuffering sets whether the proxy reads a request body before it
// sends the request upstream; unset, each proxy does as it does by default.
// nginx: proxy_request_buffering, on by default (the whole body, spilling
// to a temporary file). HAProxy: on adds "option http-buffer-request",
// which waits for as much of the body as fits a buffer (tune.bufsize,
// 16 KiB), not the whole body; off by default.
func RequestBuffering(on bool) Option { return func(c *config) { c.requestBuffering = &on } }

// buffering reports whether request buffering is on, given the proxy's
// default.
func (c *config) buffering(byDefault bool) bool {
	if c.requestBuffering == nil {
		return byDefault
	}
	return *c.requestBuffering
}

// HealthCheck makes the proxy probe each upstream with GET path every
// interval and stop sending it requests after one failed probe (and again
// after one good one). HAProxy: option httpchk with "check inter interval
// fall 1 rise 1". nginx (open source) has no active checks: the upstream
// servers get max_fails=1 fail_timeout=interval (rounded up to whole
// seconds, nginx's unit there), so an upstream that fails a request (by
// the conditions of [Retry]) is left alone for that long. It panics on a
// path that does not start with "/" or an interval under 1 ms.
func HealthCheck(path string, interval time.Duration) Option {
	if path == "" || path[0] != '/' || interval < time.Millisecond {
		panic(fmt.Sprintf("proxytest: HealthCheck(%q, %v): want an absolute path and an interval of at least 1ms", path, interval))
	}
	return func(c *config) { c.healthPath, c.healthInterval = path, interval }
}

// Retry lets the proxy try a request again, on the next upstream, up to n
// times when an upstream cannot be connected to or fails before answering
// (and, for nginx, when it answers 502, 503 or 504). nginx:
// proxy_next_upstream error timeout http_502 http_503 http_504 with
// proxy_next_upstream_tries n+1 (nginx never retries a non-idempotent
// request, a POST, once it was sent). HAProxy: retries n, option redispatch
// and retry-on conn-failure empty-response response-timeout 502 503 504.
// Without it, neither proxy retries, so that a test sees each failure. It
// panics on n < 0.
func Retry(n int) Option {
	if n < 0 {
		panic(fmt.Sprintf("proxytest: Retry(%d): the count must not be negative", n))
	}
	return func(c *config) { c.retries = n }
}

// WebSocket lets protocol upgrades through. nginx: the Upgrade header is
// passed on and Connection is "upgrade" when the client asked for one ("" as
// before otherwise, keeping upstream keep-alive). HAProxy passes upgrades by
// itself; its tunnel timeout is the [Timeout] either way.
func WebSocket() Option { return func(c *config) { c.websocket = true } }

// Timeout bounds each wait of the proxy on a client or an upstream once
// connected (default 30 s). nginx: proxy_read_timeout, proxy_send_timeout,
// client_body_timeout, send_timeout. HAProxy: timeout client, server,
// http-request and tunnel. It panics on d < 1 ms.
func Timeout(d time.Duration) Option {
	if d < time.Millisecond {
		panic(fmt.Sprintf("proxytest: Timeout(%v): want at least 1ms", d))
	}
	return func(c *config) { c.timeout = d }
}

// ConnectTimeout bounds the connection to an upstream (default 2 s). nginx:
// proxy_connect_timeout; HAProxy: timeout connect. It panics on d < 1 ms.
func ConnectTimeout(d time.Duration) Option {
	if d < time.Millisecond {
		panic(fmt.Sprintf("proxytest: ConnectTimeout(%v): want at least 1ms", d))
	}
	return func(c *config) { c.connectTimeout = d }
}

// Keepalive sets how many idle upstream connections the proxy keeps
// (default 16). nginx: keepalive n in the upstream block; 0 leaves it out.
// HAProxy: option http-keep-alive, http-reuse always and pool-max-conn n on
// each server; 0 means option http-server-close and http-reuse never. With
// 0, every request gets a new upstream connection (clients still keep
// theirs). It panics on n < 0.
func Keepalive(n int) Option {
	if n < 0 {
		panic(fmt.Sprintf("proxytest: Keepalive(%d): the count must not be negative", n))
	}
	return func(c *config) { c.keepalive = n }
}

// Directives adds configuration lines where requests are proxied: nginx's
// "location /" block, HAProxy's backend section. Each line is written as
// given (nginx lines end with ";").
func Directives(lines ...string) Option {
	return func(c *config) { c.directives = append(c.directives, lines...) }
}

// FrontendDirectives adds configuration lines where clients connect:
// nginx's server block, HAProxy's frontend section.
func FrontendDirectives(lines ...string) Option {
	return func(c *config) { c.frontDirectives = append(c.frontDirectives, lines...) }
}
