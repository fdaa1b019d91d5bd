package ratelimit_test

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/chain"
	"github.com/iron-go/iron/ext/ratelimit"
	"github.com/iron-go/iron/ext/realip"
	"github.com/iron-go/iron/internal/component"
	"github.com/iron-go/iron/internal/redistest"
	"github.com/iron-go/iron/internal/servetest"
)

// TestInstancesBehindNginxShareALimit is the deployment the package is for:
// two instances behind a real nginx that sends requests to each in turn,
// sharing counters in a real Redis, keyed by the client address that nginx
// forwards. A client on 127.0.0.2 gets its 5 requests, not 5 per instance.
func TestInstancesBehindNginxShareALimit(t *testing.T) {
	bin := component.Path(t, "nginx", "nginx", "/usr/sbin")
	s := redistest.Start(t)

	var upstreams string
	for i := range 2 {
		h := iron.HandlerFunc(func(*iron.Request) (*iron.Response, error) {
			return iron.With(http.StatusOK, fmt.Sprint("instance ", i)), nil
		})
		c := chain.New(h).
			Link(realip.New(realip.TrustedProxies("127.0.0.1"))).
			Link(ratelimit.New(5, time.Minute, ratelimit.Redis(client(t, s), "login")))
		upstreams += "server " + servetest.Engine(t, c) + ";\n"
	}

	dir := t.TempDir()
	addr := component.Addr(t)
	conf := fmt.Sprintf(`
worker_processes 1;
pid %[1]s/nginx.pid;
error_log %[1]s/error.log;
events { worker_connections 64; }
http {
	access_log off;
	client_body_temp_path %[1]s/body; proxy_temp_path %[1]s/proxy;
	fastcgi_temp_path %[1]s/fastcgi; uwsgi_temp_path %[1]s/uwsgi; scgi_temp_path %[1]s/scgi;
	upstream app { %[2]s }
	server {
		listen %[3]s;
		location / {
			proxy_pass http://app;
			proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
		}
	}
}
`, dir, upstreams, addr)
	confPath := filepath.Join(dir, "nginx.conf")
	require.NoError(t, os.WriteFile(confPath, []byte(conf), 0o600))
	proc := component.Start(t, bin, "-p", dir, "-c", confPath, "-g", "daemon off;")
	component.WaitListening(t, proc, addr, 10*time.Second)

	dialer := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.IPv4(127, 0, 0, 2)}, Timeout: 5 * time.Second}
	tr := &http.Transport{DialContext: func(ctx context.Context, network, a string) (net.Conn, error) {
		return dialer.DialContext(ctx, network, a)
	}}
	defer tr.CloseIdleConnections()
	hc := &http.Client{Transport: tr, Timeout: 10 * time.Second}

	var statuses []int
	served := map[string]bool{}
	var last *http.Response
	for range 7 {
		res, err := hc.Get("http://" + addr + "/login")
		require.NoError(t, err)
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		statuses = append(statuses, res.StatusCode)
		if res.StatusCode == 200 {
			served[string(body)] = true
		}
		last = res
	}
	assert.Equal(t, []int{200, 200, 200, 200, 200, 429, 429}, statuses)
	assert.Len(t, served, 2, "both instances answered")
	retry, err := strconv.Atoi(last.Header.Get("Retry-After"))
	require.NoError(t, err)
	assert.True(t, retry >= 1 && retry <= 12, "Retry-After %d: one emission interval is 12s", retry)
	assert.Equal(t, "0", last.Header.Get("RateLimit-Remaining"))

	// Another client behind the same proxy has its own quota.
	local := &http.Client{Transport: &http.Transport{}, Timeout: 10 * time.Second}
	defer local.CloseIdleConnections()
	res, err := local.Get("http://" + addr + "/login") // from 127.0.0.1
	require.NoError(t, err)
	res.Body.Close()
	assert.Equal(t, 200, res.StatusCode)
}
