// Package requestid gives every request an identifier that follows it through
// logs and across services.
//
// [RequestID] stores an identifier in the request, where [Get] finds it
// (package ext/logger logs it), and echoes it on the response, on the error
// path too, so that a client can quote it in a bug report. The identifier
// is a new one, unless the request is trusted to bring its own.
//
// # Whose identifier
//
// Anyone can send an X-Request-ID header, so by default none is believed:
// a client cannot choose the identifier its requests are logged under, to
// hide among another's or to make two requests look like one. [Trust]
// names the requests whose identifier is kept: behind reverse proxies that
// set the header, those that came through them
// (requestid.Trust(realip.FromTrustedProxy), with ext/realip linked before).
//
// A trusted identifier is kept only when it is at most [MaxLength] bytes
// (128 unless configured) of letters, digits and the punctuation
// "-_.:+/=@": anything else, such as spaces, quotes or control characters
// that would forge log lines or headers, is replaced by a fresh identifier
// rather than refused. Generated identifiers are 26 characters of base32
// from [crypto/rand.Text] (128 random bits), unless [Generator] says
// otherwise.
//
// Link it early, so that every later middleware and the handler see the
// identifier (after ext/realip when it trusts what realip found):
//
//	c := chain.New(handler)
//	c.LinkBefore(realip.New(realip.TrustedProxies("10.0.0.0/8")))
//	c.Link(requestid.New(requestid.Trust(realip.FromTrustedProxy)))
//	...
//	id, _ := requestid.Get(req)
package requestid
