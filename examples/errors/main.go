// Command errors shows Iron's two paths through a chain: the normal path and
// the error path, and how a catch recovers.
//
//	go run ./examples/errors
//	curl localhost:3000/             # 401: the before middleware refuses
//	curl -H 'X-Token: ok' localhost:3000/       # 200 from the handler
//	curl -H 'X-Token: ok' localhost:3000/fail   # the handler fails; an after recovers
//
// The flow, as in Iron's error_recovery example:
//
//	before: checkToken ──► handler ──► after: recoverPage
//	   │ error                │ error        ▲
//	   └──────────────────────┴──── catch ───┘
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

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/chain"
	"github.com/iron-go/iron/engine"
)

var errBackend = errors.New("backend unavailable")

// checkToken refuses requests without the right X-Token.
type checkToken struct{}

func (checkToken) Before(req *iron.Request) error {
	if req.HeaderValue("X-Token") != "ok" {
		// A 401 names the scheme the client is to use (RFC 9110 section
		// 11.6.1): here a token in the X-Token header.
		return iron.NewError(errors.New("missing or wrong token"), http.StatusUnauthorized,
			http.Header{"WWW-Authenticate": {`Token realm="errors example"`}}, "log in first\n")
	}
	return nil
}

// recoverPage turns a failed backend into a friendly page, and lets every
// other error through.
type recoverPage struct{}

func (recoverPage) After(_ *iron.Request, res *iron.Response) (*iron.Response, error) {
	return res, nil
}

func (recoverPage) CatchAfter(req *iron.Request, err error) (*iron.Response, error) {
	if errors.Is(err, errBackend) {
		log.Printf("recovered %s: %v", req.Path(), err)
		return iron.With(http.StatusServiceUnavailable, "the backend is resting, try again soon\n",
			http.Header{"Retry-After": {"5"}}), nil
	}
	return nil, err
}

func handle(req *iron.Request) (*iron.Response, error) {
	if req.Path() == "/fail" {
		// A bare error: without recoverPage the client would see a plain 500.
		return nil, errBackend
	}
	return iron.With(http.StatusOK, "welcome\n"), nil
}

func main() {
	addr := flag.String("addr", "localhost:3000", "address to listen on")
	flag.Parse()

	log.Printf("errors: listening on http://%s", *addr)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	context.AfterFunc(ctx, stop) // a second Ctrl-C stops at once
	if err := engine.New(app()).Run(ctx, *addr); err != nil {
		log.Fatal(err)
	}
}

func app() *chain.Chain {
	c := chain.New(iron.HandlerFunc(handle))
	c.LinkBefore(checkToken{})
	c.LinkAfter(recoverPage{})
	return c
}
