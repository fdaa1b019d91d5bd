// Package httpadapter joins Iron and net/http, both ways, so that Iron fits
// the Go ecosystem:
//
//   - [Handler] serves an Iron handler (a chain, a router) from any
//     [net/http.Server]: HTTP/2 and TLS through the standard server, net/http
//     middleware in front, [net/http/httptest] in tests.
//   - [FromHTTP] runs any net/http handler inside an Iron chain:
//     net/http/pprof, promhttp, [net/http.FileServer], a websocket upgrade.
//   - [Around] links net/http middleware, func(http.Handler) http.Handler,
//     into a chain as an around middleware.
//
// Serving a chain with HTTP/2 over TLS:
//
//	c := chain.New(iron.HandlerFunc(hello))
//	srv := &http.Server{Addr: "localhost:3000", Handler: httpadapter.Handler(c)}
//	log.Fatal(srv.ListenAndServeTLS("cert.pem", "key.pem"))
//
// Mounting pprof inside Iron, on the engine or anywhere else:
//
//	pprofHandler := httpadapter.FromHTTP(http.DefaultServeMux) // after importing net/http/pprof
//
// Status, headers, bodies of every kind, trailers, HEAD, streaming and
// flushing survive both ways, with the write-back defaults of the core
// (see [Handler]). How FromHTTP holds back or streams a handler's output,
// and what it costs, is in its documentation.
//
// # Hijacking
//
// A net/http handler under FromHTTP can take over the connection (to speak
// websocket, say) when the server that runs the Iron chain offers it under
// [HijackerKey]: [Handler] does, for http.Server. A server that does not
// makes the handler's Hijack fail, and the client gets a clear 501: so does
// the engine, for now, which does not offer its connections.
package httpadapter
