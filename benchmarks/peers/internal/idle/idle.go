// Package idle measures what idle keep-alive connections cost a server: it
// opens N connections that each send one request and then sit idle (real
// keep-alive connections the server must hold), and reads the server's
// resident memory before and with them. It also times fresh requests
// before and while they are open, and sends one more request on some of
// them, so that a server that gives each connection a slot from a fixed
// pool (a thread per connection, a bounded worker pool, a concurrency
// limiter) shows up as DEGRADED rather than as cheap.
//
// Every step is bounded: opening stops after [Options.OpenTimeout] or
// [Options.MaxOpenFailures] failures, probing after
// [Options.MaxProbeFailures] failures, each request after
// [Options.ProbeTimeout].
package idle

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/iron-go/iron/benchmarks/peers/internal/proc"
)

// Options bound the test. Zero fields take the defaults of [Defaults].
type Options struct {
	Conns            int           // idle connections to open
	Concurrency      int           // connections being opened at once
	OpenTimeout      time.Duration // the longest the opening may take in all
	MaxOpenFailures  int           // opening stops after this many failures
	Settle           time.Duration // wait after opening, before reading memory
	Probes           int           // fresh requests timed before, and again with, the idle connections
	ProbeTimeout     time.Duration // bound on one request
	MaxProbeFailures int           // probing stops after this many failures
	Reuse            int           // idle connections asked for one more request
	Path             string        // what every request asks for
}

// Defaults are the options of the comparison's idle test.
var Defaults = Options{Conns: 10000, Concurrency: 64, OpenTimeout: 30 * time.Second, MaxOpenFailures: 100,
	Settle: 2 * time.Second, Probes: 20, ProbeTimeout: 2 * time.Second, MaxProbeFailures: 3, Reuse: 200, Path: "/plaintext"}

func (o Options) withDefaults() Options {
	d := Defaults
	if o.Conns > 0 {
		d.Conns = o.Conns
	}
	if o.Concurrency > 0 {
		d.Concurrency = o.Concurrency
	}
	if o.OpenTimeout > 0 {
		d.OpenTimeout = o.OpenTimeout
	}
	if o.MaxOpenFailures > 0 {
		d.MaxOpenFailures = o.MaxOpenFailures
	}
	if o.Settle > 0 {
		d.Settle = o.Settle
	}
	if o.Probes > 0 {
		d.Probes = o.Probes
	}
	if o.ProbeTimeout > 0 {
		d.ProbeTimeout = o.ProbeTimeout
	}
	if o.MaxProbeFailures > 0 {
		d.MaxProbeFailures = o.MaxProbeFailures
	}
	if o.Reuse > 0 {
		d.Reuse = o.Reuse
	}
	if o.Path != "" {
		d.Path = o.Path
	}
	return d
}

// Probe is a series of fresh requests, each on a new connection.
type Probe struct {
	Count, Failed int
	P50, Max      time.Duration // over the requests that succeeded
}

// Report is the outcome for one server.
type Report struct {
	Server                     string
	Wanted, Opened             int
	OpenFailures               int
	OpenTime                   time.Duration
	RSSBeforeKiB, RSSWithKiB   int64
	ThreadsBefore, ThreadsWith int
	FreshBefore, FreshWith     Probe
	ReuseTried, ReuseOK        int
}

// KiBPerConn returns the resident memory each idle connection added, in
// KiB: (RSS with them − RSS before) ÷ connections opened.
func (r Report) KiBPerConn() float64 {
	if r.Opened == 0 {
		return 0
	}
	return float64(r.RSSWithKiB-r.RSSBeforeKiB) / float64(r.Opened)
}

// Degraded returns why the server did not hold its idle connections
// unharmed, or nil: not every connection opened, a fresh request failed
// while they were open, or an idle connection did not answer again.
func (r Report) Degraded() []string {
	var why []string
	if r.Opened < r.Wanted {
		why = append(why, fmt.Sprintf("opened %d of %d", r.Opened, r.Wanted))
	}
	if r.FreshWith.Failed > 0 {
		why = append(why, fmt.Sprintf("%d fresh request(s) failed with idle connections open", r.FreshWith.Failed))
	}
	if r.ReuseOK < r.ReuseTried {
		why = append(why, fmt.Sprintf("%d of %d idle connections did not answer again", r.ReuseTried-r.ReuseOK, r.ReuseTried))
	}
	return why
}

// Verdict is "ok" or "DEGRADED (reasons)".
func (r Report) Verdict() string {
	if why := r.Degraded(); len(why) > 0 {
		return "DEGRADED (" + strings.Join(why, "; ") + ")"
	}
	return "ok"
}

