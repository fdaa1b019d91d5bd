// Command echo reads a request body and sends it back, turning read errors
// (a body over the engine's limit among them) into clear responses.
//
//	go run ./examples/echo
//	curl -d 'hello iron' localhost:3000/
package main

import (
	"errors"
	"flag"
	"io"
	"log"
	"net/http"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/engine"
)

func echo(req *iron.Request) (*iron.Response, error) {
	if req.Method() != http.MethodPost && req.Method() != http.MethodPut {
		return iron.With(http.StatusMethodNotAllowed, http.Header{"Allow": {"POST, PUT"}}, "POST something\n"), nil
	}
	body, err := io.ReadAll(req.Body())
	if errors.Is(err, engine.ErrBodyTooLarge) {
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
	flag.Parse()
	log.Printf("echo: listening on http://%s", *addr)
	log.Fatal(engine.New(iron.HandlerFunc(echo), engine.MaxBodyBytes(*maxBody)).ListenAndServe(*addr))
}
