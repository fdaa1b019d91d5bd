// Package session keeps per-user state across requests: typed values in a
// session named by a cookie, saved in the cookie itself or in a store
// shared by every instance of a site.
//
// # Use
//
// Link the middleware ([Sessions], from [New] or [NewCookie]) before
// anything that uses sessions, and declare typed keys once:
//
//	var userKey = session.NewKey[string]("user")
//
//	sessions := session.New(redisstore.New(client))  // or NewCookie(codec), or New(memstore.New())
//	c := chain.New(router)
//	c.Link(sessions)
//
//	// in a handler
//	user, ok, err := session.Get(req, userKey)
//	if err != nil {
//		return nil, err // the store is down: a 503
//	}
//	...
//	err = session.Renew(req)                 // on sign-in: a new ID
//	err = session.Set(req, userKey, "alice")
//	...
//	err = session.Destroy(req)               // on sign-out
//
// Values are encoded with encoding/json when [Set] is called and decoded
// into the key's type by each [Get]: any JSON-encodable T works (exported
// fields of structs, as encoding/json sees them). JSON rather than gob
// because saved sessions outlive a release: a field added or renamed in a
// struct decodes as its zero value instead of failing, and sessions in
// Redis can be read by a person or another program.
//
// # When the session is loaded and saved
//
// Nothing happens until a request uses its session: the first [Get],
// [Set], [Delete], [Renew], [Destroy] or [ID] reads the cookie and loads
// the session (a plugin, cached for the rest of the request). After the
// handler, the middleware writes the session and sets the cookie only when
// the request changed something, renewed or destroyed the session, or when
// an unchanged session's idle deadline is due to be pushed back (see
// [IdleTimeout]). A request that never uses its session, or only reads it,
// sets no cookie and costs no store write; a fresh session that nothing
// was put in is never saved. A response to a request that used its session
// gets Vary: Cookie, so that no shared cache hands it to another user.
//
// A cookie that names no valid session — tampered with, truncated, made
// under a retired key, expired, or an ID the store does not know — is
// ignored: the request gets a fresh session with a new ID (an ID a client
// chose is never adopted), logged at Debug level, never an error.
//
// A store that cannot answer (Redis down) fails the request with a 503
// (with Retry-After: 1) whose error wraps [ErrStore], and logs the failure through [Logger]: on
// load, the error comes back from Get or Set for the handler to return; on
// save, the after middleware returns it instead of the handler's response,
// so a change that was not kept is never reported as done. On the error
// path, a session is saved only for a deliberate answer below 500 (see
// [Sessions.CatchAfter]).
//
// # Cookies and timeouts
//
// The session cookie is HttpOnly always, SameSite=Lax, Path=/, and Secure
// when the request came over HTTPS: over TLS, or through a proxy that
// terminates TLS and that ext/realip trusts (link a realip.RealIP before
// the sessions), or by the app's own rule ([Secure]). Its Max-Age is the time
// the session has left. A session ends after [IdleTimeout] without use or
// [MaxAge] after it began or was renewed, whichever comes first; both
// are checked on load whatever the store, and stores expire sessions at
// the same time.
//
// # Stores
//
//   - [NewCookie]: the whole session in the cookie, encrypted and
//     authenticated by a [cookie.Codec] (XChaCha20-Poly1305): no server
//     state, at most 4 KiB, and no revocation before expiry.
//   - memstore.New: in the process, sharded, bounded, for one instance or
//     tests.
//   - redisstore.New: in Redis, for several instances behind a load
//     balancer.
//   - any [Store].
//
// # Concurrency
//
// Two requests of one session at once each load it, and the last to save
// wins, as with every cookie or key-value session store. Keep values that
// many requests change at once (counters, carts) in a database.
package session
