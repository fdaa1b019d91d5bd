package engine

import (
	"crypto/tls"
	"errors"
	"log/slog"
	"net"
	"sync"
	"sync/atomic"
	"time"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/worker"
)

// ErrServerClosed is returned by Serve and ListenAndServe once Shutdown or
// Close has been called.
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
	quit      chan struct{} // closed by Shutdown and Close
	connsDone chan struct{} // signalled when the last connection closes

	tuned    atomic.Int64 // workers set by Tune
	draining atomic.Bool
	closed   atomic.Bool
	open     atomic.Int64
	active   atomic.Int64
	served   atomic.Uint64
	shed     atomic.Uint64
	errs     atomic.Uint64

	clientClosed atomic.Uint64
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

// ListenAndServe listens on the TCP address addr and serves until Shutdown or
// Close, after which it returns [ErrServerClosed]. With [Listeners] past one
// it opens that many sockets on addr and accepts on each.
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

// Serve accepts connections on l and serves them until Shutdown or Close,
// after which it returns [ErrServerClosed]; it speaks TLS when the TLSConfig
// option is set. Serve closes l when it returns.
func (e *Engine) Serve(l net.Listener) error {
	if err := e.start(); err != nil {
		l.Close()
		return err
	}
	return e.serve(l, e.cfg.TLSConfig)
}

func (e *Engine) serve(l net.Listener, tlsCfg *tls.Config) error {
	if tlsCfg != nil && len(tlsCfg.NextProtos) == 0 {
		tlsCfg = tlsCfg.Clone()
		tlsCfg.NextProtos = []string{"http/1.1"}
	}
	e.mu.Lock()
	if e.draining.Load() || e.closed.Load() {
		e.mu.Unlock()
		l.Close()
		return ErrServerClosed
	}
	e.listeners = append(e.listeners, l)
	if e.addr == nil {
		e.addr = l.Addr()
	}
	e.mu.Unlock()
	defer l.Close()

	var backoff time.Duration
	for {
		select {
		case e.slots <- struct{}{}:
		case <-e.quit:
			return ErrServerClosed
		}
		rwc, err := l.Accept()
		if err != nil {
			<-e.slots
			select {
			case <-e.quit:
				return ErrServerClosed
			default:
			}
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() || errors.Is(err, errTooManyFiles) {
				backoff = min(max(2*backoff, 5*time.Millisecond), time.Second)
				e.logger.Error("engine: accept failed; retrying", "error", err, "delay", backoff)
				time.Sleep(backoff)
				continue
			}
			return err
		}
		backoff = 0
		c := newConn(e, rwc, tlsCfg)
		if !e.track(c) {
			rwc.Close()
			<-e.slots
			return ErrServerClosed
		}
		go c.serve()
	}
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
		select {
		case e.connsDone <- struct{}{}:
		default:
		}
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

// Draining reports whether Shutdown or Close has begun: a readiness check
// turns unhealthy then, so that a load balancer stops sending requests.
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
	Shed   uint64 // requests refused with 503 because workers and queue were full
	Errors uint64 // requests refused as malformed, and answers of 500 or more
	// ClientClosed counts requests whose client went away (closed or reset
	// its connection, or was cut off for reading too slowly) before their
	// answer was sent: not server errors, whatever their status, and not
	// counted in Errors. nginx logs such requests as 499.
	ClientClosed uint64
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
	}
	if p := e.workerPool(); p != nil {
		ps := p.Stats()
		s.Workers, s.WorkersBusy, s.WorkersFree, s.Queued = ps.Workers, ps.Busy, ps.Free, ps.Queued
	}
	return s
}
