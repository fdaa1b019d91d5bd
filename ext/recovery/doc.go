// Package recovery turns a panicking handler into a 500 response and a log
// line with the stack, instead of a dropped connection.
//
// [Recovery] is an around middleware: the handler it wraps (and every around
// middleware linked after it) runs under a deferred recover. A panic becomes
// an error whose response is 500 Internal Server Error, or whatever the
// [Responder] option answers, so the after middleware's catchers (a logger's,
// say) see the request fail as they would see any other error; the error is
// a [*PanicError] that carries the panic value and the stack, found with
// [errors.As]. The panic is logged through [log/slog] at Error level with its
// stack.
//
// Before and after middleware run outside every around, so a panic there is
// not caught by an around in the same chain. To cover a whole chain, wrap it:
// Around works on any handler.
//
//	rec := recovery.New()
//	c := chain.New(handler)
//	c.LinkAround(rec)          // the handler and inner arounds
//	server := rec.Around(c)    // the whole chain, befores and afters too
//
// A panic with [http.ErrAbortHandler] is not recovered: as in net/http, it
// means the handler wants the server to abort the response, and the server
// decides what that means.
package recovery
