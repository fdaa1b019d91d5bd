// Command server is the load-test and conformance target of Iron's engine:
// the endpoints of the side-by-side comparison in ../peers (plaintext, json,
// user: the contract of ../peers/internal/contract, which ../peers/cmd/compare
// builds this command for and checks before any load) and a few more for
// conformance runs, routed by ext/router as an application would be (the
// peers it is compared with use their routers too).
//
//	GET|HEAD /plaintext  Hello, World! (text/plain)
//	GET /json            {"message":"Hello, World!"}, serialised per request
//	GET /user/:id        the id, a routed parameter
//	POST /echo           the request body (413 over -max-body, 400 unreadable)
//	GET /slow?ms=N       sleeps N ms (default 2000), then 200
//	GET /panic           a handler that panics (the engine answers 500)
//
// Anything else is 404.
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"io"
	"log"
	"net/http"
	"os"
	"os/signal"
	"runtime/pprof"
	"strconv"
	"syscall"
	"time"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/engine"
	"github.com/iron-go/iron/ext/router"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8080", "address to listen on")
	workers := flag.Int("workers", 0, "workers (0: the engine's default)")
	listeners := flag.Int("listeners", 1, "listening sockets sharing the address (SO_REUSEPORT, Linux)")
	maxBody := flag.Int64("max-body", 10<<20, "largest request body, in bytes")
	cpuProfile := flag.String("cpuprofile", "", "write a CPU profile to this file until SIGINT or SIGTERM")
	flag.Parse()
	if *cpuProfile != "" {
		stop, err := profileCPU(*cpuProfile)
		if err != nil {
			log.Fatal(err)
		}
		defer stop()
	}

	e := engine.New(routes(), engine.Workers(*workers), engine.MaxBodyBytes(*maxBody), engine.Listeners(*listeners))
	go func() {
		sig := make(chan os.Signal, 1)
		signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
		<-sig
		_ = e.Close()
	}()
	if err := e.ListenAndServe(*addr); !errors.Is(err, engine.ErrServerClosed) {
		log.Print(err)
	}
}

// profileCPU starts a CPU profile written to path; the returned func ends it.
func profileCPU(path string) (func(), error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}

const helloWorld = "Hello, World!"

type message struct {
	Message string `json:"message"`
}

// routes is the whole server. Handlers answer the way a performance-minded
// application would: iron.With for constant bodies; for a body made per
// request, a Response literal with SetBody, since passing a fresh string to
// With's ...any boxes it (one more allocation).
func routes() *router.Router {
	r := router.New(router.NotFound(iron.HandlerFunc(func(*iron.Request) (*iron.Response, error) {
		return notFound, nil
	})))
	r.Get("/plaintext", iron.HandlerFunc(func(*iron.Request) (*iron.Response, error) {
		return iron.With(http.StatusOK, helloWorld), nil
	}))
	r.Get("/json", iron.HandlerFunc(func(*iron.Request) (*iron.Response, error) {
		body, err := json.Marshal(message{Message: helloWorld})
		if err != nil {
			return nil, err
		}
		return iron.With(http.StatusOK, iron.JSON, body), nil
	}))
	r.Get("/user/:id", iron.HandlerFunc(func(req *iron.Request) (*iron.Response, error) {
		res := &iron.Response{Status: http.StatusOK}
		res.SetBody(iron.StringBody(router.Param(req, "id")))
		return res, nil
	}))
	r.Post("/echo", iron.HandlerFunc(echo))
	r.Get("/slow", iron.HandlerFunc(slow))
	r.Any("/panic", iron.HandlerFunc(func(*iron.Request) (*iron.Response, error) {
		panic("benchmarks/server: /panic asked for it")
	}))
	return r
}

var notFound = iron.With(http.StatusNotFound, http.StatusText(http.StatusNotFound))

func echo(req *iron.Request) (*iron.Response, error) {
	var buf bytes.Buffer
	if _, err := io.Copy(&buf, req.Body()); err != nil {
		if errors.Is(err, engine.ErrBodyTooLarge) {
			return nil, err // an iron.Error: 413
		}
		return nil, iron.NewError(err, http.StatusBadRequest, http.StatusText(http.StatusBadRequest))
	}
	ct := req.HeaderValue("Content-Type")
	if ct == "" {
		ct = "application/octet-stream"
	}
	return iron.With(http.StatusOK, iron.ContentType(ct), buf.Bytes()), nil
}

func slow(req *iron.Request) (*iron.Response, error) {
	ms := 2000
	if v := req.Query().Get("ms"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return iron.With(http.StatusBadRequest, "ms must be a whole number of milliseconds"), nil
		}
		ms = n
	}
	t := time.NewTimer(time.Duration(ms) * time.Millisecond)
	defer t.Stop()
	select {
	case <-t.C:
		return iron.With(http.StatusOK, "slept "+strconv.Itoa(ms)+" ms"), nil
	case <-req.Context().Done():
		return nil, req.Context().Err()
	}
}
