package benchmarks_test

import (
	"bufio"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/engine"
)

// workersClients is how many requests BenchmarkWorkers keeps in flight: 64
// keep-alive clients, each sending its next request once it has the last
// answer (a closed loop, as wrk -c64 runs).
const workersClients = 64

// BenchmarkWorkers measures how the worker count and the queue shape
// throughput, latency and shedding, for handlers that burn CPU, that wait
// (as handlers calling a database do), and a mix of both. docs/tuning.md
// reads its figures; run it at several GOMAXPROCS with -cpu 1,2.
//
// Each case serves 64 keep-alive clients at once, over loopback, from an
// engine in the same process (so the clients share the Ps with the server).
// One op is one request answered, 200 or 503. Besides ns/op it reports:
//
//   - served/s: requests answered 200 a second;
//   - p50-ms, p99-ms: the latency of those, from the request's write to its
//     answer's last byte, queueing in the engine included;
//   - cpu-µs/op: the CPU time the process (server and clients: they share
//     it) used per op, which moves less with the machine's other work than
//     throughput does: a CPU-bound server's capacity is about its cores
//     divided by what the server's part of it costs;
//   - shed-%: the share of requests answered 503 because workers and queue
//     were full. A shed request is not retried: the client sends its next
//     one, as a load balancer sends a shed request to another instance and
//     the next one here. When the 503 says Connection: close, the client
//     resets the connection (so that no TIME_WAIT holds the port) and dials
//     again first.
//
// The handlers (the path the client asks for picks one):
//
//   - cpu: encodes 50 records to JSON (about 5 KB), tens of µs of CPU;
//   - wait1ms, wait10ms: sleep 1 ms or 10 ms and answer a short string, as a
//     handler whose time goes to a database or another service;
//   - mix: of every 20 requests a client sends, 14 cpu, 5 wait1ms and 1
//     wait10ms, as a site with cached pages and queries of two sizes.
//
// The first group runs each handler at 4, 16, 64 and 256 workers with the
// default queue (4 × Workers); the second runs cpu at 4 workers and wait10ms
// at 16 with no queue, a queue as long as the workers, the default queue
// and BlockWhenBusy. Allocations are not reported: the client's
// http.ReadResponse would dominate them (the engine's own are measured by
// BenchmarkCycle*).
func BenchmarkWorkers(b *testing.B) {
	for _, h := range []string{"cpu", "wait1ms", "wait10ms", "mix"} {
		for _, workers := range []int{4, 16, 64, 256} {
			b.Run(fmt.Sprintf("%s/workers=%d/queue=4x", h, workers), func(b *testing.B) {
				benchWorkers(b, h, workers, 0, false)
			})
		}
	}
	for _, c := range []struct {
		handler string
		workers int
	}{{"cpu", 4}, {"wait10ms", 16}} {
		for _, q := range []struct {
			name  string
			queue int
			block bool
		}{
			{"none", engine.NoQueue, false},
			{"1x", c.workers, false},
			{"4x", 0, false},
			{"block", 0, true},
		} {
			b.Run(fmt.Sprintf("queue/%s/workers=%d/queue=%s", c.handler, c.workers, q.name), func(b *testing.B) {
				benchWorkers(b, c.handler, c.workers, q.queue, q.block)
			})
		}
	}
}

// mixPaths is the order in which a mix client asks for the handlers: 14 of
// 20 requests cpu, 5 wait1ms, 1 wait10ms, spread out.
var mixPaths = []string{
	"cpu", "wait1ms", "cpu", "cpu", "wait10ms", "cpu", "wait1ms", "cpu", "cpu", "cpu",
	"cpu", "wait1ms", "cpu", "cpu", "wait1ms", "cpu", "cpu", "cpu", "wait1ms", "cpu",
}

// record is one row of the cpu handler's answer.
type record struct {
	ID    int      `json:"id"`
	Name  string   `json:"name"`
	Email string   `json:"email"`
	Tags  []string `json:"tags"`
	Score float64  `json:"score"`
}

// workersHandler answers /cpu, /wait1ms and /wait10ms.
func workersHandler() iron.Handler {
	rows := make([]record, 50)
	for i := range rows {
		n := strconv.Itoa(i)
		rows[i] = record{ID: i, Name: "user " + n, Email: "user" + n + "@example.com",
			Tags: []string{"alpha", "beta", "gamma"}, Score: float64(i) / 7}
	}
	return iron.HandlerFunc(func(req *iron.Request) (*iron.Response, error) {
		switch req.Path() {
		case "/cpu":
			body, err := json.Marshal(rows)
			if err != nil {
				return nil, err
			}
			return iron.With(http.StatusOK, iron.JSON, body), nil
		case "/wait1ms":
			time.Sleep(time.Millisecond)
		case "/wait10ms":
			time.Sleep(10 * time.Millisecond)
		default:
			return nil, iron.ErrNotFound
		}
		return iron.With(http.StatusOK, "row"), nil
	})
}

// attempt is what a client saw of one request.
type attempt struct {
	took time.Duration
	shed bool
	err  error // the request failed: no answer, or not 200 or 503
}

