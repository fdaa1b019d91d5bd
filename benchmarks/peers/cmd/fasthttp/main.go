// Command fasthttp is the valyala/fasthttp peer of the comparison, routed by
// fasthttp/router with {id} patterns, default server settings.
//
//	fasthttp -addr 127.0.0.1:8080
//
// It answers the contract of cmd/compare: GET /plaintext, GET /json
// (encoding/json, per request) and GET /user/{id}.
package main

import (
	"encoding/json"
	"flag"
	"log"

	"github.com/fasthttp/router"
	"github.com/valyala/fasthttp"
)

type message struct {
	Message string `json:"message"`
}

func main() {
	addr := flag.String("addr", "127.0.0.1:8080", "address to listen on")
	flag.Parse()

	r := router.New()
	r.GET("/plaintext", func(ctx *fasthttp.RequestCtx) {
		ctx.SetContentType("text/plain; charset=utf-8")
		ctx.SetBodyString("Hello, World!")
	})
	r.GET("/json", func(ctx *fasthttp.RequestCtx) {
		ctx.SetContentType("application/json")
		_ = json.NewEncoder(ctx).Encode(message{Message: "Hello, World!"})
	})
	r.GET("/user/{id}", func(ctx *fasthttp.RequestCtx) {
		ctx.SetContentType("text/plain; charset=utf-8")
		id, _ := ctx.UserValue("id").(string)
		ctx.SetBodyString(id)
	})
	s := &fasthttp.Server{Handler: r.Handler, Name: "fasthttp"}
	log.Fatal(s.ListenAndServe(*addr))
}
