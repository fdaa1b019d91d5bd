// Command nethttp is the net/http peer of the comparison: a ServeMux with
// Go 1.22 method and wildcard patterns, no middleware.
//
//	nethttp -addr 127.0.0.1:8080
//
// It answers the contract of cmd/compare: GET /plaintext, GET /json
// (encoding/json, per request) and GET /user/{id}.
package main

import (
	"encoding/json"
	"flag"
	"log"
	"net/http"
)

type message struct {
	Message string `json:"message"`
}

func main() {
	addr := flag.String("addr", "127.0.0.1:8080", "address to listen on")
	flag.Parse()

	mux := http.NewServeMux()
	mux.HandleFunc("GET /plaintext", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = w.Write([]byte("Hello, World!"))
	})
	mux.HandleFunc("GET /json", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(message{Message: "Hello, World!"})
	})
	mux.HandleFunc("GET /user/{id}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = w.Write([]byte(r.PathValue("id")))
	})
	log.Fatal(http.ListenAndServe(*addr, mux))
}
