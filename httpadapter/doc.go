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
// # Upgrades and hijacking
//
// A net/http handler under FromHTTP can take over the connection (a
// WebSocket library's, say) on both servers: the engine and http.Server
// through [Handler]. Its Hijack becomes an Iron response that takes over
// the connection ([iron.Hijack], or [iron.Upgrade] when it wrote 101 first),
// so the server hands the connection over once the answers before it are
// written, with what the client sent after the request buffered in the
// reader, and without holding an engine worker. Iron handlers switch the
// same way, with [iron.Upgrade], under [Handler] as on the engine. Only
// HTTP/2 cannot: Hijack fails with [ErrHijackUnsupported] and the client
// gets 501.
//
// Interim answers go through both ways too: [iron.Interim] through
// net/http's 1xx support under [Handler], and a net/http handler's
// WriteHeader(103) under FromHTTP through [iron.Interim].
package httpadapter
