// Package secure adds the HTTP security headers a web application should
// send, with safe defaults, to every answer: successful ones and error
// pages alike.
//
// [New] returns an after middleware (with the error path, so a 404 or a 500
// page is protected too) that sets, unless the handler set the header
// itself:
//
//	Content-Security-Policy:   default-src 'self'; base-uri 'self'; form-action 'self';
//	                           frame-ancestors 'none'; object-src 'none'; img-src 'self' data:
//	X-Content-Type-Options:    nosniff
//	X-Frame-Options:           DENY
//	Referrer-Policy:           strict-origin-when-cross-origin
//	Cross-Origin-Opener-Policy: same-origin
//	Strict-Transport-Security: max-age=63072000; includeSubDomains   (over HTTPS only)
//
// Each has an option that replaces its value, or with "" leaves it out.
// Values are checked in New: a value that is not a valid header value, or
// a token a browser does not know (X-Frame-Options: ALLOW-FROM, which no
// current browser honours), panics.
//
// # Choices
//
// Strict-Transport-Security is sent only when the client reached the site
// over HTTPS: the connection is TLS, or ext/realip found that a trusted
// proxy received the request over HTTPS ([realip.Scheme]). Browsers ignore
// it over plain HTTP, and a site served over plain HTTP (a development
// server) must not lock itself out. The default lasts two years and covers
// subdomains; "preload" is left to sites that mean it.
//
// Referrer-Policy is strict-origin-when-cross-origin, not no-referrer:
// under no-referrer browsers send "Origin: null" with same-origin form
// posts, which breaks the Origin checks of CSRF protection
// (ext/csrf, net/http.CrossOriginProtection).
//
// X-Frame-Options: DENY backs up CSP frame-ancestors 'none' for old
// browsers. X-XSS-Protection is not sent: the filters it controlled are gone
// and could be abused where they remain.
//
// # Nonces
//
// A policy that contains the placeholder {nonce} gets a fresh nonce per
// request in its place: [Nonce](req) returns it, made on first use (128
// random bits, base64), for the page's inline scripts and styles:
//
//	sec := secure.New(secure.ContentSecurityPolicy(
//		"default-src 'self'; script-src 'self' 'nonce-{nonce}'"))
//	...
//	return iron.With(200, tmpl.Render("page.html", page{Nonce: secure.Nonce(req)})), nil
//	// page.html: <script nonce="{{.Nonce}}">...</script>
//
// # Cost
//
// Headers are written into the answer as it is (an after middleware may
// change the response it is handed). All values are built once in New; a
// policy with a nonce is assembled per request, which allocates the
// nonce and the header value.
package secure
