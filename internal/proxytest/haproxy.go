package proxytest

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/iron-go/iron/internal/component"
)

// HAProxy starts HAProxy on a free loopback port in front of upstreams
// ("host:port" each, served round robin) and stops it when the test ends.
// It runs in the foreground (-db) and logs to its standard output, which the
// test reads: one [Entry] per request and its other messages (server state
// changes, warnings). It fails the test when HAProxy does not start
// listening within 10 s.
func HAProxy(t testing.TB, upstreams []string, opts ...Option) *Proxy {
	t.Helper()
	bin := component.Path(t, "haproxy", "haproxy")
	cfg := newConfig(upstreams, opts)
	dir := t.TempDir()
	addr := component.Addr(t)
	p := &Proxy{
		Name:      "haproxy",
		Addr:      addr,
		URL:       "http://" + addr,
		Upstreams: upstreams,
		Dir:       dir,
	}
	p.Config = haproxyConfig(cfg, addr, upstreams)
	file := filepath.Join(dir, "haproxy.cfg")
	if err := os.WriteFile(file, []byte(p.Config), 0o644); err != nil {
		t.Fatalf("proxytest: %v", err)
	}
	p.proc = component.Start(t, bin, "-db", "-f", file)
	component.WaitListening(t, p.proc, addr, 10*time.Second)
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("proxytest: haproxy configuration:\n%s", p.Config)
		}
	})
	return p
}

func haproxyConfig(c config, addr string, upstreams []string) string {
	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, format+"\n", args...) }
	ms := func(d time.Duration) string { return strconv.FormatInt(max(d.Milliseconds(), 1), 10) + "ms" }

	w("global")
	w("  log stdout format raw local0 info")
	w("  maxconn 1024")
	w("defaults")
	w("  mode http")
	w("  log global")
	// Fields: status to the client, the server's address, (no upstream
	// status), termination state, retries, request line; see parseEntry.
	w(`  log-format "%s%%ST|%%si:%%sp|-|%%tsc|%%rc|%%{+Q}r"`, entryPrefix)
	w("  option dontlognull") // no entry for a connection that sends nothing (WaitListening's)
	if c.keepalive > 0 {
		w("  option http-keep-alive")
		w("  http-reuse always")
	} else {
		w("  option http-server-close") // keep-alive to clients only
		w("  http-reuse never")
	}
	w("  timeout connect %s", ms(c.connectTimeout))
	for _, name := range []string{"client", "server", "http-request", "tunnel"} {
		w("  timeout %s %s", name, ms(c.timeout))
	}
	w("  timeout http-keep-alive %s", ms(c.timeout))
	if c.retries > 0 {
		w("  retries %d", c.retries)
		w("  option redispatch 1")
		w("  retry-on conn-failure empty-response response-timeout 502 503 504")
	} else {
		w("  retries 0")
	}
	w("frontend in")
	w("  bind %s", addr)
	for _, d := range c.frontDirectives {
		w("  %s", d)
	}
	w("  default_backend iron")
	w("backend iron")
	w("  balance roundrobin")
	if c.buffering(false) {
		w("  option http-buffer-request")
	}
	check := ""
	if c.healthPath != "" {
		w("  option httpchk")
		w("  http-check send meth GET uri %s ver HTTP/1.1 hdr Host localhost", c.healthPath)
		w("  http-check expect status 200")
		check = fmt.Sprintf(" check inter %s fall 1 rise 1", ms(c.healthInterval))
	}
	pool := ""
	if c.keepalive > 0 {
		pool = fmt.Sprintf(" pool-max-conn %d", c.keepalive)
	}
	for _, d := range c.directives {
		w("  %s", d)
	}
	for i, u := range upstreams {
		w("  server u%d %s%s%s", i, u, pool, check)
	}
	return b.String()
}
