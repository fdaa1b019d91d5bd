package wrk_test

import (
	"context"
	"errors"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/iron-go/iron/benchmarks/peers/internal/wrk"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestOptionsArgs(t *testing.T) {
	o := wrk.Options{URL: "http://127.0.0.1:1/json", Threads: 1, Connections: 64, Duration: 5 * time.Second, Latency: true}
	assert.Equal(t, []string{"-t1", "-c64", "-d5s", "--latency", "http://127.0.0.1:1/json"}, o.Args())
	o = wrk.Options{URL: "u", Threads: 2, Connections: 8, Duration: 300 * time.Millisecond, Script: "/tmp/p.lua"}
	assert.Equal(t, []string{"-t2", "-c8", "-d1s", "-s", "/tmp/p.lua", "u"}, o.Args(), "at least one second")
}

func TestScriptText(t *testing.T) {
	s := wrk.Script([]string{"/plaintext", "/json"}, 16)
	assert.Contains(t, s, `local paths = {"/plaintext", "/json"}`)
	assert.Contains(t, s, "local depth = 16")
	assert.Contains(t, wrk.Script([]string{"/a"}, 0), "local depth = 1", "depth below 1 is 1")
}

// requireWrk skips, naming the Debian package, when wrk is not installed
// (and fails under IRON_REQUIRE_COMPONENTS=1, as .ci/run sets).
func requireWrk(t *testing.T) {
	t.Helper()
	if _, err := wrk.Find(); err != nil {
		if os.Getenv("IRON_REQUIRE_COMPONENTS") == "1" {
			t.Fatal(err)
		}
		t.Skip(err)
	}
}

// batchCounter is a server that records the paths it is asked for and
// how many requests arrive in each read.
type batchCounter struct {
	mu       sync.Mutex
	paths    map[string]int
	maxBatch int
}

func (b *batchCounter) serve(c net.Conn) {
	defer c.Close()
	buf := make([]byte, 64<<10)
	var pending []byte
	for {
		n, err := c.Read(buf)
		if err != nil {
			return
		}
		pending = append(pending, buf[:n]...)
		batch := 0
		var out []byte
		for {
			i := strings.Index(string(pending), "\r\n\r\n")
			if i < 0 {
				break
			}
			line, _, _ := strings.Cut(string(pending[:i]), "\r\n")
			f := strings.Fields(line)
			b.mu.Lock()
			if len(f) == 3 {
				b.paths[f[1]]++
			}
			b.mu.Unlock()
			pending = pending[i+4:]
			batch++
			out = append(out, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"...)
		}
		b.mu.Lock()
		b.maxBatch = max(b.maxBatch, batch)
		b.mu.Unlock()
		if _, err := c.Write(out); err != nil {
			return
		}
	}
}

// The script runs in the real wrk: it sends depth requests per write and
// cycles through every path.
func TestScriptPipelinesInWrk(t *testing.T) {
	requireWrk(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	bc := &batchCounter{paths: map[string]int{}}
	var wg sync.WaitGroup
	wg.Go(func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			wg.Go(func() { bc.serve(c) })
		}
	})
	defer wg.Wait()
	defer ln.Close()

	script := filepath.Join(t.TempDir(), "pipeline.lua")
	require.NoError(t, os.WriteFile(script, []byte(wrk.Script([]string{"/plaintext", "/json", "/user/1"}, 8)), 0o644))
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	oc, err := wrk.Run(ctx, wrk.Options{URL: "http://" + ln.Addr().String() + "/", Threads: 1, Connections: 2,
		Duration: time.Second, Script: script, Latency: true})
	require.NoError(t, err, oc.Output)
	assert.Positive(t, oc.Requests)
	assert.Positive(t, oc.RPS)
	assert.Zero(t, oc.Errors.Total()+oc.Non2xx3xx)
	assert.Positive(t, oc.CPU, "wrk's own CPU time is read")

	bc.mu.Lock()
	defer bc.mu.Unlock()
	assert.Equal(t, 8, bc.maxBatch, "8 requests arrive in one read")
	for _, p := range []string{"/plaintext", "/json", "/user/1"} {
		assert.Positive(t, bc.paths[p], p)
	}
	assert.Len(t, bc.paths, 3)
}

func TestRunReportsAFailedWrk(t *testing.T) {
	requireWrk(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	require.NoError(t, ln.Close()) // nothing listens there now
	_, err = wrk.Run(context.Background(), wrk.Options{URL: "http://" + addr + "/", Threads: 1, Connections: 1, Duration: time.Second})
	require.Error(t, err)
	assert.False(t, errors.Is(err, wrk.ErrNotInstalled))
}
