// Package component runs the real programs some tests need — nginx, HAProxy,
// redis-server, Chromium — on loopback ports, and stops them when the test
// ends.
//
// A test whose program is not installed skips with a message that names the
// Debian package to install, so that `go test ./...` passes on a bare
// machine; with IRON_REQUIRE_COMPONENTS=1 in the environment (.ci/run sets
// it) the same test fails instead, so CI never passes by skipping.
package component

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"
)

// RequireEnv is the environment variable that turns a missing component into
// a test failure.
const RequireEnv = "IRON_REQUIRE_COMPONENTS"

// Path returns the path of the named program, looked up in PATH and then in
// the given extra directories (for programs Debian installs under /usr/sbin).
// When it is not found the test skips, naming debPackage, or fails when
// [RequireEnv] is "1".
func Path(t testing.TB, program, debPackage string, extraDirs ...string) string {
	t.Helper()
	if p, err := exec.LookPath(program); err == nil {
		return p
	}
	for _, dir := range append(extraDirs, "/usr/sbin", "/usr/local/sbin", "/sbin") {
		p := dir + "/" + program
		if st, err := os.Stat(p); err == nil && !st.IsDir() && st.Mode()&0o111 != 0 {
			return p
		}
	}
	msg := fmt.Sprintf("component: %s is not installed (Debian package %q: apt-get install -y %s)", program, debPackage, debPackage)
	if os.Getenv(RequireEnv) == "1" {
		t.Fatal(msg + "; " + RequireEnv + "=1 makes this a failure")
	}
	fmt.Fprintln(os.Stderr, "SKIP "+t.Name()+": "+msg)
	t.Skip(msg)
	return ""
}

// FreePort returns a TCP port on 127.0.0.1 that was free a moment ago.
func FreePort(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("component: free port: %v", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// Addr returns "127.0.0.1:port" for a port from [FreePort].
func Addr(t testing.TB) string {
	return "127.0.0.1:" + strconv.Itoa(FreePort(t))
}

// Process is a program started by [Start].
type Process struct {
	Cmd *exec.Cmd

	mu     sync.Mutex
	output bytes.Buffer
	done   chan struct{}
	err    error
}

// Output returns what the program wrote to stdout and stderr so far.
func (p *Process) Output() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.output.String()
}

func (p *Process) Write(b []byte) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.output.Write(b)
}

// Done is closed when the program has exited.
func (p *Process) Done() <-chan struct{} { return p.done }

// Err returns how the program exited, once Done is closed.
func (p *Process) Err() error { <-p.done; return p.err }

// Signal sends sig to the program.
func (p *Process) Signal(sig os.Signal) error { return p.Cmd.Process.Signal(sig) }

// Stop asks the program to end with SIGTERM and kills it if it has not after
// grace. It is safe to call more than once.
func (p *Process) Stop(grace time.Duration) {
	select {
	case <-p.done:
		return
	default:
	}
	_ = p.Cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.done:
	case <-time.After(grace):
		_ = p.Cmd.Process.Kill()
		<-p.done
	}
}

// Start runs the program with args until the test ends (then [Process.Stop]
// with a 5 s grace). Its output is kept, and written to the test log when the
// test fails.
func Start(t testing.TB, program string, args ...string) *Process {
	t.Helper()
	p := &Process{Cmd: exec.Command(program, args...), done: make(chan struct{})}
	p.Cmd.Stdout, p.Cmd.Stderr = p, p
	p.Cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := p.Cmd.Start(); err != nil {
		t.Fatalf("component: start %s: %v", program, err)
	}
	go func() { p.err = p.Cmd.Wait(); close(p.done) }()
	t.Cleanup(func() {
		p.Stop(5 * time.Second)
		if t.Failed() {
			t.Logf("component: output of %s:\n%s", program, p.Output())
		}
	})
	return p
}

// WaitListening waits until addr accepts TCP connections, the process exits,
// or timeout passes; the last two fail the test.
func WaitListening(t testing.TB, p *Process, addr string, timeout time.Duration) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	var d net.Dialer
	for {
		c, err := d.DialContext(ctx, "tcp", addr)
		if err == nil {
			c.Close()
			return
		}
		select {
		case <-p.Done():
			t.Fatalf("component: %s exited before listening on %s: %v\n%s", p.Cmd.Path, addr, p.Err(), p.Output())
		case <-ctx.Done():
			t.Fatalf("component: %s not listening on %s after %v: %v\n%s", p.Cmd.Path, addr, timeout, errors.Join(err, ctx.Err()), p.Output())
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// RunMainInstead runs the program's main, not its tests, when the test binary
// was started with env set to "1": it hands main the arguments after "--"
// and exits when main returns. A test can so start its own package's program
// as a process, as a user runs it, without building it (os.Args[0] with env
// set, then "--" and the program's flags). Call it first in TestMain.
func RunMainInstead(env string, main func()) {
	if os.Getenv(env) != "1" {
		return
	}
	for i, a := range os.Args {
		if a == "--" {
			os.Args = append([]string{os.Args[0]}, os.Args[i+1:]...)
			break
		}
	}
	main()
	os.Exit(0)
}
