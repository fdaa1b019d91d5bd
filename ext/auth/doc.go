// Package auth authenticates requests with HTTP Basic (RFC 7617) or Bearer
// tokens (RFC 6750), and keeps who was authenticated in the request.
//
// [NewBasic] and [NewBearer] return before middleware. Each reads the
// Authorization header, hands the credentials to a verify function of the
// application, and on success stores the user name (Basic) or the token's
// subject (Bearer) where [User] finds it:
//
//	admin := auth.NewBasic(auth.Users(map[string]string{"alice": "wonderland"}),
//		auth.Realm("admin"))
//	api := auth.NewBearer(func(req *iron.Request, token string) (string, error) {
//		sub, ok := lookUp(token) // the application's token store
//		if !ok {
//			return "", auth.ErrInvalidToken
//		}
//		return sub, nil
//	})
//	c.LinkBefore(admin)
//	...
//	name, _ := auth.User(req)
//
// [Users] and [Tokens] verify against fixed lists in constant time: they
// keep SHA-256 digests of the names, passwords and tokens, and compare the
// digests of what a client sent with every entry, with
// crypto/subtle.ConstantTimeCompare and no early exit, so that neither how
// long a check takes nor which entry matched tells anything about the
// secrets. Passwords kept by the application should be hashed with a slow
// password hash (bcrypt, argon2) and checked in a verify function of its
// own.
//
// # Answers
//
// A request without credentials for the scheme (no Authorization header, or
// another scheme) or with wrong ones fails with 401 Unauthorized and a
// WWW-Authenticate challenge (RFC 9110 section 11.6.1): `Basic
// realm="…", charset="UTF-8"` (RFC 7617 section 2.1), or `Bearer
// realm="…"` with the RFC 6750 section 3.1 error code: none when the
// request had no token, error="invalid_token" for a token the verify
// function refused. Credentials that cannot be parsed — two Authorization
// headers, a scheme without credentials, bad base64, a user-id and password
// without the colon, control characters (RFC 7617 section 2), a token that
// is not a token68 — fail with 400 Bad Request (Bearer: with
// error="invalid_request"); a Bearer token the verify function says lacks a
// scope, with 403 Forbidden and error="insufficient_scope". A verify
// function's other errors (a database down) are passed on as they are: a
// 500 that says nothing to the client, logged by the server.
//
// Every refusal is an [*iron.Error] wrapping one of this package's
// sentinels, so catchers can tell them apart. Its body is plain text, the
// status and what to fix, as csrf's refusals are ("Bad Request: auth:
// malformed credentials: Basic credentials without a colon"); a verify
// function's own words never reach the client, only the sentinel's.
// [Responder] replaces the response (a JSON error, a login page), keeping
// the challenge.
//
// Credentials sent over plain HTTP can be read by anyone on the path: serve
// authenticated routes over HTTPS only.
//
// # Cost
//
// A Basic check allocates the decoded credentials; [Users] and [Tokens]
// hash on the stack and compare with every entry, so their time grows with
// the number of entries (they are meant for a handful). A refusal
// allocates its answer.
package auth