// Run runs the test against the server at addr whose process is pid (its
// memory is read from /proc/PID/status). The caller must have raised the
// file-descriptor limit (see [RaiseFileLimit]) for itself and the server.
func Run(ctx context.Context, addr string, pid int, o Options) (Report, error) {
	o = o.withDefaults()
	r := Report{Wanted: o.Conns}
	r.FreshBefore = probe(ctx, addr, o)
	st, err := proc.ReadStatus(pid)
	if err != nil {
		return r, err
	}
	r.RSSBeforeKiB, r.ThreadsBefore = st.VmRSS, st.Threads

	start := time.Now()
	conns, failures := open(ctx, addr, o)
	defer func() {
		for _, c := range conns {
			c.Close()
		}
	}()
	r.OpenTime, r.Opened, r.OpenFailures = time.Since(start), len(conns), failures

	select {
	case <-ctx.Done():
		return r, ctx.Err()
	case <-time.After(o.Settle):
	}
	if st, err = proc.ReadStatus(pid); err != nil {
		return r, err
	}
	r.RSSWithKiB, r.ThreadsWith = st.VmRSS, st.Threads
	r.FreshWith = probe(ctx, addr, o)

	step := max(len(conns)/max(o.Reuse, 1), 1)
	for i := 0; i < len(conns) && r.ReuseTried < o.Reuse; i += step {
		r.ReuseTried++
		if request(conns[i], o) == nil {
			r.ReuseOK++
		}
	}
	return r, nil
}

// request sends one keep-alive GET on c and reads a 200 answer.
func request(c net.Conn, o Options) error {
	if err := c.SetDeadline(time.Now().Add(o.ProbeTimeout)); err != nil {
		return err
	}
	if _, err := io.WriteString(c, "GET "+o.Path+" HTTP/1.1\r\nHost: idle\r\n\r\n"); err != nil {
		return err
	}
	// A small reader, dropped after the answer: the server sends nothing
	// more, and 10,000 idle connections should cost the client little.
	res, err := http.ReadResponse(bufio.NewReaderSize(c, 512), nil)
	if err != nil {
		return err
	}
	_, err = io.Copy(io.Discard, res.Body)
	res.Body.Close()
	if err != nil {
		return err
	}
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("idle: status %d", res.StatusCode)
	}
	return c.SetDeadline(time.Time{})
}

// open opens up to o.Conns connections, each answered once, within the
// bounds of o; it returns them and the number of failures.
func open(ctx context.Context, addr string, o Options) ([]net.Conn, int) {
	ctx, cancel := context.WithTimeout(ctx, o.OpenTimeout)
	defer cancel()
	var (
		mu       sync.Mutex
		conns    = make([]net.Conn, 0, o.Conns)
		next     atomic.Int64
		failures atomic.Int64
		wg       sync.WaitGroup
	)
	d := net.Dialer{Timeout: o.ProbeTimeout}
	for range o.Concurrency {
		wg.Go(func() {
			for next.Add(1) <= int64(o.Conns) && ctx.Err() == nil && failures.Load() < int64(o.MaxOpenFailures) {
				c, err := d.DialContext(ctx, "tcp", addr)
				if err == nil {
					stop := context.AfterFunc(ctx, func() { _ = c.SetDeadline(time.Now()) })
					err = request(c, o)
					stop()
					if err != nil {
						c.Close()
					}
				}
				if err != nil {
					failures.Add(1)
					continue
				}
				mu.Lock()
				conns = append(conns, c)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	return conns, int(failures.Load())
}

// probe times o.Probes fresh requests, each on a new connection that it
// closes, stopping after o.MaxProbeFailures failures.
func probe(ctx context.Context, addr string, o Options) Probe {
	var p Probe
	var took []time.Duration
	d := net.Dialer{Timeout: o.ProbeTimeout}
	for p.Count < o.Probes && p.Failed < o.MaxProbeFailures && ctx.Err() == nil {
		p.Count++
		start := time.Now()
		c, err := d.DialContext(ctx, "tcp", addr)
		if err == nil {
			err = request(c, o)
			c.Close()
		}
		if err != nil {
			p.Failed++
			continue
		}
		took = append(took, time.Since(start))
	}
	if len(took) > 0 {
		slices.Sort(took)
		p.P50, p.Max = took[len(took)/2], took[len(took)-1]
	}
	return p
}

// ErrFileLimit is returned by RaiseFileLimit when the limit cannot be
// raised far enough.
var ErrFileLimit = errors.New("idle: cannot raise the open-files limit (RLIMIT_NOFILE) far enough")
