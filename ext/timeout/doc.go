// Package timeout gives handlers a deadline: past it, the request's context
// is cancelled and the client is answered 503 Service Unavailable (or 504
// Gateway Timeout, see [Status]) instead of the late response.
//
// [Timeout] is an around middleware. It replaces the request's context with
// one that is cancelled when the deadline passes ([iron.Request.SetContext]),
// runs the handler, and then:
//
//   - when the handler returned before the deadline, passes its answer on;
//   - when the deadline has passed (the handler noticed the cancelled context
//     and gave up, or finished late), drops the handler's answer, closing its
//     body, and fails with an error that wraps [ErrTimeout] and
//     [context.DeadlineExceeded], sent as the timeout response; the after
//     middleware's catchers (a logger's) see it as any other error;
//   - when the client went away first (the context was cancelled rather than
//     timed out), passes the handler's answer on untouched.
//
// Once the deadline has passed, [context.Cause] of the handler's context is
// [ErrTimeout], so that a handler or a client library can tell this deadline
// from the engine's own or a caller's.
//
// # Why the handler is not abandoned
//
// The middleware waits for the handler to return; it does not run it on
// another goroutine and answer early. A Request belongs to one goroutine at a
// time and its storage is reused for the next request once the chain
// returns, so a handler left running on its own would read a request that
// has moved on, a data race the race detector would rightly report. (Echo
// dropped its goroutine-based timeout middleware for the same class of races.)
// The deadline is therefore cooperative: a handler that calls the database,
// another service or anything else that takes the context stops at the
// deadline and the client gets the timeout answer at once; a handler that
// ignores its context is answered when it returns. The engine's own write
// and handler timeouts bound what remains.
//
// The deadline covers producing the response, not sending it: once the
// handler has returned, the request's earlier context is restored and the
// middleware's is cancelled, so a streaming body must not rely on the
// context it saw in the handler.
//
// Link it as an around, or wrap a whole chain with Around to bound the
// before and after middleware as well:
//
//	c.LinkAround(timeout.New(2 * time.Second))
package timeout
