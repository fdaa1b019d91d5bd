// Package cors lets browsers call a server from pages of other origins, per
// the Fetch standard's CORS protocol.
//
// A [CORS] middleware is built by [New]. It is an around middleware and does
// two things:
//
//   - It answers preflight requests itself (OPTIONS with an Origin and an
//     Access-Control-Request-Method header) with 204 No Content: when the
//     origin, the method and every requested header are allowed, with the
//     Access-Control-Allow-Origin, -Allow-Methods, -Allow-Headers,
//     -Allow-Credentials and -Max-Age headers that let the browser go on;
//     otherwise with none of them, so the browser stops. The handler never
//     sees a preflight. An OPTIONS request without
//     Access-Control-Request-Method is an ordinary request and passes on.
//   - On every other request it runs the handler and, when the Origin is
//     allowed, adds Access-Control-Allow-Origin, -Allow-Credentials and
//     -Expose-Headers to its response, error responses included, so that
//     the page can read why it failed. A disallowed origin gets the
//     response without CORS headers: the browser hides it from the page,
//     while same-origin and non-browser clients, which do not need CORS,
//     are served as usual. Nothing is refused with a 400.
//
// Every answer carries Vary: Origin (a preflight also varies on the
// Access-Control-Request-* headers), because it depends on them: without
// it, a cache could serve one origin's answer to another.
//
// Before and after middleware run outside every around, so an
// authentication middleware linked as a before would see preflights, which
// browsers send without credentials. To answer preflights ahead of
// everything, wrap the whole chain: Around works on any handler.
//
//	c := cors.New(
//		cors.AllowedOrigins("https://app.example.com", "https://*.example.org"),
//		cors.AllowedHeaders("Content-Type", "Authorization"),
//		cors.ExposedHeaders("X-Request-ID"),
//		cors.AllowCredentials(true),
//		cors.MaxAge(10*time.Minute),
//	)
//	server := c.Around(ch) // ch is the chain with the routes and the auth before
//
// # Configuration
//
// [New] takes options, one per setting, or a whole [Config] through
// [WithConfig] (for settings loaded from a file), with options after it
// changing it further. New checks the result: a setting that cannot work
// (no allowed origin, an entry that is not an origin, credentials with the
// origin "*") panics with an error that names the option and the value.
package cors
