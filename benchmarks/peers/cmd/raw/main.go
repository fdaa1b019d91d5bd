// Command raw is the comparison's ceiling: a hand-written HTTP/1.1
// keep-alive server (package rawhttp) with a goroutine per connection and
// precomputed responses, the least work a correct server can do in Go.
//
//	raw -addr 127.0.0.1:8080
//
// It answers the contract of cmd/compare: GET /plaintext, GET /json and
// GET /user/{id}. It is a yardstick, not a server to deploy.
package main

import (
	"flag"
	"log"
	"net"

	"github.com/iron-go/iron/benchmarks/peers/internal/rawhttp"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8080", "address to listen on")
	flag.Parse()

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	log.Fatal(rawhttp.Serve(ln))
}
