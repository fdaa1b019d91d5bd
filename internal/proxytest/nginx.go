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

// Nginx starts nginx on a free loopback port in front of upstreams
// ("host:port" each, served round robin) and stops it when the test ends. It
// runs in the foreground as one process (daemon off, master_process off),
// with its pid file, logs and temporary files in a directory of the test's
// own. The request body size is not limited (client_max_body_size 0), so
// that the upstream decides. It fails the test when nginx does not start
// listening within 10 s.
func Nginx(t testing.TB, upstreams []string, opts ...Option) *Proxy {
	t.Helper()
	bin := component.Path(t, "nginx", "nginx-light")
	cfg := newConfig(upstreams, opts)
	dir := t.TempDir()
	addr := component.Addr(t)
	p := &Proxy{
		Name:      "nginx",
		Addr:      addr,
		URL:       "http://" + addr,
		Upstreams: upstreams,
		Dir:       dir,
		accessLog: filepath.Join(dir, "access.log"),
		errorLog:  filepath.Join(dir, "error.log"),
	}
	p.Config = nginxConfig(cfg, dir, addr, upstreams)
	file := filepath.Join(dir, "nginx.conf")
	if err := os.WriteFile(file, []byte(p.Config), 0o644); err != nil {
		t.Fatalf("proxytest: %v", err)
	}
	// -p makes every path nginx derives from its prefix (temp directories
	// not named in the file) fall inside dir.
	p.proc = component.Start(t, bin, "-p", dir+"/", "-c", file)
	component.WaitListening(t, p.proc, addr, 10*time.Second)
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("proxytest: nginx configuration:\n%s\nerror log:\n%s", p.Config, strings.Join(p.ErrorLog(), "\n"))
		}
	})
	return p
}

func nginxConfig(c config, dir, addr string, upstreams []string) string {
	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, format+"\n", args...) }
	ms := func(d time.Duration) string { return strconv.FormatInt(max(d.Milliseconds(), 1), 10) + "ms" }
	onOff := map[bool]string{true: "on", false: "off"}

	w("daemon off;")
	w("master_process off;")
	w("worker_processes 1;")
	w("pid %s;", filepath.Join(dir, "nginx.pid"))
	w("error_log %s warn;", filepath.Join(dir, "error.log"))
	w("events { worker_connections 1024; }")
	w("http {")
	w("  log_format iron '%s$status|$upstream_addr|$upstream_status|-|-|\"$request\"';", entryPrefix)
	w("  access_log %s iron;", filepath.Join(dir, "access.log"))
	for _, tmp := range []string{"client_body", "proxy", "fastcgi", "uwsgi", "scgi"} {
		w("  %s_temp_path %s;", tmp, filepath.Join(dir, tmp))
	}
	w("  client_max_body_size 0;")
	w("  client_body_timeout %s;", ms(c.timeout))
	w("  send_timeout %s;", ms(c.timeout))
	if c.websocket {
		w("  map $http_upgrade $connection_upgrade { default upgrade; '' ''; }")
	}
	w("  upstream iron {")
	for _, u := range upstreams {
		if c.healthPath != "" {
			// fail_timeout takes whole seconds.
			w("    server %s max_fails=1 fail_timeout=%ds;", u, max(1, int((c.healthInterval+time.Second-1)/time.Second)))
		} else {
			w("    server %s;", u)
		}
	}
	if c.keepalive > 0 {
		w("    keepalive %d;", c.keepalive)
	}
	w("  }")
	w("  server {")
	w("    listen %s;", addr)
	for _, d := range c.frontDirectives {
		w("    %s", d)
	}
	w("    location / {")
	w("      proxy_pass http://iron;")
	w("      proxy_http_version 1.1;")
	if c.websocket {
		w("      proxy_set_header Upgrade $http_upgrade;")
		w("      proxy_set_header Connection $connection_upgrade;")
	} else {
		w(`      proxy_set_header Connection "";`)
	}
	w("      proxy_request_buffering %s;", onOff[c.buffering(true)])
	w("      proxy_connect_timeout %s;", ms(c.connectTimeout))
	w("      proxy_read_timeout %s;", ms(c.timeout))
	w("      proxy_send_timeout %s;", ms(c.timeout))
	if c.retries > 0 {
		w("      proxy_next_upstream error timeout http_502 http_503 http_504;")
		w("      proxy_next_upstream_tries %d;", c.retries+1)
	} else {
		w("      proxy_next_upstream off;")
	}
	for _, d := range c.directives {
		w("      %s", d)
	}
	w("    }")
	w("  }")
	w("}")
	return b.String()
}
