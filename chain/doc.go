// Package chain links middleware around a handler with Rust Iron's
// resolution algorithm. A [Chain] is itself an [iron.Handler], so chains
// nest, can be routed to, and can be replaced by another algorithm.
//
// # Resolution
//
// Before middleware runs in the order linked. When one fails, the remaining
// ones run their [iron.BeforeCatcher] instead (the failing one's own catch is
// not called; one without CatchBefore passes the error on); the first catch
// that returns nil resumes the normal path at the next before middleware.
//
// The handler, wrapped by the around middleware (the first linked is the
// outermost), runs only when the befores ended without an error.
//
// After middleware runs in the order linked: After on the normal path,
// [iron.AfterCatcher] on the error path, where returning a response recovers
// and puts the next after middleware back on the normal path. One without
// CatchAfter passes the error on.
//
// The chain returns the response, or the error that is left; the server
// sends that error's [iron.Error] response, or a bare 500.
//
// Middleware values are shared by every request the server runs at once:
// they must be read-only after start-up, and keep per-request state in the
// request's extensions.
//
// # Responses middleware may change
//
// A handler may return one response value to many requests at once. The
// chain never hands such a value to middleware: each After gets the
// request's own copy of the response it follows ([iron.Own]; for a nil
// response, the empty 404 a server would send), and the handler an Around
// wraps returns the request's own copy of its response. Middleware changes
// that copy in place and returns it; the copy lives in storage the request
// reuses, and is valid until the request ends. A response is copied when it
// is not the request's own already: once for the handler's answer (when an
// after or an around is linked), and once more for each response a
// middleware returns that it did not get from the chain.
//
// # Cost
//
// The chain itself allocates nothing per request: the befores, the handler
// inside its arounds and the afters are called directly, and copying a
// response into the request's storage (at most 64 header names and 256
// values are kept between requests) allocates nothing once that storage has
// served a response with as many header values. What middleware and the
// handler allocate is theirs. Building the arounds, once, on the first
// request, allocates the handlers they return.
//
// # Failures when the chain is built
//
// An Around that panics or returns nil when the chain is built makes every
// request the chain serves panic with an error that wraps [ErrBuild] and
// names the Around, its panic value and where it panicked: the server
// answers each with a 500 and logs it, every time, rather than once.
package chain
