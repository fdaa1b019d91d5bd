package adaptive

import (
	"errors"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"time"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/engine"
)

// Target is what a [Limiter] controls: a server whose worker limit it sets
// with Tune and whose queue it reads from Stats. The engine's
// *engine.Engine is one.
type Target interface {
	Tune(workers int)
	Stats() engine.Stats
}

// Limiter sets a Target's worker limit from the latency of the requests it
// measures (see the package doc). Build it with [New]; it is safe for
// concurrent use.
type Limiter struct {
	target Target
	cfg    config

	now    func() time.Time
	jitter func() float64 // 0 to 1
	origin time.Time

	hist     histogram
	inFlight atomic.Int64
	peak     atomic.Int64  // the most in flight since the last window ended
	epoch    atomic.Uint64 // advanced when a probe starts
	next     atomic.Int64  // when the next update is due, since origin
	current  atomic.Int64  // the limit set last

	mu          sync.Mutex // held by the one request that runs an update
	ctl         control
	snapshot    [numBuckets]uint64
	win         window
	windowStart time.Duration
}

// control is the controller's state, guarded by Limiter.mu.
type control struct {
	limit      float64       // the estimate, before rounding
	tuned      int           // the limit last given to Tune
	baseline   time.Duration // latency at low concurrency; 0 until measured
	probing    bool
	probeStart time.Duration
	resume     float64       // the limit to return to after a probe
	nextProbe  time.Duration // when the next probe is due
	atMin      int           // consecutive windows that ended at Min
}

var _ iron.AroundMiddleware = (*Limiter)(nil)

// New returns a Limiter that controls t's worker limit. It starts by
// measuring the baseline latency: it tunes t to Min at once, and to the
// Initial limit once enough requests have been measured. Link it, before
// the chain serves, so that it measures the requests it limits:
//
//	c := chain.New(r)
//	e := engine.New(c, engine.Queue(16))
//	c.LinkAround(adaptive.New(e))
//
// It panics on a nil t, and on a bad option, naming it and its value. Nil
// options are skipped.
func New(t Target, opts ...Option) *Limiter {
	if t == nil {
		panic(errors.New("adaptive: New(nil): a Target is required"))
	}
	cfg := defaults()
	for _, o := range opts {
		if o == nil {
			continue
		}
		if err := o(&cfg); err != nil {
			panic(err)
		}
	}
	if err := cfg.check(); err != nil {
		panic(err)
	}
	return newLimiter(t, cfg, time.Now, rand.Float64)
}

// newLimiter returns a Limiter on the given clock and source of jitter (0
// to 1), which begins with a probe of the baseline.
func newLimiter(t Target, cfg config, now func() time.Time, jitter func() float64) *Limiter {
	l := &Limiter{target: t, cfg: cfg, now: now, jitter: jitter}
	l.origin = now()
	l.ctl.limit = float64(cfg.initial)
	l.mu.Lock()
	l.startProbe(0)
	l.mu.Unlock()
	return l
}

// Around returns next wrapped so that the latency of each request it handles
// is measured, and the limit recomputed once per Interval by the request
// that ends past it. Linked inside a chain it measures the handler and the
// arounds inside it; wrapping a chain, every middleware. A panic of next
// still ends its measurement.
func (l *Limiter) Around(next iron.Handler) iron.Handler {
	return iron.HandlerFunc(func(req *iron.Request) (*iron.Response, error) {
		if l.cfg.skip != nil && l.cfg.skip(req) {
			return next.Handle(req)
		}
		t := l.begin()
		defer l.end(t)
		return next.Handle(req)
	})
}

// Limit returns the worker limit the Limiter set last.
func (l *Limiter) Limit() int { return int(l.current.Load()) }

// Baseline returns the latency measured at low concurrency (at the
// configured percentile), which the limit keeps requests near; 0 until the
// first measurement ends.
func (l *Limiter) Baseline() time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.ctl.baseline
}

// ticket is what a request's measurement started with.
type ticket struct {
	start time.Duration
	epoch uint64
}

func (l *Limiter) since() time.Duration { return l.now().Sub(l.origin) }

func (l *Limiter) begin() ticket {
	n := l.inFlight.Add(1)
	for p := l.peak.Load(); n > p && !l.peak.CompareAndSwap(p, n); p = l.peak.Load() {
	}
	return ticket{start: l.since(), epoch: l.epoch.Load()}
}

func (l *Limiter) end(t ticket) {
	now := l.since()
	l.inFlight.Add(-1)
	// A request that started before a probe ran at the concurrency the
	// probe is there to get away from: it says nothing of the baseline.
	if l.epoch.Load() == t.epoch {
		l.hist.record(now - t.start)
	}
	if int64(now) >= l.next.Load() && l.mu.TryLock() {
		if int64(now) >= l.next.Load() {
			l.update(now)
		}
		l.mu.Unlock()
	}
}
