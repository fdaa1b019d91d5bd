package httpadapter_test

import (
	"bufio"
	"fmt"
	"net"
	"net/http"
	"net/http/pprof"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/httpadapter"
)

// TestFromHTTPStandardHandlers runs net/http's own handlers inside Iron on
// every server: pprof, Prometheus's promhttp and a file server.
func TestFromHTTPStandardHandlers(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "hello.txt"), []byte("hello, files"), 0o600))
	modified := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	require.NoError(t, os.Chtimes(filepath.Join(dir, "hello.txt"), modified, modified))

	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.Handle("/files/", http.StripPrefix("/files/", http.FileServer(http.Dir(dir))))
	registry := prometheus.NewRegistry()
	hits := prometheus.NewCounter(prometheus.CounterOpts{Name: "iron_test_hits_total", Help: "Hits."})
	registry.MustRegister(hits, collectors.NewGoCollector())
	hits.Add(3)
	mux.Handle("/metrics", promhttp.HandlerFor(registry, promhttp.HandlerOpts{}))
	h := httpadapter.FromHTTP(mux)

	for _, srv := range servers {
		t.Run(srv.name, func(t *testing.T) {
			base, client := srv.start(t, h)
			for _, tc := range []struct {
				name   string
				path   string
				header http.Header
				status int
				want   string // the body, or a part of it when contains
				has    bool
				check  func(t *testing.T, res *http.Response)
			}{
				{name: "pprof index", path: "/debug/pprof/", status: 200, want: "goroutine", has: true,
					check: func(t *testing.T, res *http.Response) {
						assert.Equal(t, "text/html; charset=utf-8", res.Header.Get("Content-Type"))
					}},
				{name: "pprof goroutine profile", path: "/debug/pprof/goroutine?debug=1", status: 200,
					want: "goroutine profile:", has: true},
				{name: "promhttp", path: "/metrics", status: 200, want: "iron_test_hits_total 3\n", has: true,
					check: func(t *testing.T, res *http.Response) {
						assert.Contains(t, res.Header.Get("Content-Type"), "text/plain; version=0.0.4")
					}},
				{name: "promhttp gzip", path: "/metrics", header: http.Header{"Accept-Encoding": {"gzip"}}, status: 200,
					want: "\x1f\x8b", has: true, // the gzip magic number
					check: func(t *testing.T, res *http.Response) {
						assert.Equal(t, "gzip", res.Header.Get("Content-Encoding"))
					}},
				{name: "pprof command line", path: "/debug/pprof/cmdline", status: 200, want: os.Args[0], has: true},
				{name: "file", path: "/files/hello.txt", status: 200, want: "hello, files",
					check: func(t *testing.T, res *http.Response) {
						assert.Equal(t, "text/plain; charset=utf-8", res.Header.Get("Content-Type"))
						assert.Equal(t, modified.Format(http.TimeFormat), res.Header.Get("Last-Modified"))
						assert.Equal(t, int64(12), res.ContentLength)
					}},
				{name: "file range", path: "/files/hello.txt", header: http.Header{"Range": {"bytes=7-11"}},
					status: 206, want: "files",
					check: func(t *testing.T, res *http.Response) {
						assert.Equal(t, "bytes 7-11/12", res.Header.Get("Content-Range"))
					}},
				{name: "file not modified", path: "/files/hello.txt",
					header: http.Header{"If-Modified-Since": {modified.Format(http.TimeFormat)}}, status: 304},
				{name: "directory listing", path: "/files/", status: 200, want: `<a href="hello.txt">hello.txt</a>`, has: true},
				{name: "missing file", path: "/files/nope.txt", status: 404, want: "404 page not found\n"},
			} {
				t.Run(tc.name, func(t *testing.T) {
					req := newRequest(t, "GET", base+tc.path, nil)
					for k, v := range tc.header {
						req.Header[k] = v
					}
					res, body := do(t, client, req)
					assert.Equal(t, tc.status, res.StatusCode)
					if tc.has {
						assert.Contains(t, body, tc.want)
					} else {
						assert.Equal(t, tc.want, body)
					}
					if tc.check != nil {
						tc.check(t, res)
					}
				})
			}
		})
	}
}

