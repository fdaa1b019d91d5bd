package benchmarks_test

import (
	"bufio"
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"runtime"
	"runtime/pprof"
	"testing"
	"time"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/engine"
)

// costRequests is how many requests BenchmarkWorkerCost holds in handlers
// at once.
const costRequests = 1000

// BenchmarkWorkerCost measures what a request waiting in its handler costs
// the server, the price of a large Workers: 1,000 keep-alive connections,
// first idle, then each with a request whose handler waits (as one waiting
// for a database does) on an engine of 1,000 workers. It reports, per
// waiting request, over the idle connections' cost:
//
//   - B/busy: live heap and goroutine stacks (after a GC), which counts the
//     worker's goroutine and stack, the connection's session (its read and
//     write buffers) and the request;
//   - goroutines/busy: goroutines started (a worker each: the connection's
//     own goroutine exists already);
//   - threads: OS threads the process created in all while the requests
//     waited, whatever their number: workers are goroutines, not threads.
//
// One op is a whole run on a new engine: connecting, filling the 1,000
// workers and letting them go; run it with -benchtime 3x.
func BenchmarkWorkerCost(b *testing.B) {
	var perBusy, goroutines float64
	threads := 0
	for b.Loop() {
		c := workerCost(b)
		perBusy, goroutines, threads = c.bytes, c.goroutines, max(threads, c.threads)
	}
	b.ReportMetric(perBusy, "B/busy")
	b.ReportMetric(goroutines, "goroutines/busy")
	b.ReportMetric(float64(threads), "threads")
}

// cost is what one run of BenchmarkWorkerCost measured.
type cost struct {
	bytes, goroutines float64 // per waiting request
	threads           int     // created in all
}

// workerCost starts an engine, opens costRequests connections to it, and
// measures what it costs when each sends a request that waits in its
// handler.
func workerCost(b *testing.B) cost {
	release := make(chan struct{})
	h := iron.HandlerFunc(func(*iron.Request) (*iron.Response, error) {
		<-release
		return iron.With(http.StatusOK, "row"), nil
	})
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	e := engine.New(h, engine.Workers(costRequests), engine.Logger(slog.New(slog.DiscardHandler)))
	done := make(chan struct{})
	go func() { defer close(done); e.Serve(l) }()
	defer func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		e.Shutdown(ctx)
		<-done
	}()
	conns := make([]net.Conn, costRequests)
	readers := make([]*bufio.Reader, costRequests)
	for i := range conns {
		if conns[i], err = net.Dial("tcp", l.Addr().String()); err != nil {
			b.Fatal(err)
		}
		defer conns[i].Close()
		readers[i] = bufio.NewReader(conns[i])
	}
	for e.Stats().Conns < costRequests {
		time.Sleep(time.Millisecond)
	}
	req := []byte("GET /query HTTP/1.1\r\nHost: bench\r\n\r\n")

	idleBytes, idleGoroutines := liveBytes(), runtime.NumGoroutine()
	threadsBefore := pprof.Lookup("threadcreate").Count()
	for _, c := range conns {
		if _, err := c.Write(req); err != nil {
			b.Fatal(err)
		}
	}
	for e.Stats().WorkersBusy < costRequests {
		time.Sleep(time.Millisecond)
	}
	busyBytes, busyGoroutines := liveBytes(), runtime.NumGoroutine()
	c := cost{
		bytes:      float64(busyBytes-idleBytes) / costRequests,
		goroutines: float64(busyGoroutines-idleGoroutines) / costRequests,
		threads:    pprof.Lookup("threadcreate").Count() - threadsBefore,
	}
	close(release)
	// The answers wait in the sockets until read.
	for _, br := range readers {
		if err := readAnswer(br); err != nil {
			b.Fatal(err)
		}
	}
	return c
}

// liveBytes returns the live heap and the goroutine stacks, after two GCs:
// what sync.Pools hold survives one.
func liveBytes() int64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return int64(m.HeapAlloc + m.StackInuse)
}

func readAnswer(br *bufio.Reader) error {
	res, err := http.ReadResponse(br, nil)
	if err != nil {
		return err
	}
	_, err = io.Copy(io.Discard, res.Body)
	res.Body.Close()
	return err
}
