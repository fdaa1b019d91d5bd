package main

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/iron-go/iron/internal/component"
)

// deploy as a user runs it: one command starts Redis, three instances and
// nginx and says where; Enter restarts the instances one at a time; Ctrl-C
// drains the instances, stops everything and exits 0.
func TestCommand(t *testing.T) {
	component.Path(t, "nginx", "nginx-light")
	component.Path(t, "redis-server", "redis-server")
	site := testSite(t)
	port := freePortRun(t, 4)

	cmd := exec.Command(os.Args[0], "--", "-lb", "nginx", "-port", strconv.Itoa(port), "-drain-period", "500ms", "-site", site)
	cmd.Env = append(os.Environ(), runMainEnv+"=1")
	stdin, err := cmd.StdinPipe()
	require.NoError(t, err)
	stderr, err := cmd.StderrPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())

	var mu sync.Mutex
	var output strings.Builder
	lines := make(chan string, 100)
	exited := make(chan error, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			mu.Lock()
			output.WriteString(sc.Text() + "\n")
			mu.Unlock()
			select {
			case lines <- sc.Text():
			default:
			}
		}
		exited <- cmd.Wait()
	}()
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			_ = cmd.Process.Signal(syscall.SIGTERM)
			<-exited
		}
		if t.Failed() {
			mu.Lock()
			t.Logf("deploy's output:\n%s", output.String())
			mu.Unlock()
		}
	})
	waitLine := func(pattern string, timeout time.Duration) []string {
		t.Helper()
		re := regexp.MustCompile(pattern)
		deadline := time.After(timeout)
		for {
			select {
			case l := <-lines:
				if m := re.FindStringSubmatch(l); m != nil {
					return m
				}
			case err := <-exited:
				exited <- err
				t.Fatalf("deploy exited (%v) before logging %q", err, pattern)
			case <-deadline:
				t.Fatalf("deploy did not log %q in %v", pattern, timeout)
			}
		}
	}

	url := waitLine(`msg="deploy: serving" url=(\S+) lb=nginx instances="\[127.0.0.1:`+strconv.Itoa(port+1)+` 127.0.0.1:`+strconv.Itoa(port+2)+` 127.0.0.1:`+strconv.Itoa(port+3)+`\]"`, 60*time.Second)[1]
	assert.Equal(t, "http://127.0.0.1:"+strconv.Itoa(port), url)
	get := func(url string) (int, error) {
		res, err := http.Get(url)
		if err != nil {
			return 0, err
		}
		defer res.Body.Close()
		_, _ = io.Copy(io.Discard, res.Body)
		return res.StatusCode, nil
	}
	status, err := get(url + "/api/me")
	require.NoError(t, err)
	assert.Equal(t, http.StatusUnauthorized, status, "the site answers through nginx")
	waitLine(`msg="deploy: rolling restart: press Enter, or kill -HUP \d+; stop: Ctrl-C"`, 5*time.Second)

	_, err = io.WriteString(stdin, "\n")
	require.NoError(t, err)
	for i := 1; i <= 3; i++ {
		waitLine(`msg="deploy: back behind nginx" instance=site-`+strconv.Itoa(i), 30*time.Second)
	}
	waitLine(`msg="deploy: rolling restart done" restarts=3`, 5*time.Second)

	require.NoError(t, cmd.Process.Signal(os.Interrupt)) // Ctrl-C
	waitLine(`msg="deploy: stopped"`, 60*time.Second)
	select {
	case err := <-exited:
		require.NoError(t, err, "exit status 0")
	case <-time.After(10 * time.Second):
		t.Fatal("deploy did not exit after stopping")
	}
	for i := range 4 {
		_, err := get("http://127.0.0.1:" + strconv.Itoa(port+i) + "/healthz")
		assert.Error(t, err, "nothing listens on port %d any more", port+i)
	}
	mu.Lock()
	defer mu.Unlock()
	for i := 1; i <= 3; i++ {
		assert.Contains(t, output.String(), `msg="deploy: exited" instance=site-`+strconv.Itoa(i), "restarted with SIGTERM, exited 0")
	}
}

// freePortRun returns a port p such that p to p+n-1 on 127.0.0.1 were free a
// moment ago, below the range the kernel picks ephemeral ports from, so
// that no connection takes one meanwhile.
func freePortRun(t *testing.T, n int) int {
	t.Helper()
	for p := 20000 + os.Getpid()%5000*2; p < 32000; p += n {
		free := true
		for i := range n {
			l, err := net.Listen("tcp", "127.0.0.1:"+strconv.Itoa(p+i))
			if err != nil {
				free = false
				break
			}
			l.Close()
		}
		if free {
			return p
		}
	}
	t.Fatal("no run of free ports")
	return 0
}
