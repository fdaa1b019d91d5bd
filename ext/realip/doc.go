// Package realip finds the address of the client behind the reverse proxies
// a site trusts, and the scheme the client used, so that rate limits, logs
// and security decisions are made about the client and not about the proxy.
//
// A request that comes straight from a client carries that client's address
// in its connection: [iron.Request.RemoteAddr]. Behind nginx or HAProxy it
// carries the proxy's, and the client's is in a header the proxy added:
// X-Forwarded-For (nginx's $proxy_add_x_forwarded_for, HAProxy's
// "option forwardfor") or Forwarded (RFC 7239; HAProxy's "option
// forwarded"). Anyone can send those headers, so they are believed only
// when the connection comes from a proxy listed with [TrustedProxies].
//
// # The walk
//
// [RealIP] reads one header, X-Forwarded-For unless [Header] says otherwise.
// Each proxy appends the address it received the request from, so the header
// is read from right to left: the first address that is not a trusted proxy
// is the client. Addresses further left were written by that client or by
// proxies the site does not control, and are never believed. When every
// address is a trusted proxy, the leftmost one is the client (a request
// made by a proxy itself, such as a health check).
//
// The walk fails closed: when it reaches an element it cannot read (not an
// IP address, a Forwarded "for=unknown" or obfuscated node, a syntax error,
// a duplicated parameter) before it finds the client, the client is the
// connection's peer address, never an address taken from a header. Empty
// list elements are skipped, as RFC 9110 section 5.6.1 asks of recipients.
// Ports are dropped, IPv4-mapped IPv6 addresses are unmapped and IPv6 zones
// removed, so that one client has one address whatever way it was written.
//
// With "Forwarded", each header line is parsed on its own (RFC 7239 section
// 4: pairs, quoted strings, "[v6]:port" nodes), so that a malformed line a
// client sent cannot swallow the element a trusted proxy appended in a line
// of its own. Read the header your proxies write, and only that one: a
// proxy that appends to X-Forwarded-For passes a client's forged Forwarded
// header through untouched.
//
// # The scheme
//
// A TLS-terminating proxy forwards plain HTTP. Through a trusted peer the
// scheme is the "proto" parameter of the Forwarded element that named the
// client, or, with X-Forwarded-For, the last value of X-Forwarded-Proto
// (configure the proxy to set that header, not to pass a client's on).
// Only "http" and "https" are believed; anything else, or no value, means
// the connection's own scheme.
//
// # Reading the result
//
// Link RealIP first, before every middleware that asks who the client is.
// [Get] returns what it found; [ClientAddr] and [Scheme] fall back to the
// connection when RealIP did not run, so packages such as ext/ratelimit and
// ext/secure use them whether or not the application links RealIP:
//
//	c := chain.New(handler)
//	c.Link(realip.New(realip.TrustedProxies("10.0.0.0/8")))
//	...
//	addr := realip.ClientAddr(req) // netip.Addr
//	https := realip.Scheme(req) == "https"
//
// [FromTrustedProxy] tells whether the request came through a trusted
// proxy, for middleware that believes other headers such a proxy sets only
// then: requestid.Trust(realip.FromTrustedProxy) keeps the X-Request-ID
// nginx set and replaces one a client sent.
//
// RealIP allocates nothing for a request from an untrusted peer; a walk
// allocates the list of the header's lines, and a Forwarded walk also a
// line with more than eight elements or escapes in a quoted string. Its cost grows with the number of trusted hops in the
// header, which the server's header size limit bounds.
package realip
