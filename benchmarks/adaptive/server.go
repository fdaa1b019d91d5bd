package main

import (
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/chain"
	"github.com/iron-go/iron/engine"
	"github.com/iron-go/iron/ext/adaptive"
)

// params describe one run.
type params struct {
	slots   int
	service time.Duration
	loads   []float64
	step    time.Duration
	workers int
	queue   int
	timeout time.Duration
}

// capacity is what the database serves per second at most.
func (p params) capacity() float64 { return float64(p.slots) / p.service.Seconds() }

// config is one way to limit the engine's workers.
type config int

const (
	fixed config = iota
	adaptiveLimit
)

func (c config) name(p params) string {
	if c == fixed {
		return fmt.Sprintf("fixed limit: engine.Workers(%d)", p.workers)
	}
	return fmt.Sprintf("adaptive limit: adaptive.New(e, adaptive.Max(%d))", p.workers)
}

// database is a handler that runs a query on a database of fixed capacity:
// it waits for one of the connections, holds it for the service time, and
// answers. Past the capacity, requests wait inside the handler, so latency
// grows with concurrency.
func database(p params) iron.Handler {
	conns := make(chan struct{}, p.slots)
	return iron.HandlerFunc(func(req *iron.Request) (*iron.Response, error) {
		conns <- struct{}{}
		time.Sleep(p.service)
		<-conns
		return iron.With(http.StatusOK, "row"), nil
	})
}

// server is an engine serving the database handler under one configuration.
type server struct {
	e       *engine.Engine
	limiter *adaptive.Limiter
	addr    string
	done    chan error
}

func start(c config, p params) (*server, error) {
	ch := chain.New(database(p))
	e := engine.New(ch, engine.Workers(p.workers), engine.Queue(p.queue),
		engine.Logger(slog.New(slog.DiscardHandler)))
	s := &server{e: e, done: make(chan error, 1)}
	if c == adaptiveLimit {
		s.limiter = adaptive.New(e, adaptive.Max(p.workers))
		ch.LinkAround(s.limiter)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s.addr = l.Addr().String()
	go func() { s.done <- e.Serve(l) }()
	return s, nil
}

func (s *server) stop() error {
	s.e.Close()
	err := <-s.done
	if err == engine.ErrServerClosed {
		return nil
	}
	return err
}
