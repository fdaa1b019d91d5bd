// Package urlencoded parses query strings and
// application/x-www-form-urlencoded request bodies into [url.Values], as
// Iron's urlencoded extension did: [Query] and [Body] are Plugins, computed
// on first use and cached for the rest of the request.
//
//	form, err := urlencoded.Body(req)
//	if err != nil {
//		return nil, err // already the 4xx the client should get
//	}
//	name := form.Get("name")
//
// # Empty is not an error
//
// An absent or empty query string, and an empty or absent body (whatever
// its Content-Type), give an empty, non-nil map: Iron's urlencoded made them
// an error, and users asked for an empty map (iron/urlencoded#61).
//
// # Strict where Request.Query is lenient
//
// A pair that cannot be decoded (a bad percent-escape such as "%zz", or a
// ';', which net/url no longer takes for a separator) is a 400 that names
// it and its byte offset, rather than silently dropped: a form whose field
// vanished would otherwise surface as a confusing "missing field" further
// on. [iron.Request.Query] stays the lenient view, for code that only looks
// a key up and is content to skip what it cannot read; use [Query] where a
// malformed query string should be refused. Otherwise the two agree with
// [url.ParseQuery]: pairs split on '&', empty pairs skipped, a key without
// '=' has the value "", '+' is a space, and repeated keys keep every value
// in order. At most [MaxPairs] pairs are read, as net/url does.
//
// # Body
//
// [Body] reads the body through bodyparser's [bodyparser.Raw] Plugin: the
// same per-chain limit ([bodyparser.MaxBodyBytes], 1 MiB by default), the
// same 413, and the body read once and shared with any other parser of the
// request. A non-empty body must be declared
// application/x-www-form-urlencoded (parameters such as charset are
// ignored; the content is taken as UTF-8), else 415.
//
// # Errors
//
// Client errors are the [*iron.Error]s of [bodyparser.ClientError], with its
// JSON bodies: 400 for a malformed pair ({"error": ..., "offset": N}), 413
// for a body over the limit or a form of more than MaxPairs pairs, 415 for
// a body of another content type.
package urlencoded
