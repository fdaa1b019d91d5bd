package main

import (
	"fmt"
	"os"
	"os/exec"
	"strings"
	"time"
)

// process is a program deploy started: Redis, an instance of the site, or
// the load balancer. Its output goes to a log file of its own in the deploy
// directory (appended to, so that an instance keeps one file across
// restarts).
type process struct {
	name string // "site-1", "redis", "nginx"
	log  string // the log file
	cmd  *exec.Cmd
	done chan struct{} // closed once the program has exited
	err  error         // how it exited, once done is closed
}

// startProcess runs path with args. The program gets a process group of its
// own, so that Ctrl-C in the terminal reaches deploy alone, which then
// stops everything in order; and it is sent SIGTERM should deploy die
// without stopping it (Linux).
func startProcess(name, logFile, path string, args ...string) (*process, error) {
	out, err := os.OpenFile(logFile, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(path, args...)
	cmd.Stdout, cmd.Stderr = out, out
	cmd.SysProcAttr = sysProcAttr()
	if err := cmd.Start(); err != nil {
		out.Close()
		return nil, fmt.Errorf("deploy: start %s: %w", name, err)
	}
	p := &process{name: name, log: logFile, cmd: cmd, done: make(chan struct{})}
	go func() {
		p.err = cmd.Wait()
		out.Close()
		close(p.done)
	}()
	return p, nil
}

// exited reports whether the program has exited.
func (p *process) exited() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// stop sends sig and waits up to grace for the program to exit; then it
// kills it and says so. It returns how the program exited: nil for status
// 0.
func (p *process) stop(sig os.Signal, grace time.Duration) error {
	if !p.exited() {
		_ = p.cmd.Process.Signal(sig)
	}
	t := time.NewTimer(grace)
	defer t.Stop()
	select {
	case <-p.done:
		return p.err
	case <-t.C:
		_ = p.cmd.Process.Kill()
		<-p.done
		return fmt.Errorf("deploy: %s did not exit within %v of %v: killed", p.name, grace, sig)
	}
}

// failure describes a program that exited when it should not have: how, and
// the end of its log.
func (p *process) failure() error {
	<-p.done
	return fmt.Errorf("deploy: %s exited (%v); the end of %s:\n%s", p.name, p.err, p.log, tail(p.log, 20))
}

// tail returns the last n lines of a file.
func tail(file string, n int) string {
	b, err := os.ReadFile(file)
	if err != nil {
		return err.Error()
	}
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}
