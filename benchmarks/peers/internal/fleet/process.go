package fleet

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"syscall"
	"time"
)

// Process is a running server.
type Process struct {
	Server Server
	Addr   string
	PID    int
	cmd    *exec.Cmd
	log    *os.File
	done   chan struct{}
	err    error // the Wait result, set before done closes
}

// StartOptions are the ways a server may be started.
type StartOptions struct {
	// Taskset, when not empty, starts the server under "taskset -c Taskset".
	Taskset string
	// Env is added to the environment (e.g. GOMAXPROCS=1).
	Env []string
	// LogPath receives the server's stdout and stderr.
	LogPath string
	// Ready bounds the wait for the server to answer GET /plaintext.
	Ready time.Duration
}

// FreeAddr returns a loopback address with a port that was free a moment
// ago.
func FreeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// Start starts s on a free loopback port and waits until it answers
// GET /plaintext with any status (or o.Ready passes, or it exits). With
// Taskset, the process measured is taskset's, which execs the server: the
// PID stays the same.
func Start(ctx context.Context, s Server, o StartOptions) (*Process, error) {
	addr, err := FreeAddr()
	if err != nil {
		return nil, err
	}
	argv, err := s.Argv(addr)
	if err != nil {
		return nil, err
	}
	if o.Taskset != "" {
		argv = append([]string{"taskset", "-c", o.Taskset}, argv...)
	}
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Env = append(os.Environ(), o.Env...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true} // so Stop reaches any child too
	p := &Process{Server: s, Addr: addr, cmd: cmd, done: make(chan struct{})}
	if o.LogPath != "" {
		if p.log, err = os.Create(o.LogPath); err != nil {
			return nil, err
		}
		cmd.Stdout, cmd.Stderr = p.log, p.log
	}
	if err := cmd.Start(); err != nil {
		p.closeLog()
		return nil, fmt.Errorf("fleet: starting %s: %w", s.Name, err)
	}
	p.PID = cmd.Process.Pid
	go func() {
		p.err = cmd.Wait()
		close(p.done)
	}()
	ready := o.Ready
	if ready <= 0 {
		ready = 15 * time.Second
	}
	if err := p.waitReady(ctx, ready); err != nil {
		_ = p.Stop()
		return nil, err
	}
	return p, nil
}

func (p *Process) waitReady(ctx context.Context, limit time.Duration) error {
	client := &http.Client{Timeout: time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
	deadline := time.Now().Add(limit)
	for {
		res, err := client.Get("http://" + p.Addr + "/plaintext")
		if err == nil {
			_, _ = io.Copy(io.Discard, res.Body)
			res.Body.Close()
			return nil
		}
		select {
		case <-p.done:
			return fmt.Errorf("fleet: %s exited before answering (%v)%s", p.Server.Name, p.err, p.logTail())
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("fleet: %s did not answer on %s within %v: %w%s", p.Server.Name, p.Addr, limit, err, p.logTail())
		}
	}
}

// Exited reports whether the server has exited, and how.
func (p *Process) Exited() (bool, error) {
	select {
	case <-p.done:
		return true, p.err
	default:
		return false, nil
	}
}

// Stop ends the server: SIGTERM to its process group, SIGKILL after 5 s.
// Stopping a server that already exited returns nil.
func (p *Process) Stop() error {
	defer p.closeLog()
	select {
	case <-p.done:
		return nil
	default:
	}
	_ = syscall.Kill(-p.PID, syscall.SIGTERM)
	select {
	case <-p.done:
		return nil
	case <-time.After(5 * time.Second):
	}
	_ = syscall.Kill(-p.PID, syscall.SIGKILL)
	select {
	case <-p.done:
		return nil
	case <-time.After(5 * time.Second):
		return errors.New("fleet: " + p.Server.Name + " did not die after SIGKILL")
	}
}

func (p *Process) closeLog() {
	if p.log != nil {
		p.log.Close()
	}
}

// logTail returns the end of the server's log, for error messages.
func (p *Process) logTail() string {
	if p.log == nil {
		return ""
	}
	b, err := os.ReadFile(p.log.Name())
	if err != nil || len(b) == 0 {
		return ""
	}
	if len(b) > 2000 {
		b = b[len(b)-2000:]
	}
	return "\n" + string(b)
}
