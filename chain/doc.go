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
package chain
