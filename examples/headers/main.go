// Command headers shows content types and headers: set with modifiers,
// read from the request, and defaulted by an after middleware.
//
//	go run ./examples/headers
//	curl -i localhost:3000/html
//	curl -i localhost:3000/json
//	curl -i -H 'User-Agent: me' localhost:3000/agent
package main

import (
	"context"
	"encoding/json"
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

func handle(req *iron.Request) (*iron.Response, error) {
	switch req.Path() {
	case "/html":
		// A ContentType modifier.
		return iron.With(http.StatusOK, iron.TextHTML, "<h1>Iron</h1>\n"), nil
	case "/json":
		body, err := json.Marshal(map[string]string{"framework": "iron"})
		if err != nil {
			return nil, err
		}
		return iron.With(http.StatusOK, iron.JSON, body), nil
	case "/agent":
		// HeaderValue reads one header without building a map.
		return iron.With(http.StatusOK, "you are "+req.HeaderValue("User-Agent")+"\n"), nil
	case "/plain":
		// No Content-Type: the server sends text/plain; charset=utf-8.
		return iron.With(http.StatusOK, "plain\n"), nil
	}
	return iron.With(http.StatusNotFound, "try /html, /json, /agent or /plain\n"), nil
}

// serverHeader adds headers to every response. The chain hands it the
// request's own copy of the response, so it changes it in place, even when
// the handler returns one response value to many requests.
type serverHeader struct{}

func (serverHeader) After(_ *iron.Request, res *iron.Response) (*iron.Response, error) {
	res.SetHeader("X-Powered-By", "Iron for Go")
	res.SetHeader("X-Content-Type-Options", "nosniff")
	return res, nil
}

func main() {
	addr := flag.String("addr", "localhost:3000", "address to listen on")
	flag.Parse()

	log.Printf("headers: listening on http://%s", *addr)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	context.AfterFunc(ctx, stop) // a second Ctrl-C stops at once
	if err := engine.New(app()).Run(ctx, *addr); err != nil {
		log.Fatal(err)
	}
}

func app() *chain.Chain {
	return chain.New(iron.HandlerFunc(handle)).LinkAfter(serverHeader{})
}
