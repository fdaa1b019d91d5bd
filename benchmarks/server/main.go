// Command server is the load-test and conformance target of Iron's engine:
// the endpoints of ../../shared/bench (plaintext, json, user) and a few more
// for conformance runs, routed by hand so that it depends on the core alone.
//
//	GET|HEAD /plaintext  Hello, World! (text/plain)
//	GET /json            {"message":"Hello, World!"}, serialised per request
//	GET /user/{id}       the id
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
	"strconv"
	"strings"
	"time"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/engine"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8080", "address to listen on")
	workers := flag.Int("workers", 0, "workers (0: the engine's default)")
	maxBody := flag.Int64("max-body", 10<<20, "largest request body, in bytes")
	flag.Parse()

	e := engine.New(iron.HandlerFunc(route), engine.Workers(*workers), engine.MaxBodyBytes(*maxBody))
	log.Fatal(e.ListenAndServe(*addr))
}

const helloWorld = "Hello, World!"

type message struct {
	Message string `json:"message"`
}

// route dispatches by hand: the bench must not depend on ext/router.
func route(req *iron.Request) (*iron.Response, error) {
	path, method := req.EscapedPath(), req.Method()
	switch {
	case path == "/plaintext" && (method == http.MethodGet || method == http.MethodHead):
		return iron.With(http.StatusOK, helloWorld), nil
	case path == "/json" && method == http.MethodGet:
		body, err := json.Marshal(message{Message: helloWorld})
		if err != nil {
			return nil, err
		}
		return iron.With(http.StatusOK, iron.JSON, body), nil
	case strings.HasPrefix(path, "/user/") && method == http.MethodGet:
		id := path[len("/user/"):]
		if id == "" || strings.IndexByte(id, '/') >= 0 {
			return notFound, nil
		}
		return iron.With(http.StatusOK, id), nil
	case path == "/echo" && method == http.MethodPost:
		return echo(req)
	case path == "/slow" && method == http.MethodGet:
		return slow(req)
	case path == "/panic":
		panic("benchmarks/server: /panic asked for it")
	}
	return notFound, nil
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
