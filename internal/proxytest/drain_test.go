package proxytest_test

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/engine"
	"github.com/iron-go/iron/ext/health"
	"github.com/iron-go/iron/internal/proxytest"
)

// The drain settings of the restart test: HAProxy checks /readyz every
// checkInterval and takes an instance out after one failure, well within
// drainPeriod. An instance is down for downtime between its drain and its
// restart, as a process is while it exits and starts again.
const (
	drainPeriod   = time.Second
	checkInterval = 200 * time.Millisecond
	downtime      = 300 * time.Millisecond
)

// TestDrainBehindProxies restarts each of three engine instances in turn,
// with Drain, behind nginx and HAProxy (keep-alive to the upstreams) while
// four clients send GETs and POSTs through the proxy: no request may fail,
// no answer may be wrong, and the proxy must log no upstream connection
// reset or closed under a request. nginx has no active health checks: it
// keeps sending to a draining instance until its connections are refused,
// which it retries on another instance (its default proxy_next_upstream
// error; refused connections carried no request). HAProxy checks /readyz
// and retries nothing.
func TestDrainBehindProxies(t *testing.T) {
	for _, tc := range []struct {
		name  string
		start func(t testing.TB, upstreams []string) *proxytest.Proxy
		// settle is how long a restarted instance takes to be used again:
		// nginx's fail_timeout (1 s, from HealthCheck), HAProxy's check.
		settle time.Duration
	}{
		{"nginx", func(t testing.TB, up []string) *proxytest.Proxy {
			return proxytest.Nginx(t, up, proxytest.Retry(2), proxytest.HealthCheck("/readyz", time.Second))
		}, 1200 * time.Millisecond},
		{"haproxy", func(t testing.TB, up []string) *proxytest.Proxy {
			return proxytest.HAProxy(t, up, proxytest.HealthCheck("/readyz", checkInterval))
		}, 3 * checkInterval},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var instances []*instance
			var addrs []string
			for range 3 {
				in := startInstance(t)
				instances = append(instances, in)
				addrs = append(addrs, in.addr)
			}
			p := tc.start(t, addrs)
			load := startLoad(t, p.URL, 4)
			time.Sleep(500 * time.Millisecond)
			restarts := 0
			for _, in := range instances {
				took := in.restart(t)
				restarts++
				t.Logf("%s: drained and restarted in %v", in.addr, took.Round(time.Millisecond))
				time.Sleep(tc.settle)
			}
			counts := load.stop()
			refused := 0
			var resets []string
			for _, line := range p.UpstreamErrors() {
				if strings.Contains(line, "while connecting to upstream") {
					// A connection refused (or reset in its handshake)
					// carried no request: nginx logs it and retries.
					refused++
				} else {
					resets = append(resets, line)
				}
			}
			t.Logf("behind %s: %d requests: %s; %d restarts (drain period %v); failed connects retried: %d",
				tc.name, load.total(), outcomes(counts), restarts, drainPeriod, refused)

			assert.Equal(t, map[string]int{"200": load.total()}, counts, "every request answered 200, whole")
			assert.Greater(t, load.total(), 100)
			assert.Empty(t, resets, "no upstream connection failed under a request")
		})
	}
}

// instance is an engine serving on a fixed loopback address, restarted
// there by the test.
type instance struct {
	addr   string
	e      atomic.Pointer[engine.Engine]
	served chan error
}

// Draining makes the instance the health.Drainer of its readiness probe.
func (in *instance) Draining() bool { return in.e.Load().Draining() }

func startInstance(t *testing.T) *instance {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	in := &instance{addr: l.Addr().String()}
	in.serve(t, l)
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		assert.NoError(t, in.e.Load().Shutdown(ctx))
		assert.ErrorIs(t, <-in.served, engine.ErrServerClosed)
	})
	return in
}

