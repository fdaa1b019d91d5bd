package params

import (
	"fmt"
	"mime"
	"net/url"
	"slices"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/ext/bodyparser"
	"github.com/iron-go/iron/ext/urlencoded"
)

// Plugin is all of a request's parameters in one [Map]; [Get] computes it.
var Plugin = iron.NewPlugin("params", compute)

var paramsErr = iron.NewKey[error]("params.error")

// Get returns all of req's parameters in one nested Map: the query string,
// then the body (a form, a JSON object or a multipart form) over it; see
// the package doc for the sources, the bracket keys and the precedence.
// The Map is cached for the request and shared by every caller: treat it
// as read-only. Errors are [*iron.Error]s a client can act on (400, 413,
// 415, as bodyparser answers them); a failure is cached too, since the body
// cannot be read again.
func Get(req *iron.Request) (Map, error) { return iron.Compute(req, Plugin) }

func compute(req *iron.Request) (Map, error) {
	if err, ok := iron.Get(req, paramsErr); ok {
		return nil, err
	}
	m, err := collect(req)
	if err != nil {
		iron.Set(req, paramsErr, err)
		return nil, err
	}
	return m, nil
}

func collect(req *iron.Request) (Map, error) {
	s := settingsOf(req)
	query, err := urlencoded.Query(req)
	if err != nil {
		return nil, err
	}
	m := Map{}
	if err := addValues(m, query, -1); err != nil {
		return nil, err
	}
	body, err := bodyParams(req, s)
	if err != nil || body == nil {
		return m, err
	}
	merge(m, body)
	return m, nil
}

// bodyParams reads the body by its content type; nil when the body is not
// one params reads (none, or another type: left unread).
func bodyParams(req *iron.Request, s *Settings) (Map, error) {
	if req.ContentLength() == 0 {
		return nil, nil
	}
	switch mt := bodyparser.MediaType(req); {
	case mt == urlencoded.FormType:
		form, err := urlencoded.Body(req)
		if err != nil {
			return nil, err
		}
		m := Map{}
		return m, addValues(m, form, s.maxFields)
	case mt == "multipart/form-data":
		_, ps, err := mime.ParseMediaType(req.HeaderValue("Content-Type"))
		if err != nil || ps["boundary"] == "" {
			return nil, malformed("multipart/form-data without a boundary parameter")
		}
		return readMultipart(req, s, ps["boundary"])
	case bodyparser.IsJSON(req):
		v, err := bodyparser.JSON(req)
		if err != nil {
			return nil, err
		}
		obj, ok := v.(map[string]any)
		if !ok {
			return nil, bodyparser.ClientError(&bodyparser.SyntaxError{Format: "JSON", Offset: -1,
				Msg: fmt.Sprintf("the body is %s: params wants an object", kindOf(v))})
		}
		return fromJSON(obj), nil
	}
	return nil, nil
}

func kindOf(v any) string {
	switch v.(type) {
	case []any:
		return "an array"
	case nil:
		return "null"
	case string:
		return "a string"
	case bool:
		return "a boolean"
	}
	return "a number"
}

// addValues inserts url.Values by their bracket keys, in a stable order
// (url.Values has none): keys sorted, each key's values in order. A limit
// of maxFields >= 0 bounds how many pairs are taken.
func addValues(m Map, vs url.Values, maxFields int) error {
	if maxFields >= 0 {
		n := 0
		for _, v := range vs {
			n += len(v)
		}
		if n > maxFields {
			return tooLarge("form fields", int64(maxFields), "fields")
		}
	}
	keys := make([]string, 0, len(vs))
	for k := range vs {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		segs, err := parseKey(k)
		if err != nil {
			return malformedForm(err)
		}
		for _, v := range vs[k] {
			if err := insert(m, k, segs, v); err != nil {
				return malformedForm(err)
			}
		}
	}
	return nil
}

func malformedForm(err error) error {
	return bodyparser.ClientError(&bodyparser.SyntaxError{Format: "parameters", Msg: err.Error(), Offset: -1})
}

// fromJSON turns JSON objects into Maps, all the way down. JSON keys are
// taken as they are: JSON nests by itself.
func fromJSON(v any) Map {
	m := make(Map, len(v.(map[string]any)))
	for k, x := range v.(map[string]any) {
		m[k] = jsonValue(x)
	}
	return m
}

func jsonValue(x any) any {
	switch t := x.(type) {
	case map[string]any:
		return fromJSON(t)
	case []any:
		out := make([]any, len(t))
		for i, e := range t {
			out[i] = jsonValue(e)
		}
		return out
	}
	return x
}

// merge puts src over dst: maps merge key by key, anything else in src
// replaces what dst has.
func merge(dst, src Map) {
	for k, v := range src {
		if sm, ok := v.(Map); ok {
			if dm, ok := dst[k].(Map); ok {
				merge(dm, sm)
				continue
			}
		}
		dst[k] = v
	}
}
