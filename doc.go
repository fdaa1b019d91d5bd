// Package iron is the vocabulary of Iron for Go: the types every other package
// of the framework speaks, and nothing else.
//
// A [Handler] turns a [Request] into a [Response] or an error. Middleware comes
// in three roles, as in Rust's Iron: a [BeforeMiddleware] runs before the
// handler, an [AfterMiddleware] after it, and an [AroundMiddleware] wraps the
// handler itself. The optional [BeforeCatcher] and [AfterCatcher] are the error
// paths of the first two. Package chain links them into one Handler with
// Iron's resolution algorithm; package engine serves a Handler over HTTP/1.1.
//
// Responses are built from modifiers with [With]: an int sets the status, a
// string, []byte or [io.Reader] the body, an [http.Header] merges headers, and
// any [Modifier] modifies the response as it likes:
//
//	return iron.With(http.StatusOK, iron.ContentType("text/html"), "<h1>Hi</h1>"), nil
//
// Per-request data travels in typed extensions ([NewKey], [Set], [Get],
// [Delete]), and lazily computed, cached views of a request (a parsed body, a
// query string, route parameters) are [Plugin]s evaluated by [Compute].
//
// An [Error] pairs an error with the response to send for it; a bare error
// becomes a 500 whose body says nothing of the error.
//
// # Ownership
//
// A Request belongs to one goroutine at a time: middleware and handlers may
// read and change it without locks, and must not use it after the handler
// returns. Every string and value a Request hands out stays valid after that:
// servers may reuse a Request's storage, never the values it gave away.
//
// A Response built by a handler is the handler's own value: servers and
// chains only read it, so a handler may return one response to many requests
// at once. Middleware changes the response it is handed all the same: a
// chain hands it the request's own copy ([Own]), made in storage the request
// reuses, so that copying a response and setting headers on the copy
// ([Response.SetHeader], [Response.AddHeader]) allocate nothing in steady
// state. That copy is valid until the request ends; a middleware that keeps
// a response longer keeps a [Response.Clone].
//
// # Bounds
//
// A request's extension storage holds a cell for each key it has been given.
// Between requests it keeps the cells of at most 32 keys, preferring those
// the last request set, and the response storage of [Own] keeps at most 64
// header names and 256 header values; what a larger request grew is dropped
// rather than kept. So keys made per instance (in a constructor called per
// mount, say) cost memory in proportion to the keys a request uses, never to
// the number of keys ever made.
//
// # For servers
//
// Handlers and middleware never need what follows. A server (package
// engine, package httpadapter, or one of your own) keeps a [Slot] per worker or
// connection: for each request it fills in an [Incoming] (its
// [HeaderField]s among it), calls [Slot.Reset], runs the handler with
// [Slot.Respond], writes the response that returns, and only then resets the
// slot for the next request. A handler is given the slot's [Request], never
// the Slot, so it cannot reset or rebind its own request. A server that can
// send interim answers sets [Incoming].Interim; one that can hand a
// connection over sets [Incoming].Upgradable, and carries out a response
// whose [Response.Takeover] is not nil: it writes the answers before it and
// (for [Upgrade]) the 101 head, then calls the function off its workers.
package iron