func (in *instance) serve(t *testing.T, l net.Listener) {
	ready := health.Ready(in)
	app := iron.HandlerFunc(func(req *iron.Request) (*iron.Response, error) {
		switch req.Path() {
		case "/readyz":
			return ready(req)
		case "/note":
			return echo(req)
		}
		time.Sleep(time.Duration(rand.IntN(3)) * time.Millisecond) // a request in flight now and then
		return iron.With(http.StatusOK, "page"), nil
	})
	e := engine.New(app, engine.DrainPeriod(drainPeriod), engine.Logger(slog.New(slog.DiscardHandler)))
	in.e.Store(e)
	in.served = make(chan error, 1)
	go func() { in.served <- e.Serve(l) }()
	require.Eventually(t, func() bool { return e.Addr() != nil }, 2*time.Second, time.Millisecond)
}

// restart drains the instance's engine, as its main does on SIGTERM, then
// serves a new one on the same address, and reports how long that took.
func (in *instance) restart(t *testing.T) time.Duration {
	t.Helper()
	began := time.Now()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	require.NoError(t, in.e.Load().Drain(ctx))
	require.ErrorIs(t, <-in.served, engine.ErrServerClosed)
	time.Sleep(downtime)
	l, err := net.Listen("tcp", in.addr)
	require.NoError(t, err)
	in.serve(t, l)
	return time.Since(began)
}

// load is clients sending requests through a proxy until stopped, each on
// its own keep-alive connections: GETs, and POSTs whose echo is checked.
type load struct {
	stopped chan struct{}
	wg      sync.WaitGroup
	mu      sync.Mutex
	counts  map[string]int
	n       int
}

func startLoad(t *testing.T, url string, clients int) *load {
	l := &load{stopped: make(chan struct{}), counts: map[string]int{}}
	for i := range clients {
		tr := &http.Transport{MaxIdleConnsPerHost: 2, DisableCompression: true}
		t.Cleanup(tr.CloseIdleConnections)
		c := &http.Client{Transport: tr, Timeout: 10 * time.Second}
		l.wg.Go(func() {
			for n := 0; ; n++ {
				select {
				case <-l.stopped:
					return
				default:
				}
				l.record(sendOne(c, url, i, n))
			}
		})
	}
	return l
}

// sendOne makes one request and returns its outcome: the status when the
// answer is right, else what went wrong.
func sendOne(c *http.Client, url string, client, n int) string {
	var res *http.Response
	var err error
	var sum [sha256.Size]byte
	size := 0
	if n%2 == 0 {
		res, err = c.Get(url + "/page")
	} else {
		size = 1 << (rand.IntN(7) + 10) // 1 KiB to 64 KiB
		body := strings.Repeat(fmt.Sprintf("%d-%d ", client, n), size)[:size]
		sum = sha256.Sum256([]byte(body))
		res, err = c.Post(url+"/note", "text/plain", strings.NewReader(body))
	}
	if err != nil {
		var ne net.Error
		if errors.As(err, &ne) && ne.Timeout() {
			return "timeout"
		}
		return "error: " + err.Error()
	}
	b, err := io.ReadAll(res.Body)
	res.Body.Close()
	switch {
	case err != nil:
		return "body error: " + err.Error()
	case res.StatusCode != http.StatusOK:
		return fmt.Sprint(res.StatusCode)
	case size > 0 && string(b) != echoOf(int64(size), sum[:]):
		return "wrong echo"
	}
	return "200"
}

func (l *load) record(outcome string) {
	l.mu.Lock()
	l.counts[outcome]++
	l.n++
	l.mu.Unlock()
}

// stop ends the load and returns the outcomes counted.
func (l *load) stop() map[string]int {
	close(l.stopped)
	l.wg.Wait()
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.counts
}

func (l *load) total() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.n
}

// outcomes lists counts in a stable order, for logs.
func outcomes(m map[string]int) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		fmt.Fprintf(&b, "%s ×%d ", k, m[k])
	}
	return strings.TrimSpace(b.String())
}
