// Package persistent shares state between all the requests a chain serves,
// in Rust Iron's three kinds, and is how extensions take per-chain
// configuration.
//
// A value is shared through a slot, declared once at package level like an
// [iron.Key], and put into each request by a before middleware that the
// slot's Share method returns; handlers, wherever they are declared, read it
// back through the same slot:
//
//	var siteName = persistent.NewRead[string]("site.name")  // package level
//	c.LinkBefore(siteName.Share("Iron"))                     // when building the chain
//	name, ok := siteName.Get(req)                            // in a handler
//
// The three kinds differ in how the shared value may be used:
//
//   - [Read] shares a value that nobody changes after start-up: a
//     configuration, a template set, a database handle. Get hands out the
//     value itself, without a lock; a map, slice or pointer it holds must be
//     treated as read-only by every request (or be safe for concurrent use
//     itself, as a *sql.DB is).
//   - [State] shares a value guarded by a [sync.RWMutex] ([RWLocked]): many
//     requests read it at once through View, one at a time changes it through
//     Update. Choose it for a value read far more often than written, such
//     as a cache.
//   - [Write] shares a value guarded by a [sync.Mutex] ([Locked]): every
//     access, read or write, is exclusive. Choose it for a value changed on
//     most accesses, such as a counter.
//
// The value of a State or a Write is made by the program ([NewRWLocked],
// [NewLocked]) and handed to Share, so that code outside any request (a
// background job, a test) can use it too, through the same lock.
//
// Share's middleware stores the value (for Read) or a pointer to the locked
// value (for State and Write) in the request's extensions: linking it costs
// no allocation per request. A chain linked twice with middleware of the
// same slot, or chains nested in one another, leave the value of the
// innermost Share that ran in the request.
//
// A slot that no Share linked into the request's chain gives nothing: Get
// reports false and View and Update return an error that wraps
// [ErrNotLinked] (a bare error: a 500, and a log line naming the slot).
//
// # Per-chain configuration of extensions
//
// Extensions take settings that apply to one chain (and not to the whole
// program) the same way, as Iron's body parser read its limit from a
// persistent value: the extension's New(opts...) returns a before
// middleware that shares its settings through a Read slot of its own, and
// its plugins read them back with Get, falling back to the defaults when
// nothing was linked. bodyparser's body limit and params' upload limits
// work so:
//
//	c.LinkBefore(bodyparser.New(bodyparser.MaxBodyBytes(64 << 10)))
//	c.LinkBefore(params.New(params.MaxFileBytes(1 << 20)))
//
// # Concurrency
//
// Slots and the middleware Share returns are read-only after they are made
// and safe for concurrent use. A [Locked] or [RWLocked] value is safe for
// concurrent use through its methods; the value inside must not escape the
// function passed to View or Update (a pointer to it kept after the
// function returns is read or written without the lock).
package persistent
