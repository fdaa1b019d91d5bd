package benchmarks_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/engine"
)

// BenchmarkWorkers runs 64 keep-alive clients at once against engines of
// different worker counts, with a CPU-bound handler and with one that waits
// 1 ms (as a handler calling a database does). It is what the default of 256
// workers per GOMAXPROCS rests on: CPU-bound handlers do as well with a few
// workers as with many, because only connections with bytes to serve take
// one; waiting handlers need about as many workers as requests waiting at
// once, and starve with fewer.
func BenchmarkWorkers(b *testing.B) {
	waiting := iron.HandlerFunc(func(*iron.Request) (*iron.Response, error) {
		time.Sleep(time.Millisecond)
		return iron.With(http.StatusOK, "Hello, World!"), nil
	})
	for _, h := range []struct {
		name string
		h    iron.Handler
	}{{"cpu", iron.HandlerFunc(hello)}, {"waiting", waiting}} {
		for _, workers := range []int{4, 16, 64, 256} {
			b.Run(fmt.Sprintf("%s/workers=%d", h.name, workers), func(b *testing.B) {
				benchClients(b, h.h, workers, 64)
			})
		}
	}
}

func benchClients(b *testing.B, h iron.Handler, workers, clients int) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	e := engine.New(h, engine.Workers(workers), engine.BlockWhenBusy())
	done := make(chan struct{})
	go func() { defer close(done); e.Serve(l) }()
	defer func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		e.Shutdown(ctx)
		<-done
	}()
	req := []byte("GET /plaintext HTTP/1.1\r\nHost: x\r\n\r\n")
	conns := make([]net.Conn, clients)
	for i := range conns {
		if conns[i], err = net.Dial("tcp", l.Addr().String()); err != nil {
			b.Fatal(err)
		}
		defer conns[i].Close()
	}
	work := make(chan struct{}, clients)
	var wg sync.WaitGroup
	b.ReportAllocs()
	b.ResetTimer()
	for _, c := range conns {
		wg.Go(func() {
			br := bufio.NewReader(c)
			for range work {
				c.Write(req)
				res, err := http.ReadResponse(br, nil)
				if err != nil {
					b.Error(err)
					return
				}
				io.Copy(io.Discard, res.Body)
				res.Body.Close()
			}
		})
	}
	for b.Loop() {
		work <- struct{}{}
	}
	close(work)
	wg.Wait()
}
