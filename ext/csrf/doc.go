// Package csrf protects a site from cross-site request forgery: a page on
// another site making the user's browser send a request, with the user's
// cookies, that changes something. It offers two middlewares, usable
// together: tokens for HTML forms ([New]), and refusal of cross-origin
// requests by the headers browsers send ([NewCrossOrigin]), for JSON APIs.
// Both check only unsafe methods: everything but GET, HEAD, OPTIONS and
// TRACE, which must therefore never change anything (RFC 9110 section
// 9.2.1). Both refuse with 403 Forbidden and a body that says why, and an
// error wrapping [ErrTokenMissing], [ErrTokenInvalid] or [ErrCrossOrigin]
// (a [Responder] may answer otherwise).
//
// # Tokens
//
// [New] is the synchronizer-token pattern: a secret of 32 random bytes is
// kept in the user's session (package session, whose middleware must be
// linked before this one), and every form carries it in a hidden field
// named [FieldName], csrf_token; a script sends it in the [DefaultHeader],
// X-CSRF-Token, instead. An unsafe request without the token, or with one
// that is not the session's, is refused. Synchronizer rather than a signed
// double-submit cookie because a site with sessions already has
// server-side state to hold it: there is no second cookie to set, no key to
// manage, and the token ends with the session. It is also bound to the
// session's ID, so [session.Renew] at sign-in gives the signed-in session a
// new token (one learnt before sign-in is worthless after), and
// [session.Destroy] ends it.
//
// Pages get the token with [Token], or a whole hidden input with [Field]:
//
//	<form method="post" action="/login">{{.CSRFField}} ... </form>
//
// Each call masks the secret with fresh random bytes (the token sent is
// pad || pad XOR secret, in base64url), so that the token differs on every
// page and a compressed HTTPS page cannot be made to leak it byte by byte
// (BREACH). Tokens are compared in constant time.
//
// The token is read from the header first, then from the body of an
// application/x-www-form-urlencoded form (read whole, up to [MaxBodyBytes],
// a 413 past it) or of a multipart/form-data one (read up to the token
// field, which must come before the first file: put the hidden input first
// in the form). The body is then put back as it was, so the handler, or a
// form parser linked after this middleware, reads it whole; link this
// middleware before anything that consumes the body.
//
// # Cross-origin refusal
//
// [NewCrossOrigin] needs no token and no session, and suits JSON APIs
// called by the site's own scripts. It follows what Go 1.25's
// http.CrossOriginProtection does, written for Iron: browsers say where a
// request comes from in Sec-Fetch-Site (all of them since 2023): same-origin
// and none (the user typed the URL, or used a bookmark) are allowed;
// cross-site and same-site are refused. A request without Sec-Fetch-Site
// (an older browser) is refused when its Origin header names another host
// than the Host it was sent to, and allowed when it has no Origin either
// (not a browser: curl, another server; they carry no user's cookies
// unless given them). [TrustedOrigins] lists origins allowed all the same
// (an identity provider that posts back, a partner's site), and [Skip]
// leaves some requests alone (a webhook that authenticates itself).
//
// # Together
//
// A site that has forms and an API links both, and has each skip the
// other's part:
//
//	isAPI := func(req *iron.Request) bool { return strings.HasPrefix(req.Path(), "/api/") }
//	c.Link(sessions)
//	c.Link(csrf.New(csrf.Skip(isAPI)))
//	c.Link(csrf.NewCrossOrigin(csrf.Skip(func(req *iron.Request) bool { return !isAPI(req) })))
//
// Both middlewares are read-only after New and safe for concurrent use.
package csrf
