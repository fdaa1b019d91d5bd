package main

import (
	"bufio"
	"context"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The site as a process, as a load balancer's host runs it: on SIGTERM it
// ends its event streams, lets requests finish, says so in its log and
// exits 0. The test binary runs main itself (see TestMain), so nothing is
// built.
func TestSIGTERM(t *testing.T) {
	cmd := exec.Command(os.Args[0], "--", "-addr", "127.0.0.1:0")
	cmd.Env = append(os.Environ(), runMainEnv+"=1", secretEnv+"="+testSecret)
	stderr, err := cmd.StderrPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	exited := make(chan error, 1)
	var output strings.Builder
	var mu sync.Mutex
	addr := make(chan string, 1)
	go func() {
		listening := regexp.MustCompile(`msg="site: listening" url=(http://\S+)`)
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			mu.Lock()
			output.WriteString(sc.Text() + "\n")
			mu.Unlock()
			if m := listening.FindStringSubmatch(sc.Text()); m != nil {
				addr <- m[1]
			}
		}
		exited <- cmd.Wait()
	}()
	logged := func() string { mu.Lock(); defer mu.Unlock(); return output.String() }
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
			<-exited
		}
		if t.Failed() {
			t.Logf("the site's log:\n%s", logged())
		}
	})

	var base string
	select {
	case base = <-addr:
	case err := <-exited:
		t.Fatalf("the site exited at start: %v", err)
	case <-time.After(30 * time.Second):
		t.Fatal("the site did not start in 30 s")
	}

	// A client on the event stream, which would last for ever.
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"/api/clock", nil)
	require.NoError(t, err)
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	stream := bufio.NewReader(res.Body)
	readEvents(t, stream, 1)

	require.NoError(t, cmd.Process.Signal(syscall.SIGTERM))
	streamEnded := make(chan error, 1)
	go func() { _, err := io.Copy(io.Discard, stream); streamEnded <- err }()
	select {
	case err := <-streamEnded:
		assert.NoError(t, err, "the stream ends cleanly, not cut")
	case <-time.After(20 * time.Second):
		t.Fatal("the event stream did not end on SIGTERM")
	}
	select {
	case err := <-exited:
		require.NoError(t, err, "exit status 0")
	case <-time.After(20 * time.Second):
		t.Fatal("the site did not exit on SIGTERM")
	}
	assert.Contains(t, logged(), `msg="site: shutting down"`)
	assert.Contains(t, logged(), `msg="site: stopped"`)
	_, err = http.Get(base + "/healthz")
	assert.Error(t, err, "nothing listens any more")
}

// With a drain period, the site goes on serving after SIGTERM: /readyz fails
// at once, so that a load balancer stops sending requests here, while every
// request that still comes, on a new connection or a kept-alive one, is
// served with Connection: close; then it stops.
func TestDrainPeriod(t *testing.T) {
	const period = 1500 * time.Millisecond
	cfg := config{addr: "127.0.0.1:0", log: discardLog(), drainPeriod: period}
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	addrs := make(chan net.Addr, 1)
	done := make(chan error, 1)
	go func() { done <- run(ctx, cfg, func(a net.Addr) { addrs <- a }) }()
	var base string
	select {
	case a := <-addrs:
		base = "http://" + a.String()
	case err := <-done:
		t.Fatalf("the site did not start: %v", err)
	}
	kept := &http.Client{Timeout: 5 * time.Second}
	t.Cleanup(kept.CloseIdleConnections)
	get := func(c *http.Client, path string) *http.Response {
		t.Helper()
		res, err := c.Get(base + path)
		require.NoError(t, err, path)
		_, _ = io.Copy(io.Discard, res.Body)
		res.Body.Close()
		return res
	}
	res := get(kept, "/readyz")
	require.Equal(t, http.StatusOK, res.StatusCode)
	assert.False(t, res.Close, "kept alive before the drain")

	stopped := time.Now()
	cancel()
	require.Eventually(t, func() bool { return get(&http.Client{}, "/readyz").StatusCode == http.StatusServiceUnavailable },
		time.Second, 10*time.Millisecond, "/readyz fails at once")
	res = get(kept, "/healthz") // on the connection kept from before
	assert.Equal(t, http.StatusOK, res.StatusCode, "still served")
	assert.True(t, res.Close, "Connection: close")
	res = get(&http.Client{}, "/api/me") // a new connection
	assert.Equal(t, http.StatusUnauthorized, res.StatusCode, "an error answer, still served")
	assert.True(t, res.Close, "Connection: close on an error's answer too")

	select {
	case err := <-done:
		require.NoError(t, err)
		assert.GreaterOrEqual(t, time.Since(stopped), period, "not before the drain period ended")
	case <-time.After(period + 20*time.Second):
		t.Fatal("the site did not stop after its drain period")
	}
	_, err := http.Get(base + "/healthz")
	assert.Error(t, err, "nothing listens any more")
}
