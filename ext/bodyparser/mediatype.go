package bodyparser

import (
	"strings"

	"github.com/iron-go/iron"
)

// jsonTypes is what the JSON parsers read, as told to a client that sent
// something else.
var jsonTypes = []string{"application/json", "application/*+json"}

// MediaType returns the media type of req's Content-Type header, lowercased
// and without parameters ("application/json" for
// "Application/JSON; charset=utf-8"), or "" when there is none. It
// allocates only for a type with upper-case letters.
func MediaType(req *iron.Request) string {
	return mediaType(req.HeaderValue("Content-Type"))
}

func mediaType(ct string) string {
	mt, _, _ := strings.Cut(ct, ";")
	return strings.ToLower(strings.TrimSpace(mt))
}

// isJSON reports whether mt (from [MediaType]) is JSON: application/json,
// or an application type with the +json structured syntax suffix (RFC 6839
// section 3.1), such as application/problem+json.
func isJSON(mt string) bool {
	if mt == "application/json" {
		return true
	}
	sub, ok := strings.CutPrefix(mt, "application/")
	return ok && len(sub) > len("+json") && strings.HasSuffix(sub, "+json") && !strings.ContainsAny(sub, "/ \t")
}

// IsJSON reports whether req's body is declared JSON: application/json, or
// an application type with the +json suffix. It is the test [JSON] and
// [Struct] apply, for code that chooses a parser by content type.
func IsJSON(req *iron.Request) bool { return isJSON(MediaType(req)) }

// checkJSON returns a 415 unless req's body is declared JSON.
func checkJSON(req *iron.Request) error {
	if isJSON(MediaType(req)) {
		return nil
	}
	return ClientError(&MediaTypeError{Got: req.HeaderValue("Content-Type"), Expected: jsonTypes})
}
