// Package engine serves an [iron.Handler] over HTTP/1.1: listeners, the
// accept loop, the connection lifecycle, a strict HTTP/1.1 codec, timeouts,
// limits, TLS, load shedding, graceful shutdown and statistics.
//
//	log.Fatal(engine.New(chain).ListenAndServe(":3000"))
//
// # Concurrency model
//
// Each connection has one small goroutine. While the connection is idle that
// goroutine waits for the client to send something by peeking at the socket
// (a MSG_PEEK recv through [syscall.RawConn]), so an idle keep-alive
// connection holds no worker and no read buffer: only its goroutine's stack
// (which stays small, as this goroutine does no parsing), the socket and a
// small struct, a few kilobytes in all. (Over TLS the goroutine also runs the
// handshake and waits by reading a byte through crypto/tls, which keeps its
// own record buffers.) Iron on hyper's thread pool hung once
// idle keep-alive connections outnumbered its threads; here ten thousand of
// them leave a new client served at once.
//
// When bytes arrive, the connection is handed to the bounded worker pool
// (package worker, on ants/v2). The worker takes a pooled session — read and
// write buffers, a reused [iron.Slot], header storage, a string cache —
// reads what the socket holds without waiting, and serves every whole request
// in it, in order, through [iron.Slot.Respond]; the answers of a pipelined batch
// leave together, written whenever 32 KiB of them are queued and at the
// batch's end. Then it gives the session back and returns the
// connection to its goroutine. Workers never wait for a request head: a head
// still incomplete is copied aside and the worker moves on, so a slowloris
// client costs a goroutine, not a worker.
//
// Workers(n) bounds the requests running the handler at once. The default is
// 256 per GOMAXPROCS. BenchmarkWorkers (in the module's benchmarks folder)
// runs 64 keep-alive clients at once: with a CPU-bound handler, 4 workers
// serve as fast as 256, because only connections with bytes to serve take
// one; with a handler that waits 1 ms (as one calling a database does),
// throughput follows the worker count until it passes the requests waiting
// at once (4 workers: 330 µs per request; 64: 53 µs; 256: 42 µs). A worker
// is only a goroutine, so the bound is sized for waiting work rather than
// for CPUs. Past the workers, at most Queue connections (default 4 ×
// Workers) wait for one; past the queue the engine answers 503 Service
// Unavailable with Retry-After at once, so a load balancer can try another
// instance, or, with BlockWhenBusy, waits.
//
// The request side allocates nothing per request in steady state and uses no
// unsafe: header names and values, the method and the target handed to the
// handler are real Go strings, made by a per-session cache that reuses the
// string it made last time for the same bytes. A handler that answers with
// [iron.With] costs one allocation per request (its Response).
//
// # HTTP/1.1
//
// The codec follows RFC 9112 and RFC 9110 to the letter rather than net/http's
// leniency: exactly one space in the request line, CRLF line endings, no
// obs-fold, no whitespace before a header colon, no control characters in
// names or values, whole percent-encodings throughout the target (path and
// query), one valid Host (required on HTTP/1.1, and checked even when an
// absolute-form target's authority overrides it), a Content-Length of digits
// only and given once, no Content-Length with Transfer-Encoding, no
// Transfer-Encoding on HTTP/1.0, chunked last and once, chunk sizes of bare
// hex digits with no whitespace but before a ";" extension. Such messages
// are answered 400 (501 for an unknown transfer coding, 505 for an
// unsupported version, 431 for a head over MaxHeaderBytes or with more than
// MaxHeaderCount fields, 414 for a target over MaxURILength) before any
// handler runs, and the connection is closed: no byte after a bad message is
// ever read as a request. FuzzParseHead checks the parser against net/http's
// ReadRequest: whatever Iron accepts, net/http reads the same way.
//
// Choices the RFCs leave open: a Content-Length repeated with the same value
// ("42, 42", or two lines of 42) is refused with 400 rather than taken as 42
// (RFC 9110 section 8.6 allows both; a message framed twice is more often an
// attack than a slip). CONNECT is answered 501 Not Implemented and the
// connection closed, as the engine makes no tunnels. A request of a later
// HTTP/1.x version is served as HTTP/1.1 (RFC 9110 section 2.5); other
// versions get 505. Empty lines before a request line are skipped, but count
// against MaxHeaderBytes. TE and Upgrade requests are served as plain
// HTTP/1.1: the engine never switches protocols. Characters RFC 3986 leaves
// out of URIs but that are visible ASCII (such as "|" or "{") are let through
// in targets, as clients send them unencoded.
//
// Keep-alive, pipelining (answers in order), HTTP/1.0 (closed unless
// keep-alive is asked for), Connection: close, absolute-form targets, chunked
// request bodies with extensions and trailers (read with
// [iron.Request.Trailer] once the body is read to its end), chunked answers
// when a body's length is unknown (with trailers from
// [iron.Response].Trailer, announced in a Trailer header when known before
// the body is written), Expect: 100-continue (100 Continue is sent only when
// the handler reads the body; any other expectation gets 417), HEAD (headers
// only, with the Content-Length a handler states when it gives no body) and a
// Date header cached per second are all handled. 204, 205 and 304 answers
// never carry a body whatever the handler gave: 204 without Content-Length,
// 205 with Content-Length: 0, 304 with only a Content-Length the handler
// states; an interim (1xx) or four-digit status from a handler is a 500. A
// body the handler did not read is drained, up to 256 KiB, or the connection
// closes after the answer. A body over MaxBodyBytes fails the
// handler's reads with [ErrBodyTooLarge], an [iron.Error] of status 413.
//
// Response headers are checked before anything is written: a name that is
// not a token, or a CR, LF or NUL in a value, turns the answer into a 500 and
// a log line. A panic anywhere in the chain is a 500 logged with its stack,
// and the engine keeps serving.
//
// # Timeouts and shutdown
//
// ReadHeaderTimeout bounds the head of each request (and a new connection's
// first one); IdleTimeout bounds the wait between requests; ReadTimeout the
// reading of a whole request; WriteTimeout each write of an answer;
// HandlerTimeout is the deadline of req.Context(). That context is made only
// when the handler asks for it, so a handler that never does pays nothing;
// it is cancelled once the answer has been written (or its writing failed),
// so a streaming body may watch it; when its deadline passes; or when the
// client closes its connection, which the engine watches for until the
// answer is written or the client sends more bytes (a pipelined request).
//
// [Engine.Shutdown] stops accepting, closes idle connections, lets requests
// in flight finish (their answers say Connection: close) and returns when
// all connections are closed or its context ends. [Engine.Draining] turns
// true at once, for readiness checks.
package engine
