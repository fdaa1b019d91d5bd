package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/iron-go/iron/internal/component"
)

// Knobs for measuring by hand, e.g. without a drain period:
//
//	go test ./examples/deploy -run RollingRestart -v -args -drain-period 0 -rounds 4
var (
	rounds      = flag.Int("rounds", 2, "rolling restarts of every instance, per load balancer")
	drainPeriod = flag.Duration("drain-period", 3*time.Second, "the instances' drain period")
)

// testCheck makes HAProxy notice a draining instance within Detect (1.35 s;
// the drain period of 3 s leaves a margin for a machine busy with other
// tests) and a ready one within about Join (0.35 s), so that a restart
// takes about 4 s.
var testCheck = healthCheck{
	Interval:     250 * time.Millisecond,
	FastInterval: 100 * time.Millisecond,
	DownInterval: 250 * time.Millisecond,
	Timeout:      500 * time.Millisecond,
	Fall:         2,
	Rise:         2,
}

// The load.
const (
	browsers = 6                     // signed-in users, each from its own address
	pause    = 20 * time.Millisecond // between two requests of one browser: a bounded load
	settle   = time.Second           // load before the first restart and after the last
)

// A rolling restart under load, through nginx and through HAProxy: several
// signed-in users read pages and add notes while each instance in turn gets
// SIGTERM, drains, exits and is started again. Not one request may fail (no
// 5xx, no reset, no timeout), every note the site acknowledged must be there
// afterwards, and nobody may be signed out: sessions, notes and sign-in
// counters live in Redis, so any instance serves any request.
func TestRollingRestart(t *testing.T) {
	site := testSite(t)
	for _, lb := range []string{"nginx", "haproxy"} {
		t.Run(lb, func(t *testing.T) { rollUnderLoad(t, lb, site) })
	}
}

func rollUnderLoad(t *testing.T, lb, site string) {
	b := balancers[lb]
	proxy := component.Path(t, b.program, b.debPackage)
	redisServer := component.Path(t, "redis-server", "redis-server")
	if lb == "haproxy" && *drainPeriod > 0 {
		require.Greater(t, *drainPeriod, testCheck.Detect(), "the drain period must outlast HAProxy's detection")
	}
	o := options{
		lb:          lb,
		listen:      component.Addr(t),
		dir:         deployDir(t),
		site:        site,
		redisServer: redisServer,
		proxy:       proxy,
		check:       testCheck,
		failTimeout: time.Second,
		drainPeriod: *drainPeriod,
		log:         slog.New(slog.NewTextHandler(testLog{t}, nil)),
	}
	for range 3 {
		o.instances = append(o.instances, component.Addr(t))
	}
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Minute)
	defer cancel()
	c, err := start(ctx, o)
	require.NoError(t, err)
	stopped := false
	t.Cleanup(func() {
		if !stopped {
			_ = c.stop()
		}
		if t.Failed() {
			for _, f := range c.logFiles() {
				t.Logf("the end of %s:\n%s", f, tail(f, 30))
			}
		}
	})

	tl := newTally()
	var users []*browser
	for i := range browsers {
		user, password := "alice", "wonderland"
		if i%2 == 1 {
			user, password = "bob", "builder"
		}
		u := newBrowser(t, "http://"+o.listen, "127.0.0."+strconv.Itoa(10+i), user, password, tl)
		require.NoError(t, u.signIn())
		users = append(users, u)
	}

	loadCtx, stopLoad := context.WithCancel(ctx)
	var wg sync.WaitGroup
	for _, u := range users {
		wg.Go(func() { u.run(loadCtx, pause) })
	}
	began := time.Now()
	rolled := func() error {
		defer stopLoad()
		if err := sleep(ctx, settle); err != nil {
			return err
		}
		for range *rounds {
			if err := c.roll(ctx); err != nil {
				return err
			}
		}
		return sleep(ctx, settle)
	}()
	wg.Wait()
	took := time.Since(began)
	require.NoError(t, rolled)

	// Every note acknowledged is there, read through the load balancer, by
	// a browser still signed in.
	for _, u := range users {
		status, body, err := u.do(http.MethodGet, "/api/notes", "", nil)
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, status, "%s: %s", u.name, body)
		kept := map[int64]string{}
		for _, n := range decodeNotes(t, body) {
			kept[n.ID] = n.Text
		}
		missing := 0
		for id, text := range u.acked {
			if kept[id] != text {
				missing++
			}
		}
		assert.Zero(t, missing, "%s: notes acknowledged with 201 but not listed, of %d", u.name, len(u.acked))
		assert.NotEmpty(t, u.acked, "%s added notes", u.name)
	}

	err = c.stop()
	stopped = true
	assert.NoError(t, err, "every instance drained and exited 0")

	pl := readProxyLog(t, lb, o.dir)
	t.Logf("%s: %d restarts in %v under load (drain period %v): %s", lb, c.restarted(), took.Round(time.Millisecond), *drainPeriod, tl.summary())
	t.Logf("%s: %s", lb, pl)
	for _, f := range tl.failures {
		t.Logf("failed: %s", f)
	}
	for _, l := range pl.retriedLines {
		t.Logf("retried by %s: %s", lb, l)
	}
	for _, l := range pl.errorLines {
		t.Logf("upstream error in %s's log: %s", lb, l)
	}

	assert.Equal(t, *rounds*len(o.instances), c.restarted(), "restarts")
	assert.Zero(t, tl.failed, "failed requests (see the log above)")
	assert.Zero(t, tl.signedOut, "answers to a signed-out browser")
	assert.GreaterOrEqual(t, tl.requests, 100*browsers, "the load ran")
	for _, addr := range o.instances {
		assert.Positive(t, pl.byInstance[addr], "%s served requests through %s", addr, lb)
	}
}

