package benchmarks

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/chain"
	"github.com/iron-go/iron/engine"
	"github.com/iron-go/iron/httpadapter"
)

// The adapter benchmarks serve the same handler from the engine and from
// http.Server through httpadapter, over loopback, with a client that
// allocates nothing, so that allocs/op are the server's (and the handler's:
// iron.With costs one). One op is one request and its whole answer.
//
//	go test -run '^$' -bench 'Adapter|FromHTTP' -benchtime 2s ./benchmarks

var adapterStarted = iron.NewKey[time.Time]("bench.adapter.started")

// adapterChain is the chain both servers run: a before, an after, and a
// handler that builds its response.
func adapterChain() iron.Handler {
	c := chain.New(iron.HandlerFunc(func(*iron.Request) (*iron.Response, error) {
		return iron.With(http.StatusOK, "Hello, World!"), nil
	}))
	c.LinkBefore(iron.BeforeFunc(func(req *iron.Request) error {
		iron.Set(req, adapterStarted, time.Now())
		return nil
	}))
	c.LinkAfter(iron.AfterFunc(func(req *iron.Request, res *iron.Response) (*iron.Response, error) {
		_, _ = iron.Get(req, adapterStarted)
		return res, nil
	}))
	return c
}

// helloHTTP is the net/http handler of the FromHTTP benchmarks.
var helloHTTP = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, _ = io.WriteString(w, "Hello, World!")
})

var benchLogger = slog.New(slog.NewTextHandler(io.Discard, nil))

// startEngine serves h on the engine and returns its address.
func startEngine(b *testing.B, h iron.Handler) string {
	l := adapterListen(b)
	e := engine.New(h, engine.Logger(benchLogger))
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = e.Serve(l)
	}()
	b.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = e.Shutdown(ctx)
		<-done
	})
	return l.Addr().String()
}

// startHTTPServer serves h on an http.Server and returns its address.
func startHTTPServer(b *testing.B, h http.Handler) string {
	l := adapterListen(b)
	srv := &http.Server{Handler: h, ErrorLog: slog.NewLogLogger(benchLogger.Handler(), slog.LevelError)}
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = srv.Serve(l)
	}()
	b.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(ctx)
		<-done
	})
	return l.Addr().String()
}

func adapterListen(b *testing.B) net.Listener {
	b.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	return l
}

// BenchmarkAdapter is the same chain on the engine and, through
// httpadapter.Handler, on http.Server: one connection sending one request at
// a time, and one connection per goroutine (GOMAXPROCS of them).
func BenchmarkAdapter(b *testing.B) {
	h := adapterChain()
	for _, tc := range []struct {
		name  string
		start func(*testing.B) string
	}{
		{"engine", func(b *testing.B) string { return startEngine(b, h) }},
		{"http.Server+Handler", func(b *testing.B) string { return startHTTPServer(b, httpadapter.Handler(h)) }},
	} {
		b.Run(tc.name, func(b *testing.B) { benchServer(b, tc.start(b)) })
		b.Run(tc.name+"/parallel", func(b *testing.B) { benchServerParallel(b, tc.start(b)) })
	}
}

// BenchmarkFromHTTP is a net/http handler served by http.Server directly
// (the baseline), by the engine through httpadapter.FromHTTP, and by
// http.Server through both adapters: what running net/http code inside Iron
// costs.
func BenchmarkFromHTTP(b *testing.B) {
	for _, tc := range []struct {
		name  string
		start func(*testing.B) string
	}{
		{"http.Server", func(b *testing.B) string { return startHTTPServer(b, helloHTTP) }},
		{"engine+FromHTTP", func(b *testing.B) string { return startEngine(b, httpadapter.FromHTTP(helloHTTP)) }},
		{"http.Server+Handler+FromHTTP", func(b *testing.B) string {
			return startHTTPServer(b, httpadapter.Handler(httpadapter.FromHTTP(helloHTTP)))
		}},
	} {
		b.Run(tc.name, func(b *testing.B) { benchServer(b, tc.start(b)) })
	}
}

var adapterRequest = []byte("GET /plaintext HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: bench\r\nAccept: */*\r\n\r\n")

func benchServer(b *testing.B, addr string) {
	c := dialClient(b, addr)
	c.roundTrip(b) // warm up, and check the answer
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		c.roundTrip(b)
	}
}

func benchServerParallel(b *testing.B, addr string) {
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		c := dialClient(b, addr)
		for pb.Next() {
			c.roundTrip(b)
		}
	})
}

// rawClient sends requests on one keep-alive connection and reads each
// answer just enough to find its end: status line, headers, and a body of
// Content-Length bytes. It allocates nothing per request.
type rawClient struct {
	conn net.Conn
	r    *bufio.Reader
}

func dialClient(b *testing.B, addr string) *rawClient {
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { conn.Close() })
	return &rawClient{conn: conn, r: bufio.NewReaderSize(conn, 4096)}
}

var contentLength = []byte("content-length:")

func (c *rawClient) roundTrip(b *testing.B) {
	if _, err := c.conn.Write(adapterRequest); err != nil {
		b.Fatal(err)
	}
	line, err := c.r.ReadSlice('\n')
	if err != nil {
		b.Fatal(err)
	}
	if !bytes.HasPrefix(line, []byte("HTTP/1.1 200 ")) {
		b.Fatalf("answer %q", line)
	}
	n := -1
	for {
		line, err = c.r.ReadSlice('\n')
		if err != nil {
			b.Fatal(err)
		}
		if len(line) <= 2 {
			break
		}
		if len(line) > len(contentLength) && bytes.EqualFold(line[:len(contentLength)], contentLength) {
			n, err = strconv.Atoi(string(bytes.TrimSpace(line[len(contentLength):])))
			if err != nil {
				b.Fatal(err)
			}
		}
	}
	if n < 0 {
		b.Fatal("answer without Content-Length")
	}
	if _, err := c.r.Discard(n); err != nil {
		b.Fatal(err)
	}
}
