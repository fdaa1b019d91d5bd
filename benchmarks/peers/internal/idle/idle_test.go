package idle_test

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/iron-go/iron/benchmarks/peers/internal/idle"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func hello(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte("Hello, World!")) }

func skipWithoutProc(t *testing.T) {
	if _, err := os.Stat("/proc/self/status"); err != nil {
		t.Skip("no /proc on this system")
	}
}

// A server that holds idle connections without harm passes, and every
// figure is filled in. The server runs in the test process, whose memory
// stands in for a server's.
func TestRunOnAHealthyServer(t *testing.T) {
	skipWithoutProc(t)
	srv := httptest.NewServer(http.HandlerFunc(hello))
	defer srv.Close()
	r, err := idle.Run(context.Background(), srv.Listener.Addr().String(), os.Getpid(),
		idle.Options{Conns: 50, Probes: 5, Reuse: 10, Settle: 10 * time.Millisecond})
	require.NoError(t, err)
	assert.Equal(t, 50, r.Wanted)
	assert.Equal(t, 50, r.Opened)
	assert.Zero(t, r.OpenFailures)
	assert.Equal(t, idle.Probe{Count: 5, P50: r.FreshBefore.P50, Max: r.FreshBefore.Max}, r.FreshBefore)
	assert.Positive(t, r.FreshWith.P50)
	assert.Equal(t, 10, r.ReuseTried)
	assert.Equal(t, 10, r.ReuseOK)
	assert.Positive(t, r.RSSBeforeKiB)
	assert.Positive(t, r.ThreadsWith)
	assert.Equal(t, "ok", r.Verdict())
}

// limitListener serves at most n connections at once; others wait in the
// kernel's backlog, as behind a bounded pool of connection slots.
type limitListener struct {
	net.Listener
	slots chan struct{}
}

type slotConn struct {
	net.Conn
	once    sync.Once
	release func()
}

func (c *slotConn) Close() error {
	c.once.Do(c.release)
	return c.Conn.Close()
}

func (l *limitListener) Accept() (net.Conn, error) {
	l.slots <- struct{}{}
	c, err := l.Listener.Accept()
	if err != nil {
		<-l.slots
		return nil, err
	}
	return &slotConn{Conn: c, release: func() { <-l.slots }}, nil
}

// A server whose connections take slots from a fixed pool cannot hold the
// idle connections: the test ends within its bounds and says DEGRADED.
func TestRunOnAServerWithConnectionSlots(t *testing.T) {
	skipWithoutProc(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	srv := &http.Server{Handler: http.HandlerFunc(hello)}
	var wg sync.WaitGroup
	wg.Go(func() { _ = srv.Serve(&limitListener{Listener: ln, slots: make(chan struct{}, 5)}) })
	defer wg.Wait()
	defer srv.Close()

	start := time.Now()
	r, err := idle.Run(context.Background(), ln.Addr().String(), os.Getpid(),
		idle.Options{Conns: 40, Probes: 3, MaxProbeFailures: 2, ProbeTimeout: 200 * time.Millisecond,
			OpenTimeout: 3 * time.Second, MaxOpenFailures: 5, Reuse: 5, Settle: 10 * time.Millisecond})
	require.NoError(t, err)
	assert.Less(t, time.Since(start), 15*time.Second)
	assert.Less(t, r.Opened, 40)
	assert.Positive(t, r.FreshWith.Failed)
	assert.Contains(t, r.Verdict(), "DEGRADED")
	assert.Contains(t, r.Verdict(), "of 40")
}

func TestReport(t *testing.T) {
	r := idle.Report{Wanted: 10, Opened: 10, RSSBeforeKiB: 1000, RSSWithKiB: 1045, ReuseTried: 2, ReuseOK: 2}
	assert.InDelta(t, 4.5, r.KiBPerConn(), 1e-9)
	assert.Equal(t, "ok", r.Verdict())
	r.ReuseOK = 1
	r.FreshWith.Failed = 3
	assert.Equal(t, "DEGRADED (3 fresh request(s) failed with idle connections open; 1 of 2 idle connections did not answer again)", r.Verdict())
	assert.Zero(t, idle.Report{}.KiBPerConn())
}

func TestRaiseFileLimit(t *testing.T) {
	got, err := idle.RaiseFileLimit(256)
	require.NoError(t, err)
	assert.GreaterOrEqual(t, got, uint64(256))
}