// deployDir is the test's deploy directory. nginx, started as root, runs its
// workers as an unprivileged user that must reach its temporary files here:
// the directory is open to all, as deploy makes it (t.TempDir's parent is
// not).
func deployDir(t *testing.T) string {
	dir, err := os.MkdirTemp("", "iron-deploy-test-")
	require.NoError(t, err)
	require.NoError(t, os.Chmod(dir, 0o755))
	t.Cleanup(func() { os.RemoveAll(dir) })
	return dir
}

func decodeNotes(t *testing.T, body string) []note {
	t.Helper()
	var notes []note
	require.NoError(t, json.Unmarshal([]byte(body), &notes), body)
	return notes
}

// proxyLog is what the load balancer's logs say of the requests it passed
// on.
type proxyLog struct {
	requests     int            // requests logged
	retried      int            // requests tried on more than one attempt
	attempts     int            // attempts beyond each request's first, in all
	byInstance   map[string]int // requests answered by each instance's address
	retriedLines []string       // the first retried requests' lines
	errorLines   []string       // the first lines that show a request failing
	errors       int            // how many such lines
	refused      int            // nginx: connections an instance refused (each request went on)
}

func (p proxyLog) String() string {
	return fmt.Sprintf("the proxy logged %d requests, %d of them retried (%d more attempts), %d connections refused, %d other upstream errors; answered by instance: %s",
		p.requests, p.retried, p.attempts, p.refused, p.errors, sorted(p.byInstance))
}

var (
	// nginx's log_format deploy: the instances tried, and their statuses.
	nginxUpstream = regexp.MustCompile(` upstream=\[([^\]]*)\] upstream_status=\[([^\]]*)\]`)
	// HAProxy's log-format: backend/server, timers, status, bytes,
	// termination state, retries.
	haproxyRequest = regexp.MustCompile(`\] web \S+/(\S+) \S+ (-?\d+) \S+ (\S+) retries=\+?(-?\d+) "`)
)

// readProxyLog reads the logs of nginx (the instances each request tried,
// in $upstream_addr; errors about upstreams in its error log) or HAProxy
// (the server that answered, the termination state, and %rc, the retries).
func readProxyLog(t *testing.T, lb, dir string) proxyLog {
	t.Helper()
	p := proxyLog{byInstance: map[string]int{}}
	failed := func(line string) {
		p.errors++
		if len(p.errorLines) < 10 {
			p.errorLines = append(p.errorLines, line)
		}
	}
	switch lb {
	case "nginx":
		for _, line := range lines(t, filepath.Join(dir, "nginx-access.log")) {
			m := nginxUpstream.FindStringSubmatch(line)
			if m == nil {
				continue
			}
			tried := strings.Split(m[1], ", ")
			p.count(line, tried[len(tried)-1], len(tried)-1)
		}
		for _, line := range lines(t, filepath.Join(dir, "nginx-error.log")) {
			switch {
			case !strings.Contains(line, "[error]") || !strings.Contains(line, "upstream"):
			case strings.Contains(line, "connect() failed (111: Connection refused)"):
				p.refused++ // an instance restarting: nothing was sent, the request went on
			default:
				failed(line)
			}
		}
	default:
		servers := haproxyServers(t, dir)
		for _, line := range lines(t, filepath.Join(dir, "haproxy.log")) {
			m := haproxyRequest.FindStringSubmatch(line)
			if m == nil {
				continue
			}
			more, _ := strconv.Atoi(m[4])
			p.count(line, servers[m[1]], more)
			// A 5xx, or a request that did not end normally ("----"): its
			// termination state says who ended it (C: the client, S: the
			// server) and when.
			if status, _ := strconv.Atoi(m[2]); status >= 500 || m[3][0] != '-' {
				failed(line)
			}
		}
	}
	return p
}

func (p *proxyLog) count(line, answered string, more int) {
	p.requests++
	p.byInstance[answered]++
	if more > 0 {
		p.retried++
		p.attempts += more
		if len(p.retriedLines) < 10 {
			p.retriedLines = append(p.retriedLines, line)
		}
	}
}

func lines(t *testing.T, file string) []string {
	t.Helper()
	b, err := os.ReadFile(file)
	require.NoError(t, err)
	return strings.Split(strings.TrimRight(string(b), "\n"), "\n")
}

// haproxyServers maps HAProxy's server names (site1...) to the instances'
// addresses, from its configuration.
func haproxyServers(t *testing.T, dir string) map[string]string {
	b, err := os.ReadFile(filepath.Join(dir, "haproxy.cfg"))
	require.NoError(t, err)
	servers := map[string]string{}
	for _, m := range regexp.MustCompile(`(?m)^\s*server (site\d+) (\S+)`).FindAllStringSubmatch(string(b), -1) {
		servers[m[1]] = m[2]
	}
	return servers
}

// testLog writes deploy's log lines to the test's log.
type testLog struct{ t *testing.T }

func (w testLog) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}
