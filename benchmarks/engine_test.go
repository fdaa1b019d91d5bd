package benchmarks_test

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/engine"
	"github.com/iron-go/iron/worker"
)

func hello(*iron.Request) (*iron.Response, error) {
	return iron.With(http.StatusOK, "Hello, World!"), nil
}

// shared is a response built once and returned for every request: what is
// left is the engine's own cost.
var shared = iron.With(http.StatusOK, "Hello, World!")

func sharedHello(*iron.Request) (*iron.Response, error) { return shared, nil }

// serve starts an engine on loopback and returns a connection to it.
func serve(b *testing.B, h iron.HandlerFunc) net.Conn {
	b.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	e := engine.New(h, engine.Workers(64))
	done := make(chan struct{})
	go func() {
		defer close(done)
		e.Serve(l)
	}()
	c, err := net.Dial("tcp", l.Addr().String())
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() {
		c.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		e.Shutdown(ctx)
		<-done
	})
	return c
}

// responseSize sends one request and returns the size of the whole answer
// (its Date has a fixed width, so every answer has that size).
func responseSize(b *testing.B, c net.Conn, req []byte) int {
	b.Helper()
	if _, err := c.Write(req); err != nil {
		b.Fatal(err)
	}
	br := bufio.NewReader(c)
	res, err := http.ReadResponse(br, nil)
	if err != nil {
		b.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	var head bytes.Buffer
	res.Header.Del("Content-Length")
	n := len("HTTP/1.1 200 OK\r\n") + len("Content-Length: \r\n") + len(strconv.Itoa(len(body))) + 2 + len(body)
	res.Header.Write(&head)
	return n + head.Len()
}

func benchCycle(b *testing.B, h iron.HandlerFunc, depth int) {
	c := serve(b, h)
	one := []byte("GET /plaintext HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nUser-Agent: bench\r\nAccept: */*\r\n\r\n")
	size := responseSize(b, c, one)
	req := bytes.Repeat(one, depth)
	buf := make([]byte, size*depth)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := c.Write(req); err != nil {
			b.Fatal(err)
		}
		if _, err := io.ReadFull(c, buf); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*depth), "ns/req")
}

// BenchmarkCyclePlaintext is one request, then its answer, over loopback,
// with a handler that builds its response with iron.With (one allocation).
func BenchmarkCyclePlaintext(b *testing.B) { benchCycle(b, hello, 1) }

// BenchmarkCycleEngineOnly is the same with a response made once: every
// allocation left is the engine's.
func BenchmarkCycleEngineOnly(b *testing.B) { benchCycle(b, sharedHello, 1) }

// BenchmarkCyclePipelined16 writes 16 requests at once and reads 16 answers,
// as wrk --pipeline 16 does; one op is the batch of 16.
func BenchmarkCyclePipelined16(b *testing.B) { benchCycle(b, hello, 16) }

// BenchmarkPoolHandOff is one task handed to the worker pool and its end
// awaited: the cost the engine pays per busy connection turn.
func BenchmarkPoolHandOff(b *testing.B) {
	done := make(chan struct{})
	p, err := worker.New(worker.Config{Workers: 8, Block: true}, func(ch chan struct{}) { ch <- struct{}{} })
	if err != nil {
		b.Fatal(err)
	}
	defer p.Release(time.Second)
	b.ReportAllocs()
	for b.Loop() {
		if err := p.Invoke(done); err != nil {
			b.Fatal(err)
		}
		<-done
	}
}
