package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"sync/atomic"
	"time"

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
	drain := &engineDrain{}
	s, err := newSite(cfg, drain)
	if err != nil {
		return err
	}
	defer s.close()

	l, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		return err
	}
	period := cfg.drainPeriod
	if period == 0 {
		period = -1 // none: 0 would be the engine's default
	}
	eng := engine.New(s.handler, engine.Logger(cfg.log), engine.DrainPeriod(period))
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
	return shutdown(s, eng, cfg.drainPeriod, served)
}

// shutdown stops the site gracefully: the one place that does, in order.
func shutdown(s *site, eng *engine.Engine, period time.Duration, served <-chan error) error {
	s.log.Info("site: shutting down", "drain_period", period)
	start := time.Now()

	// 1. Event streams end: they would otherwise last as long as their
	//    clients, and the shutdown would wait for them. Browsers reconnect,
	//    to another instance behind a load balancer.
	s.stopStreams()
	// 2. The engine drains (engine.Drain): /readyz answers 503 at once, so
	//    that a load balancer that checks it stops sending requests here;
	//    until the drain period ends the engine serves on, every answer
	//    saying Connection: close, so that each of the balancer's
	//    keep-alive connections ends after its next answer; then it stops
	//    accepting once its listener is quiet, serves what its backlog
	//    holds, and lets every request finish.
	ctx, cancel := context.WithTimeout(context.Background(), max(period, 0)+shutdownTimeout)
	defer cancel()
	err := eng.Drain(ctx)
	if err != nil {
		err = fmt.Errorf("site: shutdown: requests still running %v after the drain period: %w", shutdownTimeout, err)
	}
	// 3. Serve has returned (ErrServerClosed) once the listener closed.
	if serr := <-served; !errors.Is(serr, engine.ErrServerClosed) {
		err = errors.Join(err, serr)
	}
	if err == nil {
		s.log.Info("site: stopped", "after", time.Since(start).Round(time.Millisecond))
	}
	return err
}

// engineDrain tells /readyz whether the engine is draining. The site is
// built before the engine that serves it, so the engine is set once made.
type engineDrain struct {
	eng atomic.Pointer[engine.Engine]
}

// Draining implements health.Drainer.
func (d *engineDrain) Draining() bool {
	e := d.eng.Load()
	return e != nil && e.Draining()
}
