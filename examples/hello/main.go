// Command hello is the seed example of Iron for Go, almost line for line the
// example of Rust Iron's README: a handler that says hello, and a response
// timer whose before middleware stores the start time in the request's
// extensions and whose after middleware prints how long the request took.
//
//	go run ./examples/hello            # then: curl localhost:3000
//
// On Ctrl-C or SIGTERM it drains, as an instance behind a load balancer
// must (engine.Run): it answers for ten more seconds, each answer saying
// Connection: close, while readiness checks fail, then stops. A second
// Ctrl-C stops it at once.
package main

import (
	"context"
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

func (responseTime) Before(req *iron.Request) error { iron.Set(req, started, time.Now()); return nil }

func (responseTime) After(req *iron.Request, res *iron.Response) (*iron.Response, error) {
	t, _ := iron.Get(req, started)
	log.Printf("Request took: %v", time.Since(t))
	return res, nil
}

func hello(*iron.Request) (*iron.Response, error) {
	return iron.With(http.StatusOK, "Hello World"), nil
}

func app() *chain.Chain {
	c := chain.New(iron.HandlerFunc(hello))
	c.LinkBefore(responseTime{})
	c.LinkAfter(responseTime{})
	return c
}

func main() {
	addr := flag.String("addr", "localhost:3000", "address to listen on")
	flag.Parse()
	log.Printf("hello: listening on http://%s", *addr)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	context.AfterFunc(ctx, stop) // a second Ctrl-C stops at once
	if err := engine.New(app()).Run(ctx, *addr); err != nil {
		log.Fatal(err)
	}
}
