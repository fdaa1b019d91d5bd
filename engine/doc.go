// Package engine serves an [iron.Handler] over HTTP/1.1: listeners, the
// accept loop, the connection lifecycle, a strict HTTP/1.1 codec, timeouts,
// limits, TLS, load shedding, graceful shutdown and statistics.
//
//	log.Fatal(engine.New(chain).ListenAndServe(":3000"))
//
// # Concurrency model
//
// Each connection has one small goroutine, which waits for the client and
// never runs a handler; handlers run on the bounded worker pool (package
// worker, on ants/v2). An idle keep-alive connection holds no worker and no
// read buffer: only its goroutine's stack (which stays small, as this
// goroutine does no parsing), the socket and a small struct, a few
// kilobytes in all. (Over TLS the goroutine also runs the handshake and
// waits by reading a byte through crypto/tls, which keeps its own record
// buffers.) Iron on hyper's thread pool hung once idle keep-alive
// connections outnumbered its threads; here ten thousand of them leave a new
// client served at once.
//
// On plain TCP (on Unix) the goroutine waits in a standing wait: one wait
// in the runtime's network poller (a [syscall.RawConn] Read) that lasts as
// long as the connection is idle or busy on a worker. Each time the socket
// turns readable the runtime calls back into the wait, and the callback
// hands the connection to a worker, or, if a worker has it, marks it ready
// again, and goes on waiting. The worker takes a pooled session — read and
// write buffers, a reused [iron.Slot], header storage, a string cache —
// reads what the socket holds (one read, through RawConn.Control: the wait
// holds the read side), serves every whole request in it, in order, through
// [iron.Slot.Respond], queuing the answers (a pipelined batch leaves
// together; a turn ends once 32 KiB of answers are queued), and writes what
// the socket takes at once. When the turn leaves nothing to do, the worker
// gives the session back and marks the connection idle, taking it again at
// once if the socket turned readable meanwhile (unless other connections
// wait for a worker). So an unpipelined request costs a read, a write and
// two goroutine switches (the waiting goroutine, woken by the poller, and
// the worker), and nothing else: no peek, no hand-back. Over TLS, and where
// there is no socket to wait on, the goroutine waits turn by turn instead
// (for a byte through crypto/tls), hands the connection to a worker and
// takes it back after each turn.
//
// Why this design. Three others were built and measured against it
// (benchmarks/README.md, "The engine's design, measured", has the figures
// and commands). The turn-by-turn wait it replaced peeked at the socket
// (MSG_PEEK) before each request, then handed the connection to a worker
// and back: three system calls and four goroutine switches a request.
// Reading for real when the socket turns readable, into a session taken
// from the pool at that moment, saves the peek only when the next request
// is already there; otherwise the first read of each wait finds nothing,
// as the peek did. Letting a worker linger on a busy connection, reading
// with a short deadline while workers are free, saves the hand-offs but
// costs a read that finds nothing and a timer per request, and holds
// workers while clients think. An epoll reactor of the engine's own
// (golang.org/x/sys), handing ready connections to the pool, saves the
// waiting goroutine's wake-up per request, but its sockets are in the
// runtime's poller too (a net.Conn always is), so every arrival is
// reported twice and the reactor makes an epoll_wait of its own per batch;
// it measured no cheaper in CPU per request, and needs deadlines, TLS and
// other systems handled outside it. The standing wait needs none of that:
// the runtime's poller is the reactor.
//
// Every path that must wait on the network leaves the standing wait first:
// a worker that hands work to the connection's goroutine (below) or must
// read the socket itself asks the goroutine to leave the wait, wakes it
// with a read deadline in the past, and the goroutine takes over as in the
// turn-by-turn model, coming back to the standing wait once the connection
// is idle. The wait's deadline is the idle timeout (ReadHeaderTimeout, from
// the accept, for a connection's first request); it is checked when it
// passes against the time the last turn ended, so busy connections cost no
// timer resets.
//
// A worker never waits on the network; the connection's goroutine does:
//
//   - a request head still incomplete is copied aside and the worker moves
//     on, so a slowloris client costs a goroutine, not a worker;
//   - a request whose body has not arrived does not run yet: the
//     connection's goroutine reads the body into memory first, up to
//     BodyBufferBytes (as nginx buffers request bodies), then hands the
//     request back to a worker, whose handler finds the body there;
//   - an answer with a body that is not a short string or byte slice (a
//     file, a reader, a stream, anything over 16 KiB) is written by the
//     connection's goroutine, which keeps the session (so the iron.Request
//     a streaming body may still use stays valid) while the worker serves
//     other connections; a file goes out with sendfile(2) where it can;
//   - the unread rest of a request body is drained, or the connection
//     closed, by the connection's goroutine, and so is the lingering close
//     that lets an early answer reach the client;
//   - a connection switched to another protocol (see "Upgrades") runs its
//     new protocol on the connection's goroutine, out of the engine.
//
// So a worker is held only while a handler runs; the one exception is a
// handler reading a body larger than BodyBufferBytes, which reads the rest
// as it comes, at MinBodyRate at least (see "Slow and hostile clients").
//
// Workers(n) bounds the requests running the handler at once. The default is
// 256 per GOMAXPROCS. Only connections with bytes to serve take a worker,
// so with a CPU-bound handler a few workers serve as fast as many; with a
// handler that waits (as one calling a database does), throughput follows
// the worker count until it passes the requests waiting at once. A worker
// is only a goroutine, so the bound is sized for waiting work rather than
// for CPUs: docs/tuning.md gives the measurements (BenchmarkWorkers, by
// handler mix and queue) and how to choose. Past the workers, at most Queue connections (default 4 ×
// Workers; [NoQueue] for none) wait for one; past the queue the engine
// answers 503 Service Unavailable with Retry-After at once, so a load
// balancer can try another instance, or, with BlockWhenBusy, waits. The
// 503 is written by the connection's goroutine, without a worker; the
// connection stays open when the request arrived whole, body and all (the
// client retries on it, and the engine keeps no TIME_WAIT socket per 503),
// and closes, lingering, when its body was still on its way. QueueTimeout
// bounds the wait in the queue the same way: a request that waited longer
// is answered 503 instead of run, as the time it spent there is invisible
// to middleware.
//
// Each listener has one accept loop. A single listening socket serializes
// accepting; for servers with many cores that take many new connections,
// [Listeners](n) makes ListenAndServe open n sockets sharing the address
// (SO_REUSEPORT, Linux), each with its own loop, the kernel spreading new
// connections over them.
//
// The request side allocates nothing per request in steady state and uses no
// unsafe: header names and values, the method and the target handed to the
// handler are real Go strings, made by a per-session cache that reuses the
// string it made last time for the same bytes. A handler that answers with
// [iron.With] costs one allocation per request (its Response). A request
// whose body is buffered (one that did not arrive with its head) costs the
// buffer, and one that asks for req.Context() its context and the watch.
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
// against MaxHeaderBytes. TE requests are served as plain HTTP/1.1, and so
// are Upgrade requests unless the handler switches (see "Upgrades").
// Characters RFC 3986 leaves
// out of URIs but that are visible ASCII (such as "|" or "{") are let through
// in targets, as clients send them unencoded.
//
// Keep-alive, pipelining (answers in order), HTTP/1.0 (closed unless
// keep-alive is asked for), Connection: close, absolute-form targets, chunked
// request bodies with extensions and trailers (read with
// [iron.Request.Trailer] once the body is read to its end), chunked answers
// when a body's length is unknown (with trailers from
// [iron.Response].Trailer, announced in a Trailer header when known before
// the body is written), Expect: 100-continue, HEAD (headers only, with the
// Content-Length a handler states when it gives no body) and a Date header
// are all handled. The Date is the time the engine took up the request (a
// pipelined batch shares one), formatted once a second: one clock read per
// batch, not per answer; it may precede the answer by the handler's time,
// which RFC 9111's age arithmetic counts anyway (as response delay). 204, 205 and 304 answers never carry a
// body whatever the handler gave: 204 without Content-Length, 205 with
// Content-Length: 0, 304 with only a Content-Length the handler states; a
// 1xx status as the final answer (but a switch, see "Upgrades") or a
// four-digit one is a 500.
//
// Interim answers ([iron.Interim]: 103 Early Hints, 102 Processing) are
// queued after the answers before them and, on plain TCP, written at once
// from the handler's goroutine, as far as the socket takes them without
// waiting, so that a hint reaches the client while the handler works; what
// the socket does not take, and over TLS all of it (a TLS write cannot stop
// half-way, and a worker never waits), leaves with the final answer, before
// it. The engine writes the status line and the fields given, less those
// that frame a message or the connection, and no Date; an HTTP/1.0 client
// gets none (RFC 9110 section 15.2). A net/http handler's WriteHeader(103)
// under httpadapter.FromHTTP is sent the same way.
//
// The engine sends 100 Continue itself when it begins buffering a body,
// before the handler runs, as nginx does: a handler cannot decline a body
// before it is sent, and a client waiting for the 100 never holds a worker.
// A body whose Content-Length is over MaxBodyBytes gets no 100 Continue: its
// handler runs at once, and its first read fails with [ErrBodyTooLarge], an
// [iron.Error] of status 413 that wraps [iron.ErrBodyTooLarge]. A body that
// passes MaxBodyBytes while it is read fails the same way. A body read that
// times out fails with [ErrBodyTimeout] (408), broken chunked framing with
// a 400.
//
// A body the handler did not read is skipped if it is all in memory, else
// read and discarded (in the connection's goroutine) up to 256 KiB, as
// net/http does, before the answer is written; a longer one, or one whose
// rest would take longer, makes the answer say Connection: close, chunked or
// not.
//
// Every value that reaches the wire is checked before anything is written,
// whatever path it took: a header name that is not a token, or a CR, LF or
// NUL in a value (of the header map or of the content type set with
// [iron.ContentType]), turns the answer into a 500 and a log line; a trailer
// that could not be sent safely is dropped. The status line comes from the
// status code alone. A panic anywhere in the chain is a 500 logged with its
// stack, and the engine keeps serving.
//
// A client that goes away while its request is served is not a server
// error: the request counts in [Stats].ClientClosed, not in Errors, and what
// [iron.Slot.Respond] logs for it (a handler failing with "context canceled",
// say) is lowered to Debug. A plain HTTP request sent to a TLS listener gets
// the answer http.Server gives it (400, "Client sent an HTTP request to an
// HTTPS server.") and the connection closes.
//
// # Upgrades
//
// A handler switches its connection to another protocol (WebSocket, say)
// by answering with [iron.Upgrade], or takes it over with nothing written
// with [iron.Hijack]; a net/http handler that hijacks under
// httpadapter.FromHTTP (coder/websocket, gorilla/websocket) goes through the
// same path. The worker treats such an answer as one it cannot queue whole:
// it hands the connection to the connection's goroutine and moves on. That
// goroutine
//
//   - checks the switch (Upgrade only): the request must be HTTP/1.1, with
//     "upgrade" among its Connection options and an Upgrade header listing
//     every protocol of the answer's Upgrade header (RFC 9110 section 7.8);
//     otherwise, as for a field that cannot be sent, the answer is a 500, a
//     log line, and the function never runs;
//   - reads and discards the request body the handler left (Upgrade only),
//     within the bounds of an unread body (256 KiB, the body timeouts): the
//     new protocol starts after the request. A body that cannot be read to
//     its end turns the switch into a 500 and a close. With Hijack the
//     function gets the body as it came;
//   - stops the disconnect watch, writes the answers queued before and the
//     101 head (status line, Date, the answer's fields, Connection:
//     Upgrade), within the write bounds of any answer;
//   - then takes the connection out of the engine: it leaves the open
//     connections ([Stats].Conns) and MaxConns, the idle wait, the
//     pool and every deadline (the read and write deadlines are cleared),
//     and counts in [Stats].Upgraded until the function returns;
//   - and runs the function itself, for the socket's life: a switched
//     connection costs its goroutine and what the protocol keeps, never a
//     worker. The function gets the connection (the *tls.Conn over TLS) and
//     a bufio.ReadWriter whose reader holds, already buffered, the bytes the
//     client sent after the request (a pipelined WebSocket frame, say): they
//     belong to the new protocol. The connection is the function's: the
//     engine never reads, writes or closes it again, except in Close.
//
// A panic in the function is logged with its stack and closes the
// connection; the engine goes on serving. The request's context ends once
// the function returns (its values go on in the function's context).
//
// Shutdown tells switched connections through their function's context,
// which ends (with cause [ErrServerClosed]) as Shutdown or Close begins, so
// that each can say goodbye in its protocol (a WebSocket closes with 1001
// Going Away). Shutdown then waits for their functions to return as it
// waits for requests in flight, and no longer than its context: a function
// that ignores its context keeps Shutdown waiting until ctx ends (give
// Shutdown a deadline), and is left running when Shutdown returns ctx's
// error. Close closes switched connections with every other.
//
// # Slow and hostile clients
//
// Every wait on a client is bounded, and done in the connection's own
// goroutine. The bounds, with their defaults (each a [Config] field and an
// option):
//
//   - the TLS handshake and each request head: ReadHeaderTimeout (5 s) from
//     the first byte (or from the accept, for a connection's first), within
//     MaxHeaderBytes (64 KiB), MaxHeaderCount (256) fields and MaxURILength
//     (8 KiB);
//   - between requests: IdleTimeout (120 s);
//   - a request body: MaxBodyBytes (10 MiB); ReadTimeout (60 s) from the
//     request's first byte; and MinBodyRate (240 bytes a second) after
//     RateGracePeriod (5 s), measured from the start of the buffering and,
//     on a worker, afresh from the handler's first wait for more. Past them
//     the answer is 408 Request Timeout;
//   - the memory a request waiting for its body holds: what the client sent
//     of it, up to BodyBufferBytes (64 KiB, the size of the largest head)
//     past the head. The buffer grows with what arrives, never ahead of it;
//   - a handler reading a body over BodyBufferBytes: it holds its worker
//     while it reads the rest, at most RateGracePeriod plus the time the
//     bytes that came since take at MinBodyRate, and never past
//     ReadTimeout;
//   - writing an answer: WriteTimeout (60 s) for each piece of at most 64
//     KiB, and MinResponseRate (240 bytes a second) after RateGracePeriod,
//     measured over the writes that had to wait for the client (bytes that
//     went straight into the socket's buffer, and a streaming body's pauses
//     between writes, do not count). A streamed answer cannot outlive a
//     client that reads too slowly by flushing often;
//   - an unread request body kept to reuse the connection: 256 KiB, read
//     within the body limits above;
//   - lingering before a close that may find the client still sending
//     (after an early answer: 413, 417, 400, 503, a handler that did not
//     read the body): LingerTimeout (5 s) and LingerBytes (64 MiB). The
//     engine half-closes, then reads and discards what comes until the
//     client closes its end, LingerBytes have come, or LingerTimeout has
//     passed; it stops reading at LingerBytes and closes at LingerTimeout,
//     which resets a client that is still sending;
//   - a shed request whose body has not all arrived: its 503 says
//     Connection: close, and the engine lingers as above;
//   - open connections: MaxConns (100,000).
//
// Why these. The rates and the grace period are Kestrel's
// (MinRequestBodyDataRate, MinResponseDataRate): 240 bytes a second is
// slower than any network that works at all, so only a client that stalls,
// on purpose or dead, is cut, and the grace covers TCP's slow start and a
// passing stall. The buffer bound keeps what a silent client can make the
// engine hold to what a large head costs, and covers most API and form
// bodies, whose handlers then never wait. The linger bound is set by what
// proxies need: when the engine answers 413 to a large upload it has not
// read, a proxy in front (nginx, HAProxy) is still forwarding the body, and
// passes the answer on without logging a reset or failing the request only
// if the engine goes on reading until the proxy has sent it all (the
// measurements are in benchmarks/README.md). net/http, which half-closes and
// waits 500 ms without reading, serves a client that reads while it sends,
// but not a proxy still forwarding megabytes. A client that closes once it
// has the answer ends the linger at once; one that keeps sending past 64 MiB
// or 5 s is reset.
//
// # Handler timeout
//
// HandlerTimeout is the deadline of req.Context(). That context is made only
// when the handler asks for it, so a handler that never does pays nothing;
// it is cancelled once the answer has been written (or its writing failed),
// so a streaming body may watch it; when its deadline passes; or when the
// client closes or resets its connection, or (over TLS) sends its
// close_notify alert. The engine watches for that in a goroutine of its own,
// with no deadline, until the answer is written or the client sends more
// bytes (the rest of the body, or a pipelined request).
//
// # Draining and shutdown
//
// [Engine.Drain] stops an instance behind a load balancer without losing a
// request, [Engine.Run] drains when its context ends (a SIGTERM, say), and
// [Engine.Shutdown] stops now, gracefully. A drain goes in three steps:
//
//   - the drain period (DrainPeriod, 10 s: see [Config.DrainPeriod] for how
//     to set it): [Engine.Draining] turns true at once, so that a
//     readiness check fails and the balancer stops sending requests;
//     meanwhile the engine serves what still comes, new
//     connections included, and every answer says Connection: close, so
//     that each of the balancer's keep-alive connections ends cleanly
//     after its next answer. Idle keep-alive connections stay open: a
//     balancer may pick one at any moment, and a request sent into a
//     connection as it closes is lost (a proxy does not send a POST
//     again);
//   - closing the listener: closing a listening socket resets the
//     connections still waiting in its backlog, whose requests a proxy has
//     often sent already. So each listener keeps accepting until it has
//     been quiet for 250 ms (no new connection: the balancer has stopped
//     sending), at most one second, then takes what its backlog holds and
//     closes (on Linux the backlog is swept with non-blocking accepts just
//     before the close). Shutdown waits for no quiet spell, but takes the
//     backlog too;
//   - serving every connection accepted to its end: idle connections close
//     (those with a request arriving are served), connections with a
//     request under way close after its answer (a request head still
//     arriving has ReadHeaderTimeout to end), and new ones get 250 ms for
//     their first request.
//
// Drain and Shutdown return once every connection has closed; when their
// context ends first they close the rest, as [Engine.Close] does at once,
// and return the context's error. What a drain still loses is a request
// that crosses a close on the wire: a connection completing its handshake
// in the moments between the listener's last accept and its close, or a
// request sent on an idle connection as it closes at the end. Behind a
// balancer that checks readiness, with a drain period longer than it takes
// to notice, neither happens: it has stopped using the instance. A
// balancer without active checks (open-source nginx) keeps sending until
// it is refused, and must retry refused connections on another instance
// (proxy_next_upstream error, the default).
//
// A main that stops on SIGTERM or Ctrl-C:
//
//	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
//	defer stop()
//	context.AfterFunc(ctx, stop) // a second signal stops the program at once
//	if err := engine.New(h).Run(ctx, ":3000"); err != nil {
//		log.Fatal(err)
//	}
//
// Run bounds the stop after the drain period with ShutdownTimeout (15 s),
// so that with both at their defaults it ends within Kubernetes' default
// grace period of 30 s. A second signal ends the program at once, as
// stop restores the default handling of the signals.
//
// Switched connections (see "Upgrades") are told when a drain's period ends
// or Shutdown begins: their functions' contexts end, and Drain and Shutdown
// wait for those functions as for connections, until their own context ends.
package engine
