// Command chi is the go-chi/chi peer of the comparison: chi.NewRouter with
// {id} patterns and no middleware.
//
//	chi -addr 127.0.0.1:8080
//
// It answers the contract of cmd/compare: GET /plaintext, GET /json
// (encoding/json, per request) and GET /user/{id}.
package main

import (
	"encoding/json"
	"flag"
	"log"
	"net/http"

	"github.com/go-chi/chi/v5"
)

type message struct {
	Message string `json:"message"`
}

func main() {
	addr := flag.String("addr", "127.0.0.1:8080", "address to listen on")
	flag.Parse()

	r := chi.NewRouter()
	r.Get("/plaintext", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = w.Write([]byte("Hello, World!"))
	})
	r.Get("/json", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(message{Message: "Hello, World!"})
	})
	r.Get("/user/{id}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = w.Write([]byte(chi.URLParam(r, "id")))
	})
	log.Fatal(http.ListenAndServe(*addr, r))
}
