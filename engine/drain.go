package engine

import (
	"context"
	"errors"
	"net"
	"time"
)

// Drain stops the engine without losing a request behind a load balancer.
// At once, [Engine.Draining] turns true, so that a readiness check (see
// ext/health) fails and the balancer stops sending new requests; the
// engine goes on serving what still comes, for DrainPeriod (see
// [Config.DrainPeriod]), and every answer says Connection: close, so that
// each of the balancer's keep-alive connections ends cleanly after its next
// answer, never under a request. Idle connections are left open meanwhile,
// as the balancer may pick one at any moment. Then it stops as
// [Engine.Shutdown] does: each listener closes once it has been quiet for a
// moment (a second at most), taking the connections in its backlog first,
// idle connections close, and every connection accepted is served to its
// end.
//
// Drain returns nil once every connection has closed; when ctx ends first,
// it closes those left (as [Engine.Close] does) and returns ctx's error, so
// ctx should allow DrainPeriod and the time requests take to finish.
// Shutdown or Close during the drain period ends it at once. Before Serve,
// or with a negative DrainPeriod, there is no drain period.
func (e *Engine) Drain(ctx context.Context) error {
	var period time.Duration
	if e.start() == nil {
		period = e.cfg.DrainPeriod
	}
	return e.stop(ctx, period)
}

// Run listens on the TCP address addr and serves until ctx ends; then it
// drains ([Engine.Drain]) and returns once the engine has stopped: nil when
// every connection ended in time, [context.DeadlineExceeded] when some were
// still open DrainPeriod plus ShutdownTimeout after ctx ended (they are
// closed then). It logs when the drain begins and ends. It returns at once
// with the error of a bad setting or a failed listen, and with
// [ErrServerClosed] if another call stops the engine.
//
// A program that stops on SIGTERM (as Kubernetes, systemd and Docker send)
// or Ctrl-C:
//
//	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
//	defer stop()
//	context.AfterFunc(ctx, stop) // a second signal stops the program at once
//	if err := engine.New(h).Run(ctx, ":3000"); err != nil {
//		log.Fatal(err)
//	}
func (e *Engine) Run(ctx context.Context, addr string) error {
	if err := e.start(); err != nil {
		return err
	}
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	served := make(chan error, 1)
	go func() { served <- e.Serve(l) }()
	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	e.logger.Info("engine: draining", "addr", l.Addr().String(), "period", e.cfg.DrainPeriod)
	dctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), e.cfg.DrainPeriod+e.cfg.ShutdownTimeout)
	defer cancel()
	err = e.Drain(dctx)
	if serr := <-served; !errors.Is(serr, ErrServerClosed) && err == nil {
		err = serr
	}
	if err != nil {
		e.logger.Error("engine: stopped before every connection ended", "error", err)
		return err
	}
	e.logger.Info("engine: stopped", "addr", l.Addr().String())
	return nil
}
