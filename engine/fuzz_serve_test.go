package engine

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/iron-go/iron"
)

// panicLog records log lines about panics of the engine itself (not of a
// handler, which Respond turns into a 500).
type panicLog struct {
	mu    sync.Mutex
	lines []string
}

func (p *panicLog) Write(b []byte) (int, error) {
	if bytes.Contains(b, []byte("panic serving connection")) || bytes.Contains(b, []byte("panic in worker")) {
		p.mu.Lock()
		p.lines = append(p.lines, string(b))
		p.mu.Unlock()
	}
	return len(b), nil
}

// FuzzServe writes arbitrary bytes to a running engine over loopback and
// checks what comes back: the engine never panics or hangs, and what it
// sends is a sequence of well-formed HTTP/1.1 responses, read by net/http.
func FuzzServe(f *testing.F) {
	for _, s := range fuzzHeads {
		f.Add([]byte(s))
	}
	f.Add([]byte("GET /a HTTP/1.1\r\nHost: x\r\n\r\nGET /b HTTP/1.1\r\nHost: x\r\n\r\n"))
	f.Add([]byte("POST /e HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3;x=y\r\nabc\r\n0\r\nT: v\r\n\r\nHEAD / HTTP/1.1\r\nHost: x\r\n\r\n"))
	f.Add([]byte("GET /ctx HTTP/1.1\r\nHost: x\r\n\r\n")) // the client leaves: the context ends
	logs := &panicLog{}
	e := New(iron.HandlerFunc(func(req *iron.Request) (*iron.Response, error) {
		b, err := io.ReadAll(req.Body())
		if err != nil {
			return nil, err
		}
		if strings.HasPrefix(req.EscapedPath(), "/ctx") {
			<-req.Context().Done()
		}
		return iron.With(http.StatusOK, b), nil
	}), Logger(slog.New(slog.NewTextHandler(logs, nil))), ReadHeaderTimeout(time.Second),
		ReadTimeout(time.Second), MaxBodyBytes(1<<16), HandlerTimeout(time.Second))
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		f.Fatal(err)
	}
	go e.Serve(l)
	defer func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		e.Shutdown(ctx)
	}()
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := net.Dial("tcp", l.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		c.SetDeadline(time.Now().Add(5 * time.Second))
		c.Write(data)
		c.(*net.TCPConn).CloseWrite()
		out, err := io.ReadAll(c)
		if err != nil && !strings.Contains(err.Error(), "reset") {
			t.Fatalf("reading answers: %v (after %q)", err, out)
		}
		br := bufio.NewReader(bytes.NewReader(out))
		for {
			if _, err := br.Peek(1); err == io.EOF {
				break
			}
			res, err := http.ReadResponse(br, nil)
			if err != nil {
				t.Fatalf("malformed answer %q: %v", out, err)
			}
			if _, err := io.Copy(io.Discard, res.Body); err != nil {
				// A HEAD answer has a length but no body: net/http without
				// the request cannot tell; a cut answer ends the stream.
				break
			}
			if res.StatusCode != http.StatusContinue && res.StatusCode >= 400 && res.Close {
				if rest, _ := io.ReadAll(br); len(rest) > 0 {
					t.Fatalf("bytes after a closing %d answer: %q", res.StatusCode, rest)
				}
				break
			}
		}
		logs.mu.Lock()
		defer logs.mu.Unlock()
		if len(logs.lines) > 0 {
			t.Fatalf("engine panicked on %q: %s", data, logs.lines[0])
		}
	})
}