func benchWorkers(b *testing.B, handler string, workers, queue int, block bool) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	opts := []engine.Option{engine.Workers(workers), engine.Queue(queue),
		engine.Logger(slog.New(slog.DiscardHandler))}
	if block {
		opts = append(opts, engine.BlockWhenBusy())
	}
	e := engine.New(workersHandler(), opts...)
	done := make(chan struct{})
	go func() { defer close(done); e.Serve(l) }()
	defer func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		e.Shutdown(ctx)
		<-done
	}()

	// work holds one token per request to send; results one per answer. The
	// loop below takes an answer and hands out the next request, so the
	// timed part counts answers, and the 64 requests still in flight when
	// it ends are neither timed nor counted.
	work := make(chan struct{}, workersClients)
	results := make(chan attempt, workersClients)
	var wg sync.WaitGroup
	for i := range workersClients {
		wg.Go(func() { workersClient(l.Addr().String(), handler, i, work, results) })
	}
	for range workersClients {
		work <- struct{}{}
	}
	var served []time.Duration
	var shed, failed int
	var firstErr error
	cpuBefore, cpuKnown := processCPU()
	for b.Loop() {
		a := <-results
		switch {
		case a.err != nil:
			failed++
			firstErr = cmp.Or(firstErr, a.err)
		case a.shed:
			shed++
		default:
			served = append(served, a.took)
		}
		work <- struct{}{}
	}
	elapsed := b.Elapsed()
	cpuAfter, _ := processCPU()
	close(work)
	go func() { wg.Wait(); close(results) }()
	for range results {
	}
	if failed > 0 {
		b.Fatalf("%d requests failed, the first with: %v", failed, firstErr)
	}

	slices.Sort(served)
	b.ReportMetric(float64(len(served))/elapsed.Seconds(), "served/s")
	b.ReportMetric(percentile(served, 0.50), "p50-ms")
	b.ReportMetric(percentile(served, 0.99), "p99-ms")
	b.ReportMetric(100*float64(shed)/float64(shed+len(served)), "shed-%")
	if cpuKnown {
		b.ReportMetric(float64(cpuAfter-cpuBefore)/float64(time.Microsecond)/float64(b.N), "cpu-µs/op")
	}
}

// workersClient sends a request for every token, one at a time on its
// keep-alive connection, and reports each answer; after a 503 or a failure
// it resets the connection and dials again, so that it reports something
// for every token. Client number i starts the mix at its own
// place, so that the clients do not ask for the same handler at once.
func workersClient(addr, handler string, i int, work <-chan struct{}, results chan<- attempt) {
	var c net.Conn
	var br *bufio.Reader
	defer func() {
		if c != nil {
			c.Close()
		}
	}()
	reqs := map[string][]byte{}
	for _, p := range []string{"cpu", "wait1ms", "wait10ms"} {
		reqs[p] = []byte("GET /" + p + " HTTP/1.1\r\nHost: bench\r\n\r\n")
	}
	for n := i; ; n++ {
		if _, ok := <-work; !ok {
			return
		}
		path := handler
		if handler == "mix" {
			path = mixPaths[n%len(mixPaths)]
		}
		a, keep := workersRequest(&c, &br, addr, reqs[path])
		if !keep && c != nil {
			// The engine closed the connection (a 503 that says
			// Connection: close) or it failed: resetting our end keeps the
			// port pair out of TIME_WAIT for the next dial.
			c.(*net.TCPConn).SetLinger(0)
			c.Close()
			c = nil
		}
		results <- a
	}
}

// workersRequest sends req on *c, dialling first when *c is nil, and reads
// the answer. It reports whether the connection can be used again.
func workersRequest(c *net.Conn, br **bufio.Reader, addr string, req []byte) (attempt, bool) {
	if *c == nil {
		conn, err := net.Dial("tcp", addr)
		if err != nil {
			return attempt{err: err}, false
		}
		*c, *br = conn, bufio.NewReader(conn)
	}
	start := time.Now()
	if _, err := (*c).Write(req); err != nil {
		return attempt{err: err}, false
	}
	res, err := http.ReadResponse(*br, nil)
	if err != nil {
		return attempt{err: err}, false
	}
	_, err = io.Copy(io.Discard, res.Body)
	res.Body.Close()
	a := attempt{took: time.Since(start), err: err}
	switch res.StatusCode {
	case http.StatusOK:
		return a, err == nil
	case http.StatusServiceUnavailable:
		a.shed = true
		return a, err == nil && !res.Close
	default:
		a.err = fmt.Errorf("%s: status %d", strings.Fields(string(req))[1], res.StatusCode)
		return a, false
	}
}

// percentile returns the q-th quantile of sorted durations, in milliseconds
// (0 when there are none).
func percentile(sorted []time.Duration, q float64) float64 {
	if len(sorted) == 0 {
		return 0
	}
	i := min(int(q*float64(len(sorted))), len(sorted)-1)
	return float64(sorted[i]) / float64(time.Millisecond)
}
