package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"sync/atomic"
	"time"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/engine"
)

// shutdownTimeout bounds a graceful shutdown: requests in flight have this
// long to finish before run gives up on them.
const shutdownTimeout = 30 * time.Second

// run serves the site on cfg.addr until ctx ends (main ends it on SIGTERM or
// SIGINT), then shuts it down gracefully. started, when not nil, is called
// with the address once the site listens. It returns nil after a clean
// shutdown.
func run(ctx context.Context, cfg config, started func(net.Addr)) error {
	drain := &drainer{}
	s, err := newSite(cfg, drain)
	if err != nil {
		return err
	}
	defer s.close()
	drain.next = s.handler

	l, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		return err
	}
	eng := engine.New(drain, engine.Logger(cfg.log))
	drain.eng.Store(eng)
	served := make(chan error, 1)
	go func() { served <- eng.Serve(l) }()
	cfg.log.Info("site: listening", "url", "http://"+l.Addr().String())
	if started != nil {
		started(l.Addr())
	}

	select {
	case err := <-served: // the engine could not start (a bad setting)
		return err
	case <-ctx.Done():
	}
	return shutdown(s, eng, drain, cfg.drainPeriod, served)
}

// shutdown stops the site gracefully: the one place that does, in order.
//
// When the engine offers a drain period of its own (engine.Drain: the same
// readiness and Connection: close, and then a listener that closes only once
// quiet, with its backlog served), steps 2 and 3 become one call,
// eng.Drain(ctx), with engine.DrainPeriod(cfg.drainPeriod) given to
// engine.New in run (-1 for a period of 0, which the engine reads as its
// default), ctx allowing the period plus shutdownTimeout; drainer then only
// reports eng.Draining, and run serves s.handler itself.
func shutdown(s *site, eng *engine.Engine, drain *drainer, period time.Duration, served <-chan error) error {
	s.log.Info("site: shutting down", "drain_period", period)
	start := time.Now()

	// 1. Event streams end: they would otherwise last as long as their
	//    clients, and the shutdown would wait for them. Browsers reconnect,
	//    to another instance behind a load balancer.
	s.stopStreams()
	// 2. The drain period (DESIGN.md, "Running many instances"): /readyz
	//    answers 503 at once, so that a load balancer that checks it stops
	//    sending requests here; until it has, the site serves on, and every
	//    answer says Connection: close, so that each of the balancer's
	//    keep-alive connections ends after its next answer instead of being
	//    closed under a request it is sending.
	if period > 0 {
		drain.begin()
		time.Sleep(period)
	}
	// 3. The engine stops accepting, closes idle connections, and lets the
	//    requests in flight finish; their answers say Connection: close.
	ctx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	err := eng.Shutdown(ctx)
	if err != nil {
		eng.Close() // past the timeout: whatever is left is cut off
		err = fmt.Errorf("site: shutdown: requests still running after %v: %w", shutdownTimeout, err)
	}
	// 4. Serve has returned (ErrServerClosed) once the listener closed.
	if serr := <-served; !errors.Is(serr, engine.ErrServerClosed) {
		err = errors.Join(err, serr)
	}
	if err == nil {
		s.log.Info("site: stopped", "after", time.Since(start).Round(time.Millisecond))
	}
	return err
}

// drainer is the handler the engine serves: the site's, whose answers say
// Connection: close once the drain period has begun. It also tells /readyz
// whether the site is draining. The site is built before the engine that
// serves it, so the engine and the handler are set once made.
type drainer struct {
	next     iron.Handler
	eng      atomic.Pointer[engine.Engine]
	draining atomic.Bool
}

// begin starts the drain period.
func (d *drainer) begin() { d.draining.Store(true) }

// Draining implements health.Drainer: true from the drain period on, and
// once the engine is stopping.
func (d *drainer) Draining() bool {
	if d.draining.Load() {
		return true
	}
	e := d.eng.Load()
	return e != nil && e.Draining()
}

// Handle serves req with the site's handler. In the drain period the answer,
// an error's included, says Connection: close; an error stays an error, so
// that the engine logs it as before.
func (d *drainer) Handle(req *iron.Request) (*iron.Response, error) {
	res, err := d.next.Handle(req)
	if !d.draining.Load() {
		return res, err
	}
	if err != nil {
		out := iron.ErrorResponse(err).Clone() // never change a shared answer
		out.SetHeader("Connection", "close")
		return nil, &iron.Error{Err: err, Response: out}
	}
	if res != nil {
		res.SetHeader("Connection", "close")
	}
	return res, nil
}
