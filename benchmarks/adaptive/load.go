package main

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"sort"
	"sync"
	"sync/atomic"
	"time"
)

// result is the outcome of one request.
type result struct {
	status  int // 0: the request failed (refused, reset, timed out)
	latency time.Duration
}

// row is the outcome of one step of the ramp.
type row struct {
	load               float64 // multiple of the capacity
	target             float64 // requests per second meant to be offered
	offered, served    float64 // requests per second
	shed, failed       float64 // shares of the requests offered
	p50, p99           time.Duration
	limit              float64 // mean worker limit
	maxInFlightClients int
}

// run ramps the load through one configuration and returns a row per step.
func run(c config, p params) ([]row, error) {
	srv, err := start(c, p)
	if err != nil {
		return nil, err
	}
	cl := &client{addr: srv.addr, timeout: p.timeout, idle: make(chan *clientConn, 4096)}
	var rows []row
	for _, load := range p.loads {
		rows = append(rows, cl.step(srv, load, load*p.capacity(), p.step))
	}
	cl.closeIdle()
	return rows, srv.stop()
}

// client sends requests over keep-alive connections of its own, dialling
// one whenever none is idle: an open-loop load never waits for a
// connection.
type client struct {
	addr     string
	timeout  time.Duration
	idle     chan *clientConn
	inFlight atomic.Int64
}

type clientConn struct {
	net.Conn
	r *bufio.Reader
}

var query = []byte("GET /query HTTP/1.1\r\nHost: bench\r\n\r\n")

// maxInFlight bounds the requests the generator has outstanding, so that a
// server that stops answering cannot make it exhaust the machine; requests
// past it count as failed.
const maxInFlight = 20_000

// step offers rate requests per second for d, evenly spaced, and waits for
// their answers (at most the client timeout after the last).
func (cl *client) step(srv *server, load, rate float64, d time.Duration) row {
	n := int(rate * d.Seconds())
	results := make([]result, n)
	var wg sync.WaitGroup
	stopLimit := make(chan struct{})
	limitMean := make(chan float64, 1)
	go sampleLimit(srv, stopLimit, limitMean)
	peak := 0
	start := time.Now()
	interval := time.Duration(float64(time.Second) / rate)
	for i := range n {
		due := start.Add(time.Duration(i) * interval)
		if wait := time.Until(due); wait > 0 {
			time.Sleep(wait)
		}
		if f := int(cl.inFlight.Add(1)); f > maxInFlight {
			cl.inFlight.Add(-1)
			continue // results[i] stays a failure
		} else {
			peak = max(peak, f)
		}
		wg.Go(func() {
			defer cl.inFlight.Add(-1)
			results[i] = cl.do(due)
		})
	}
	elapsed := time.Since(start)
	close(stopLimit)
	wg.Wait()
	r := summarize(load, results, elapsed, <-limitMean, peak)
	r.target = rate
	return r
}

// do sends one request due at due and returns its outcome; the latency
// counts from when it was due.
func (cl *client) do(due time.Time) result {
	var c *clientConn
	select {
	case c = <-cl.idle:
	default:
		conn, err := cl.dial()
		if err != nil {
			return result{}
		}
		c = &clientConn{Conn: conn, r: bufio.NewReader(conn)}
	}
	c.SetDeadline(time.Now().Add(cl.timeout))
	if _, err := c.Write(query); err != nil {
		c.Close()
		return result{}
	}
	res, err := http.ReadResponse(c.r, nil)
	if err != nil {
		c.Close()
		return result{}
	}
	_, err = io.Copy(io.Discard, res.Body)
	res.Body.Close()
	latency := time.Since(due)
	if err != nil || res.Close {
		abort(c.Conn)
	} else {
		select {
		case cl.idle <- c:
		default:
			c.Close()
		}
	}
	if err != nil {
		return result{}
	}
	return result{status: res.StatusCode, latency: latency}
}

func (cl *client) dial() (net.Conn, error) {
	return net.DialTimeout("tcp", cl.addr, cl.timeout)
}

// abort closes a connection the server is closing (after a shed, or with
// Connection: close) with a reset rather than a FIN. The answer has been
// read whole by then. The engine closes its end first, so a normal close
// would leave the pair of addresses in TIME_WAIT on the server's side for a
// minute; at thousands of sheds a second over one loopback address, new
// connections soon reuse such pairs, and a SYN that meets one can wait a
// second for its retransmission — a latency of the benchmark, not of the
// server.
func abort(c net.Conn) {
	if tc, ok := c.(*net.TCPConn); ok {
		_ = tc.SetLinger(0)
	}
	c.Close()
}

func (cl *client) closeIdle() {
	for {
		select {
		case c := <-cl.idle:
			c.Close()
		default:
			return
		}
	}
}

// sampleLimit averages the engine's worker limit every 10 ms until stop.
func sampleLimit(srv *server, stop <-chan struct{}, mean chan<- float64) {
	t := time.NewTicker(10 * time.Millisecond)
	defer t.Stop()
	sum, n := 0.0, 0
	for {
		if w := srv.e.Stats().Workers; w > 0 { // 0 until the engine has started
			sum += float64(w)
			n++
		}
		select {
		case <-stop:
			mean <- sum / float64(max(n, 1))
			return
		case <-t.C:
		}
	}
}

func summarize(load float64, results []result, elapsed time.Duration, limit float64, peak int) row {
	var served []time.Duration
	shed, failed := 0, 0
	for _, r := range results {
		switch r.status {
		case http.StatusOK:
			served = append(served, r.latency)
		case http.StatusServiceUnavailable:
			shed++
		default:
			failed++
		}
	}
	sort.Slice(served, func(i, j int) bool { return served[i] < served[j] })
	n := float64(max(len(results), 1))
	return row{
		load:               load,
		offered:            float64(len(results)) / elapsed.Seconds(),
		served:             float64(len(served)) / elapsed.Seconds(),
		shed:               float64(shed) / n,
		failed:             float64(failed) / n,
		p50:                percentile(served, 0.50),
		p99:                percentile(served, 0.99),
		limit:              limit,
		maxInFlightClients: peak,
	}
}

func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(p*float64(len(sorted))+0.5) - 1
	return sorted[min(max(i, 0), len(sorted)-1)]
}
