package engine

import (
	"context"
	"crypto/tls"
	"errors"
	"log/slog"
	"net"
	"sync"
	"sync/atomic"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/worker"
)

// ErrServerClosed is returned by Serve and ListenAndServe once the engine
// has stopped accepting: after Drain's period, when Shutdown is called, or
// when Close is.
var ErrServerClosed = errors.New("engine: server closed")

// Engine serves an [iron.Handler] over HTTP/1.1. Make one with [New]; its
// methods are safe for concurrent use.
type Engine struct {
	handler iron.Handler
	opts    []Option

	startOnce sync.Once
	cfg       Config
	cfgErr    error
	logger    *slog.Logger
	// respondLogger is what iron.Slot.Respond logs to: the logger, with the
	// lines of a request whose client went away lowered to Debug.
	respondLogger *slog.Logger
	lim           limits
	pool          *worker.Pool[*conn]
	sessions      sync.Pool
	slots         chan struct{} // one per open connection, for MaxConns

	mu        sync.Mutex
	listeners []net.Listener
	conns     map[*conn]struct{}
	addr      net.Addr
	quit      chan struct{} // closed once the engine stops accepting (stop), or by Close
	halt      chan struct{} // closed by Close
	connsDone chan struct{} // signalled when the last connection closes

	tuned    atomic.Int64 // workers set by Tune
	draining atomic.Bool
	closed   atomic.Bool
	open     atomic.Int64
	active   atomic.Int64
	served   atomic.Uint64
	shed     atomic.Uint64
	errs     atomic.Uint64

	// How the engine stops (drain.go, accept.go, shutdown.go). draining:
	// Drain, Shutdown or Close began, answers say Connection: close;
	// stopping: the drain period is over, listeners close once quiet;
	// closed: Close, no connection is tracked any more. stopAt is when the
	// stop began and lastAccept when a listener last accepted (Unix
	// nanoseconds), quietFor the quiet spell a listener waits for (a
	// Duration), accepting the accept loops still running.
	stopping   atomic.Bool
	stopAt     atomic.Int64
	lastAccept atomic.Int64
	quietFor   atomic.Int64
	accepting  atomic.Int32

	clientClosed atomic.Uint64

	// Connections switched to another protocol (upgrade.go): their
	// context, those whose function runs (guarded by mu), and counts.
	upCtx    context.Context
	upCancel context.CancelCauseFunc
	switched map[*conn]struct{}
	upgraded atomic.Int64
	upgrades atomic.Uint64
}

// New returns an engine that serves h with the given options. It never
// fails: a bad setting is reported, naming the option and its value, by the
// first Serve or ListenAndServe.
func New(h iron.Handler, opts ...Option) *Engine {
	return &Engine{
		handler:   h,
		opts:      opts,
		conns:     make(map[*conn]struct{}),
		quit:      make(chan struct{}),
		halt:      make(chan struct{}),
		connsDone: make(chan struct{}, 1),
	}
}

// start resolves the settings and makes the worker pool, once.
func (e *Engine) start() error {
	e.startOnce.Do(func() {
		var cfg Config
		for _, o := range e.opts {
			o(&cfg)
		}
		cfg, err := cfg.resolve()
		if err == nil && e.handler == nil {
			err = errors.New("engine: nil handler")
		}
		if err != nil {
			e.cfgErr = err
			return
		}
		if w := e.tuned.Load(); w > 0 { // Tune before start
			cfg.Workers = int(w)
		}
		e.cfg = cfg
		e.logger = cfg.Logger
		e.respondLogger = slog.New(clientGoneHandler{cfg.Logger.Handler()})
		e.lim = limits{maxHead: cfg.MaxHeaderBytes, maxURI: cfg.MaxURILength, maxFields: cfg.MaxHeaderCount}
		e.slots = make(chan struct{}, cfg.MaxConns)
		e.sessions.New = func() any { return newSession(e) }
		// No PanicHandler: runTask recovers every panic itself, with the
		// connection at hand to close.
		pool, err := worker.New(worker.Config{
			Workers: cfg.Workers,
			Queue:   cfg.Queue,
			Block:   cfg.BlockWhenBusy,
		}, e.runTask)
		e.mu.Lock()
		e.pool, e.cfgErr = pool, err
		e.mu.Unlock()
	})
	return e.cfgErr
}

// ListenAndServe listens on the TCP address addr and serves until the engine
// stops accepting (see [Engine.Drain], [Engine.Shutdown], [Engine.Close]),
// after which it returns [ErrServerClosed]. The connections it accepted may
// still be finishing then: the call that stopped the engine returns once
// they are done. [Engine.Run] does both. With [Listeners] past one it opens
// that many sockets on addr and accepts on each.
func (e *Engine) ListenAndServe(addr string) error {
	if err := e.start(); err != nil {
		return err
	}
	ls, err := e.listen(addr)
	if err != nil {
		return err
	}
	return e.serveAll(ls, e.Serve)
}

