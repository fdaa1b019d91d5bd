// Command echo reads a request body and sends it back, turning read errors
// (a body over the server's limit among them) into clear responses. It runs
// on the engine, or under net/http's http.Server with -nethttp: the handler
// is the same, and so are its answers.
//
//	go run ./examples/echo
//	curl -d 'hello iron' localhost:3000/
//	curl -d @big.file localhost:3000/      # over -max-body: 413
package main

import (
	"context"
	"errors"
	"flag"
	"io"
	"log"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/engine"
	"github.com/iron-go/iron/httpadapter"
)

func echo(req *iron.Request) (*iron.Response, error) {
	if req.Method() != http.MethodPost && req.Method() != http.MethodPut {
		return iron.With(http.StatusMethodNotAllowed, http.Header{"Allow": {"POST, PUT"}}, "POST something\n"), nil
	}
	body, err := io.ReadAll(req.Body())
	// Past the server's limit, reads fail with an error that wraps
	// iron.ErrBodyTooLarge, whichever server reads the body.
	if errors.Is(err, iron.ErrBodyTooLarge) {
		return nil, iron.NewError(err, http.StatusRequestEntityTooLarge, "that is more than I can take\n")
	}
	if err != nil {
		return nil, iron.NewError(err, http.StatusBadRequest, "could not read the body\n")
	}
	ct := req.HeaderValue("Content-Type")
	if ct == "" {
		ct = "application/octet-stream"
	}
	return iron.With(http.StatusOK, iron.ContentType(ct), body), nil
}

func main() {
	addr := flag.String("addr", "localhost:3000", "address to listen on")
	maxBody := flag.Int64("max-body", 1<<20, "largest body accepted, in bytes")
	nethttp := flag.Bool("nethttp", false, "serve with net/http's http.Server instead of the engine")
	flag.Parse()
	if *maxBody < 1 {
		log.Fatalf("echo: -max-body %d: must be at least 1", *maxBody)
	}
	log.Printf("echo: listening on http://%s", *addr)
	if *nethttp {
		srv := &http.Server{
			Addr:              *addr,
			Handler:           httpadapter.Handler(iron.HandlerFunc(echo), httpadapter.MaxBodyBytes(*maxBody)),
			ReadHeaderTimeout: 5 * time.Second,
		}
		log.Fatal(srv.ListenAndServe())
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	context.AfterFunc(ctx, stop) // a second Ctrl-C stops at once
	if err := engine.New(iron.HandlerFunc(echo), engine.MaxBodyBytes(*maxBody)).Run(ctx, *addr); err != nil {
		log.Fatal(err)
	}
}