// upgrade is a net/http handler that takes over the connection as a
// websocket upgrade does, and then echoes lines back in capitals until the
// client closes. With writeHead it sets its headers and writes 101 before
// it hijacks, as coder/websocket does, and the server sends that head;
// without, it hijacks first and writes the head itself, as
// gorilla/websocket does.
func upgrade(done chan<- struct{}, writeHead bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if writeHead {
			w.Header().Set("Upgrade", "echo")
			w.Header().Set("Connection", "Upgrade")
			w.WriteHeader(http.StatusSwitchingProtocols)
		}
		conn, rw, err := http.NewResponseController(w).Hijack()
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		defer close(done)
		defer conn.Close()
		if !writeHead {
			fmt.Fprint(rw, "HTTP/1.1 101 Switching Protocols\r\nUpgrade: echo\r\nConnection: Upgrade\r\n\r\n")
			rw.Flush()
		}
		for {
			line, err := rw.ReadString('\n')
			if err != nil {
				return
			}
			rw.WriteString(strings.ToUpper(line))
			rw.Flush()
		}
	}
}

// dialUpgrade asks addr for an upgrade, sending early right after the
// request, and returns the connection and the answer's head.
func dialUpgrade(t *testing.T, addr, early string) (net.Conn, *bufio.Reader, *http.Response) {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	require.NoError(t, err)
	t.Cleanup(func() { conn.Close() })
	require.NoError(t, conn.SetDeadline(time.Now().Add(5*time.Second)))
	fmt.Fprint(conn, "GET /ws HTTP/1.1\r\nHost: test\r\nUpgrade: echo\r\nConnection: Upgrade\r\n\r\n"+early)
	r := bufio.NewReader(conn)
	res, err := http.ReadResponse(r, nil)
	require.NoError(t, err)
	return conn, r, res
}

// TestFromHTTPHijack runs a hijacking net/http handler inside Iron on the
// HTTP/1.1 servers: the 101 it writes before Hijack reaches the client
// (under http.Server it used to be dropped), bytes the client sent after the
// request are the new protocol's, and the handler keeps the connection
// until the client closes it.
func TestFromHTTPHijack(t *testing.T) {
	for _, srv := range servers {
		if srv.proto != "HTTP/1.1" {
			continue
		}
		for _, writeHead := range []bool{true, false} {
			t.Run(fmt.Sprintf("%s/writeHead=%v", srv.name, writeHead), func(t *testing.T) {
				done := make(chan struct{})
				base, _ := srv.start(t, httpadapter.FromHTTP(upgrade(done, writeHead)))
				conn, r, res := dialUpgrade(t, strings.TrimPrefix(base, "http://"), "early\n")
				assert.Equal(t, http.StatusSwitchingProtocols, res.StatusCode)
				assert.Equal(t, "echo", res.Header.Get("Upgrade"))
				assert.Equal(t, "Upgrade", res.Header.Get("Connection"))
				line, err := r.ReadString('\n')
				require.NoError(t, err)
				assert.Equal(t, "EARLY\n", line, "bytes sent after the request belong to the new protocol")
				fmt.Fprint(conn, "ping\n")
				line, err = r.ReadString('\n')
				require.NoError(t, err)
				assert.Equal(t, "PING\n", line)
				conn.Close()
				select {
				case <-done:
				case <-time.After(5 * time.Second):
					t.Fatal("the hijacking handler did not end with its connection")
				}
			})
		}
	}
}

// Over HTTP/2 no connection can be handed over: the handler's Hijack fails
// and the client gets a 501 that says why.
func TestFromHTTPHijackOverHTTP2Is501(t *testing.T) {
	base, client := serveTLS(t, httpadapter.Handler(httpadapter.FromHTTP(upgrade(make(chan struct{}), true)),
		httpadapter.Logger(quiet)))
	res, body := do(t, client, newRequest(t, "GET", base+"/ws", nil))
	assert.Equal(t, "HTTP/2.0", res.Proto)
	assert.Equal(t, http.StatusNotImplemented, res.StatusCode)
	assert.Equal(t, httpadapter.ErrHijackUnsupported.Error()+"\n", body)
}

// TestSameChainOnBothServers checks that one Iron handler answers the same,
// with the same defaults, on the engine and under http.Server.
func TestSameChainOnBothServers(t *testing.T) {
	h := iron.HandlerFunc(func(req *iron.Request) (*iron.Response, error) {
		return iron.With(http.StatusOK, "hello "+req.Query().Get("name")), nil
	})
	for _, srv := range servers {
		t.Run(srv.name, func(t *testing.T) {
			base, client := srv.start(t, h)
			res, body := do(t, client, newRequest(t, "GET", base+"/?name=iron", nil))
			assert.Equal(t, 200, res.StatusCode)
			assert.Equal(t, srv.proto, res.Proto)
			assert.Equal(t, "hello iron", body)
			assert.Equal(t, int64(10), res.ContentLength)
			assert.Equal(t, iron.DefaultContentType, res.Header.Get("Content-Type"))
		})
	}
}