// ListenAndServeTLS is ListenAndServe over TLS with the certificate and key
// in the given PEM files (added to the TLSConfig option's, if any).
func (e *Engine) ListenAndServeTLS(addr, certFile, keyFile string) error {
	if err := e.start(); err != nil {
		return err
	}
	cert, err := tls.LoadX509KeyPair(certFile, keyFile)
	if err != nil {
		return err
	}
	cfg := &tls.Config{}
	if e.cfg.TLSConfig != nil {
		cfg = e.cfg.TLSConfig.Clone()
	}
	cfg.Certificates = append(cfg.Certificates, cert)
	ls, err := e.listen(addr)
	if err != nil {
		return err
	}
	return e.serveAll(ls, func(l net.Listener) error { return e.serve(l, cfg) })
}

// Serve accepts connections on l and serves them until the engine stops
// accepting, after which it returns [ErrServerClosed]; it speaks TLS when the
// TLSConfig option is set. Serve closes l when it returns.
func (e *Engine) Serve(l net.Listener) error {
	if err := e.start(); err != nil {
		l.Close()
		return err
	}
	return e.serve(l, e.cfg.TLSConfig)
}

// track registers an open connection; it refuses once the engine closes.
func (e *Engine) track(c *conn) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.closed.Load() {
		return false
	}
	e.conns[c] = struct{}{}
	e.open.Add(1)
	return true
}

func (e *Engine) untrack(c *conn) {
	e.mu.Lock()
	delete(e.conns, c)
	e.mu.Unlock()
	if e.open.Add(-1) == 0 {
		e.signalDone()
	}
	<-e.slots
}

// Addr returns the address of the first listener being served, or nil before
// Serve began.
func (e *Engine) Addr() net.Addr {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.addr
}

// Tune changes the number of workers while serving (at least 1).
func (e *Engine) Tune(workers int) {
	workers = max(workers, 1)
	e.tuned.Store(int64(workers))
	if p := e.workerPool(); p != nil {
		p.Tune(workers)
	}
}

// workerPool returns the worker pool, or nil before the first Serve made it.
func (e *Engine) workerPool() *worker.Pool[*conn] {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.pool
}

// Draining reports whether Drain, Shutdown or Close has begun: a readiness
// check turns unhealthy then, so that a load balancer stops sending
// requests, while the engine goes on serving those that still come until
// the drain period ends.
func (e *Engine) Draining() bool { return e.draining.Load() }

// Stats is a snapshot of an engine's state.
type Stats struct {
	Conns       int // open connections
	IdleConns   int // connections waiting for a request
	ActiveConns int // connections with a request being read, run or written

	Workers     int // the most requests that run at once
	WorkersBusy int // workers running a request now
	WorkersFree int // requests that could start now without waiting
	Queued      int // requests waiting for a worker

	Served uint64 // requests answered
	Shed   uint64 // requests refused with 503: workers and queue were full, or QueueTimeout passed
	Errors uint64 // requests refused as malformed, and answers of 500 or more
	// ClientClosed counts requests whose client went away (closed or reset
	// its connection, or was cut off for reading too slowly) before their
	// answer was sent: not server errors, whatever their status, and not
	// counted in Errors. nginx logs such requests as 499.
	ClientClosed uint64

	// Upgraded counts the connections switched to another protocol
	// (iron.Upgrade, iron.Hijack, a hijacking handler under
	// httpadapter.FromHTTP) whose function still runs. They are no longer
	// among Conns and hold no MaxConns place.
	Upgraded int
	// Upgrades counts the connections switched since the engine started.
	Upgrades uint64
}

// Stats returns a snapshot of the engine's state. It is cheap enough to
// scrape often.
func (e *Engine) Stats() Stats {
	open, active := e.open.Load(), e.active.Load()
	s := Stats{
		Conns:       int(open),
		ActiveConns: int(active),
		IdleConns:   int(max(open-active, 0)),
		Served:      e.served.Load(),
		Shed:        e.shed.Load(),
		Errors:      e.errs.Load(),

		ClientClosed: e.clientClosed.Load(),

		Upgraded: int(e.upgraded.Load()),
		Upgrades: e.upgrades.Load(),
	}
	if p := e.workerPool(); p != nil {
		ps := p.Stats()
		s.Workers, s.WorkersBusy, s.WorkersFree, s.Queued = ps.Workers, ps.Busy, ps.Free, ps.Queued
	}
	return s
}
