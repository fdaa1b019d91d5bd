// Package redistest starts a real redis-server on a loopback port for the
// module's tests and stops it when the test ends. Without redis-server
// installed the test skips, or fails under IRON_REQUIRE_COMPONENTS=1 (see
// package component).
package redistest

import (
	"bufio"
	"net"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/iron-go/iron/internal/component"
)

// Server is a redis-server started by [Start].
type Server struct {
	// Addr is the server's "127.0.0.1:port".
	Addr string
	proc *component.Process
}

// Start runs a fresh, empty redis-server with no persistence on a free
// loopback port, waits until it answers PING, and stops it when the test
// ends.
func Start(t testing.TB) *Server {
	t.Helper()
	bin := component.Path(t, "redis-server", "redis-server")
	port := component.FreePort(t)
	addr := "127.0.0.1:" + strconv.Itoa(port)
	p := component.Start(t, bin,
		"--bind", "127.0.0.1", "--port", strconv.Itoa(port),
		"--save", "", "--appendonly", "no", "--daemonize", "no",
		"--protected-mode", "yes", "--dir", t.TempDir())
	component.WaitListening(t, p, addr, 10*time.Second)
	s := &Server{Addr: addr, proc: p}
	if err := s.ping(); err != nil {
		t.Fatalf("redistest: PING %s: %v\n%s", addr, err, p.Output())
	}
	return s
}

// Stop ends the server now, for tests of what happens when Redis goes away.
func (s *Server) Stop() { s.proc.Stop(5 * time.Second) }

func (s *Server) ping() error {
	c, err := net.DialTimeout("tcp", s.Addr, 2*time.Second)
	if err != nil {
		return err
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(2 * time.Second))
	if _, err := c.Write([]byte("PING\r\n")); err != nil {
		return err
	}
	line, err := bufio.NewReader(c).ReadString('\n')
	if err != nil {
		return err
	}
	if !strings.HasPrefix(line, "+PONG") {
		return &net.OpError{Op: "ping", Net: "tcp", Err: errUnexpected(line)}
	}
	return nil
}

type errUnexpected string

func (e errUnexpected) Error() string { return "unexpected reply " + strconv.Quote(string(e)) }

// Silent listens on a free loopback port, accepts every connection and
// never answers, as a Redis behind a broken network does, until the test
// ends; it returns the address. Tests of timeouts point a client at it.
func Silent(t testing.TB) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("redistest: listen: %v", err)
	}
	var (
		mu    sync.Mutex
		conns []net.Conn
	)
	accepted := make(chan struct{})
	go func() {
		defer close(accepted)
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c) // held open, never answered
			mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		l.Close()
		<-accepted
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			c.Close()
		}
	})
	return l.Addr().String()
}
