// Package requestid gives every request an identifier that follows it through
// logs and across services.
//
// [RequestID] reads the identifier a client or a proxy in front of the server
// sent in the X-Request-ID header, or makes a new one when there is none or
// the one sent is not acceptable; it stores the identifier in the request,
// where [Get] finds it (package ext/logger logs it), and echoes it on the
// response, on the error path too, so that a client can quote it in a bug
// report.
//
// An incoming identifier is accepted only when it is at most [MaxLength]
// bytes (128 unless configured) of letters, digits and the punctuation
// "-_.:+/=@": anything else, such as spaces, quotes or control characters
// that would let a client forge log lines or headers, is replaced by a fresh
// identifier rather than refused. Generated identifiers are 26 characters of
// base32 from [crypto/rand.Text] (128 random bits).
//
// Link it first, so that every later middleware and the handler see the
// identifier:
//
//	c := chain.New(handler)
//	c.Link(requestid.New())
//	...
//	id, _ := requestid.Get(req)
package requestid
