package proxytest_test

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// lingerServer is a bare HTTP/1.1 upstream that answers every request 413
// as soon as it has read the head, then does what the engine must do with a
// body it will not read: half-closes, discards what still arrives for at
// most wait and at most max bytes, and closes. It records, per connection,
// how much it discarded and whether the peer finished first.
type lingerServer struct {
	lingerPoint

	ln       net.Listener
	wg       sync.WaitGroup
	mu       sync.Mutex
	accepted int
	outs     []lingerOutcome
}

// lingerOutcome is what one connection's discard saw.
type lingerOutcome struct {
	discarded int64         // bytes read after the answer was written
	took      time.Duration // from the answer to the end of the discard
	end       string        // "eof" (the peer closed first), "time", "bytes", or a read error
}

const answer413 = "HTTP/1.1 413 Content Too Large\r\nContent-Type: text/plain\r\n" +
	"Content-Length: 18\r\nConnection: close\r\n\r\nContent Too Large\n"

// lingerPoint is what a lingerServer does after its answer.
type lingerPoint struct {
	wait  time.Duration // how long to discard (or sleep) at most
	max   int64         // how many bytes to discard at most
	sleep bool          // wait without reading, then close, as net/http does
}

// unbounded is a max that no body here reaches.
const unbounded = int64(1) << 40

func (lp lingerPoint) String() string {
	if lp.sleep {
		return fmt.Sprintf("sleep %v", lp.wait)
	}
	m := "∞"
	if lp.max < unbounded {
		m = fmt.Sprintf("%dKiB", lp.max>>10)
	}
	return fmt.Sprintf("discard %v/%s", lp.wait, m)
}

func startLingerServer(t testing.TB, lp lingerPoint) *lingerServer {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &lingerServer{lingerPoint: lp, ln: ln}
	s.wg.Go(s.accept)
	t.Cleanup(func() { ln.Close(); s.wg.Wait() })
	return s
}

func (s *lingerServer) Addr() string { return s.ln.Addr().String() }

func (s *lingerServer) accept() {
	for {
		c, err := s.ln.Accept()
		if err != nil {
			return
		}
		s.mu.Lock()
		s.accepted++
		s.mu.Unlock()
		s.wg.Go(func() { s.serve(c.(*net.TCPConn)) })
	}
}

func (s *lingerServer) serve(c *net.TCPConn) {
	defer c.Close()
	c.SetDeadline(time.Now().Add(10 * time.Second))
	br := bufio.NewReader(c)
	for {
		line, err := br.ReadString('\n')
		if err != nil {
			s.record(lingerOutcome{end: "no request"})
			return
		}
		if line == "\r\n" {
			break
		}
	}
	if _, err := io.WriteString(c, answer413); err != nil {
		s.record(lingerOutcome{end: "write failed"})
		return
	}
	c.CloseWrite()
	start := time.Now()
	out := lingerOutcome{end: "time"}
	if s.sleep {
		out.end = "slept"
		time.Sleep(s.wait)
		out.took = time.Since(start)
		s.record(out)
		return
	}
	c.SetReadDeadline(start.Add(s.wait))
	// What the head's reader buffered counts as discarded too.
	out.discarded = int64(br.Buffered())
	buf := make([]byte, 64<<10)
	for out.discarded < s.max {
		n, err := c.Read(buf[:min(int64(len(buf)), s.max-out.discarded)])
		out.discarded += int64(n)
		if err != nil {
			switch {
			case errors.Is(err, io.EOF):
				out.end = "eof"
			case errors.Is(err, os.ErrDeadlineExceeded):
				out.end = "time"
			case errors.Is(err, syscall.ECONNRESET):
				out.end = "reset"
			default:
				out.end = err.Error()
			}
			break
		}
	}
	if out.discarded >= s.max {
		out.end = "bytes"
	}
	out.took = time.Since(start)
	s.record(out)
}

func (s *lingerServer) record(out lingerOutcome) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.outs = append(s.outs, out)
}

// outcomes waits until every connection accepted so far is closed (or
// timeout passes) and returns what they saw.
func (s *lingerServer) outcomes(timeout time.Duration) []lingerOutcome {
	deadline := time.Now().Add(timeout)
	for {
		s.mu.Lock()
		done := len(s.outs) >= s.accepted
		outs := append([]lingerOutcome(nil), s.outs...)
		s.mu.Unlock()
		if done || time.Now().After(deadline) {
			return outs
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// summarize describes outcomes: "eof×20; most discarded 3.87 MiB; slowest
// eof 8ms".
func summarize(outs []lingerOutcome) string {
	ends := map[string]int{}
	var most int64
	var longest time.Duration
	for _, o := range outs {
		ends[o.end]++
		most = max(most, o.discarded)
		if o.end == "eof" {
			longest = max(longest, o.took)
		}
	}
	var parts []string
	for _, k := range []string{"eof", "time", "bytes", "reset", "slept"} {
		if ends[k] > 0 {
			parts = append(parts, fmt.Sprintf("%s×%d", k, ends[k]))
			delete(ends, k)
		}
	}
	for k, v := range ends {
		parts = append(parts, fmt.Sprintf("%s×%d", k, v))
	}
	return fmt.Sprintf("%s; most discarded %.2f MiB; slowest eof %v", strings.Join(parts, " "), float64(most)/(1<<20), longest.Round(time.Millisecond))
}
