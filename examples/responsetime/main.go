// Command responsetime grows the seed's response timer (see examples/hello)
// into one that also times requests that fail. A middleware that must always
// run implements the catch of each role as well: CatchBefore stamps the start
// time even when an earlier before failed, and CatchAfter logs the failure's
// time and passes the error on.
//
//	go run ./examples/responsetime
//	curl localhost:3000/        # Request took: … (200)
//	curl localhost:3000/fail    # Request took: … (500, failed: backend down)
package main

import (
	"context"
	"errors"
	"flag"
	"log"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/chain"
	"github.com/iron-go/iron/engine"
)

type responseTime struct{}

var started = iron.NewKey[time.Time]("responsetime.started")

func (responseTime) Before(req *iron.Request) error {
	iron.Set(req, started, time.Now())
	return nil
}

func (rt responseTime) CatchBefore(req *iron.Request, err error) error {
	_ = rt.Before(req)
	return err // stamp the time, but stay on the error path
}

func (responseTime) After(req *iron.Request, res *iron.Response) (*iron.Response, error) {
	t, _ := iron.Get(req, started)
	log.Printf("Request took: %v (%d)", time.Since(t), res.StatusCode())
	return res, nil
}

func (responseTime) CatchAfter(req *iron.Request, err error) (*iron.Response, error) {
	t, _ := iron.Get(req, started)
	log.Printf("Request took: %v (%d, failed: %v)", time.Since(t), iron.ErrorResponse(err).StatusCode(), err)
	return nil, err
}

func handle(req *iron.Request) (*iron.Response, error) {
	if req.Path() == "/fail" {
		return nil, errors.New("backend down")
	}
	return iron.With(http.StatusOK, "Hello World"), nil
}

func main() {
	addr := flag.String("addr", "localhost:3000", "address to listen on")
	flag.Parse()

	log.Printf("responsetime: listening on http://%s", *addr)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	context.AfterFunc(ctx, stop) // a second Ctrl-C stops at once
	if err := engine.New(app()).Run(ctx, *addr); err != nil {
		log.Fatal(err)
	}
}

func app() *chain.Chain {
	c := chain.New(iron.HandlerFunc(handle))
	c.LinkBefore(responseTime{})
	c.LinkAfter(responseTime{})
	return c
}
