package urlencoded

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/ext/bodyparser"
)

// MaxPairs is the most pairs a query string or form body may hold: the
// limit net/url puts on url.ParseQuery, against a small body that expands
// into a large map.
const MaxPairs = 10000

// FormType is the media type of the bodies [Body] reads.
const FormType = "application/x-www-form-urlencoded"

// QueryPlugin is the request's query string as url.Values; [Query]
// computes it.
var QueryPlugin = iron.NewPlugin("urlencoded.query", func(req *iron.Request) (url.Values, error) {
	return parse(req.RawQuery(), "query")
})

// BodyPlugin is the request body as url.Values; [Body] computes it.
var BodyPlugin = iron.NewPlugin("urlencoded.body", parseBody)

// Query returns the request's query string parsed into url.Values: an
// empty query is an empty map, a malformed pair a 400 (see the package
// doc). The map is cached for the request and shared by every caller:
// treat it as read-only.
func Query(req *iron.Request) (url.Values, error) { return iron.Compute(req, QueryPlugin) }

// Body returns the request body, of type application/x-www-form-urlencoded,
// parsed into url.Values: an empty or absent body is an empty map, a body of
// another type a 415, a malformed pair a 400, a body over bodyparser's
// limit a 413 (see the package doc). The map is cached for the request and
// shared by every caller: treat it as read-only.
func Body(req *iron.Request) (url.Values, error) { return iron.Compute(req, BodyPlugin) }

func parseBody(req *iron.Request) (url.Values, error) {
	if req.ContentLength() == 0 {
		return url.Values{}, nil
	}
	if bodyparser.MediaType(req) != FormType {
		return nil, bodyparser.ClientError(&bodyparser.MediaTypeError{
			Got: req.HeaderValue("Content-Type"), Expected: []string{FormType}})
	}
	raw, err := bodyparser.Raw(req)
	if err != nil {
		return nil, err
	}
	return parse(string(raw), "form")
}

// parse splits s into pairs as url.ParseQuery does, but fails on the first
// pair it cannot decode, naming it and its offset. format is "query" or
// "form", for the error.
func parse(s, format string) (url.Values, error) {
	m := make(url.Values)
	pairs := 0
	for pos := 0; pos < len(s); {
		end := strings.IndexByte(s[pos:], '&')
		if end < 0 {
			end = len(s)
		} else {
			end += pos
		}
		pair := s[pos:end]
		if pair != "" {
			if pairs++; pairs > MaxPairs {
				if format == "query" {
					return nil, bodyparser.ClientError(&bodyparser.SyntaxError{Format: format, Offset: int64(pos),
						Msg: fmt.Sprintf("more than %d parameters", MaxPairs)})
				}
				return nil, bodyparser.ClientError(&bodyparser.LimitError{What: "form", Limit: MaxPairs, Unit: "fields"})
			}
			if i := strings.IndexByte(pair, ';'); i >= 0 {
				return nil, malformed(format, pos+i, pair, "';' does not separate pairs: use '&'")
			}
			k, v, _ := strings.Cut(pair, "=")
			key, err := url.QueryUnescape(k)
			if err != nil {
				return nil, malformed(format, pos+badEscape(k), pair, "invalid percent-escape")
			}
			val, err := url.QueryUnescape(v)
			if err != nil {
				return nil, malformed(format, pos+len(k)+1+badEscape(v), pair, "invalid percent-escape")
			}
			m[key] = append(m[key], val)
		}
		pos = end + 1
	}
	return m, nil
}

func malformed(format string, offset int, pair, msg string) error {
	const show = 64 // a client needs the start of the pair, not all of it
	if len(pair) > show {
		pair = pair[:show] + "..."
	}
	return bodyparser.ClientError(&bodyparser.SyntaxError{Format: format, Offset: int64(offset),
		Msg: fmt.Sprintf("%s in %q", msg, pair)})
}

// badEscape returns the index of the first '%' in s not followed by two
// hex digits.
func badEscape(s string) int {
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && (i+2 >= len(s) || !isHex(s[i+1]) || !isHex(s[i+2])) {
			return i
		}
	}
	return 0
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}
