// Package bodyparser reads request bodies: raw bytes, JSON as an any, and
// JSON bound to a Go type with its rules checked, under a size limit set
// per chain. It is Iron's body parser, with what Go users ask the peers
// for: a missing field told from a zero value, and errors a client can act
// on.
//
//	type newNote struct {
//		Text     string   `json:"text" bind:"required,nonempty,max=500"`
//		Priority int      `json:"priority" bind:"required,min=0,max=5"`
//		Tags     []string `json:"tags" bind:"max=10"`
//	}
//
//	c.LinkBefore(bodyparser.New(bodyparser.MaxBodyBytes(64 << 10)))
//	...
//	n, err := bodyparser.Struct[newNote](req)
//	if err != nil {
//		return nil, err // already the 4xx the client should get
//	}
//
// # Plugins
//
// [Raw] ([RawPlugin]) reads the body whole, whatever its content type, and
// [JSON] ([JSONPlugin]) decodes it into an any, numbers as json.Number. Both
// are Plugins: computed on first use and cached for the request, so every
// middleware and the handler share one read of the body, which is read
// once. A failure is cached as well: the body cannot be read again.
// [Struct] decodes the cached bytes into a T on each call.
//
// # Limit
//
// The body limit is [DefaultMaxBodyBytes] (1 MiB) unless the chain links
// the [Settings] of [New] with [MaxBodyBytes]; a body of exactly the limit
// is read. [New] shares its settings into each request through a
// persistent.Read slot, the per-chain configuration of extensions (see
// package persistent): nested chains each link their own, the innermost
// wins. A body whose Content-Length is over the limit is refused before a
// byte is read. The server's own limit (engine.MaxBodyBytes,
// httpadapter.MaxBodyBytes, 10 MiB by default) still applies; a body it
// stops gets the same 413 (see [ReadError]).
//
// # Binding and rules
//
// Struct decodes with encoding/json: field names, json tags, embedded
// structs, case-insensitive key matching and custom unmarshalers all work as
// they do there. It then walks the JSON text alongside the decoded value to
// check the rules of each field's bind tag, which decoding alone cannot:
//
//   - required: the key must be given, with a value other than null. A
//     zero value given explicitly (0, false, "") is given: "required" means
//     present, not non-zero (go-playground/validator's required rejects
//     zero values, which is the very bug users ask gin to fix).
//   - nonempty: a string, slice, array or map of length at least 1.
//   - min=N, max=N: a number's value; a string's length in characters
//     (runes); a slice's, array's or map's length in items.
//   - oneof=a b c: a string or an integer among the listed values.
//
// Rules other than required apply only to a value that was given: an
// optional field left out is never wrong. A value of the wrong JSON type
// never reaches the rules: it is a 400 naming its path. Rules nest: the
// fields of structs in fields, slices, arrays, pointers and maps with
// string keys are checked too, with paths such as address.city,
// items[2].name and labels.home. After the tags, a type that implements
// [Validator] checks itself (rules across fields).
//
// The rules are a small set of our own rather than go-playground/validator:
// its required cannot tell a missing field from a zero value (it sees only
// the decoded struct), its errors name Go fields rather than JSON paths, and
// it is a large dependency for five rules. A tag that cannot work (an
// unknown rule, min on a bool, a rule on a field encoding/json ignores)
// panics the first time Struct meets the type, naming type, field and tag.
//
// Unknown keys are ignored unless [DisallowUnknownFields] is set; then
// each is a violation with rule "unknown". A key given twice for one field
// of a checked type is a violation too ("duplicate"): encoding/json merges
// the two, and which one the client meant cannot be told. Data after the
// JSON value is malformed (400).
//
// # Errors
//
// Every client error is an [*iron.Error] with a JSON body (Content-Type
// application/json), and wraps one of [ErrUnsupportedMediaType],
// [ErrMalformed], [ErrInvalid] or [iron.ErrBodyTooLarge], with the details
// in a typed error ([*MediaTypeError], [*SyntaxError], [*ValidationError],
// [*LimitError]) for errors.As. The body always has "error", a message in
// words; the other members appear when they apply:
//
//	415 {"error": "unsupported Content-Type \"text/plain\": expected application/json or application/*+json",
//	     "expected": ["application/json", "application/*+json"]}
//	400 {"error": "malformed JSON at line 3, column 15 (byte offset 40): items[2].qty: expected an integer, got string",
//	     "offset": 40, "line": 3, "column": 15, "path": "items[2].qty"}
//	413 {"error": "request body over the limit of 65536 bytes", "limit": 65536, "unit": "bytes"}
//	422 {"error": "invalid request data: text is required; priority must be at most 5",
//	     "fields": [{"path": "text", "rule": "required", "message": "text is required"},
//	                {"path": "priority", "rule": "max", "message": "priority must be at most 5"}]}
//
// "fields" lists every violation found, at most 50, in the order of the
// type's declaration (depth first), unknown and repeated keys of an object
// before its fields. Packages urlencoded and params answer with the same
// shapes through [ClientError]. An error reading the body that is not the
// client's (the connection failing) is a bare error: a 500 and a log line.
//
// # Costs
//
// Raw allocates the body once (its exact size when the Content-Length is
// known) and a reader over it; linking Settings allocates nothing per
// request. JSON allocates what encoding/json's Decoder does. Struct costs
// one json.Unmarshal, plus, for a type with bind rules (or with
// DisallowUnknownFields), one pass over the bytes that allocates a little
// per JSON object walked; schemas of types are compiled once and cached.
package bodyparser
