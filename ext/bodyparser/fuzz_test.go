package bodyparser_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"testing"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/ext/bodyparser"
)

type fuzzInner struct {
	X int    `json:"x" bind:"required"`
	Y string `json:"y"`
}

type fuzzOuter struct {
	A int         `json:"a" bind:"required"`
	B string      `json:"b" bind:"required"`
	C *fuzzInner  `json:"c"`
	D []fuzzInner `json:"d"`
}

// The same shape with every field a pointer: encoding/json leaves a
// pointer nil exactly when its key is absent or its last value is null,
// which is what "given" means to binding.
type fuzzInnerMirror struct {
	X *int    `json:"x"`
	Y *string `json:"y"`
}

type fuzzOuterMirror struct {
	A *int              `json:"a"`
	B *string           `json:"b"`
	C *fuzzInnerMirror  `json:"c"`
	D []fuzzInnerMirror `json:"d"`
}

// FuzzStruct binds arbitrary bodies and checks the required fields it
// reports against what encoding/json decodes into pointers: the walk over
// the JSON text finds exactly the fields that decoding leaves unset. It
// never panics and never answers other than 400 or 422 for a bad body.
func FuzzStruct(f *testing.F) {
	for _, s := range []string{
		`{"a": 0, "b": ""}`, `{}`, `null`, `{"a": null, "b": "x"}`,
		`{"a": 1, "b": "x", "c": {"y": "q"}, "d": [{"x": 1}, {}, null]}`,
		`{"A": 1, "\u0062": "x"}`, `{"a": 1, "a": 2}`, `[1]`, `{"a": "1"}`, `{"a": 1} x`,
		`{"a": 1, "b": "x", "c": null, "d": null}`, "{\"a\":1,\"b\":\"\xff\"}",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		req := iron.NewRequest("POST", "/", bytes.NewReader(body))
		req.Header().Set("Content-Type", "application/json")
		_, err := bodyparser.Struct[fuzzOuter](req)

		var mirror fuzzOuterMirror
		decodeErr := json.Unmarshal(body, &mirror)
		if err == nil {
			if decodeErr != nil {
				t.Fatalf("bound a body encoding/json refuses: %v", decodeErr)
			}
			if want := missing(&mirror); len(want) > 0 {
				t.Fatalf("accepted, but %v are missing", want)
			}
			return
		}
		status := iron.ErrorResponse(err).StatusCode()
		switch {
		case decodeErr != nil:
			if status != http.StatusBadRequest {
				t.Fatalf("encoding/json says %v, Struct answers %d: %v", decodeErr, status, err)
			}
		case status != http.StatusUnprocessableEntity:
			t.Fatalf("a body encoding/json accepts answered %d: %v", status, err)
		default:
			ve := err.(*iron.Error).Err.(*bodyparser.ValidationError)
			var got []string
			for _, fe := range ve.Fields {
				if fe.Rule == "duplicate" {
					return // repeated keys: refused whatever the pointers say
				}
				got = append(got, fe.Path)
			}
			if want := missing(&mirror); len(want) <= 50 && !slices.Equal(got, want) {
				t.Fatalf("reported missing %v, encoding/json leaves unset %v", got, want)
			}
		}
	})
}

// missing lists the required paths the mirror leaves unset, in
// declaration order.
func missing(m *fuzzOuterMirror) []string {
	var out []string
	if m.A == nil {
		out = append(out, "a")
	}
	if m.B == nil {
		out = append(out, "b")
	}
	if m.C != nil && m.C.X == nil {
		out = append(out, "c.x")
	}
	for i, d := range m.D {
		if d.X == nil {
			out = append(out, fmt.Sprintf("d[%d].x", i))
		}
	}
	return out
}

// FuzzJSON checks JSON against encoding/json: a body decodes exactly when
// it is one valid JSON value, to what a Decoder with UseNumber makes of it,
// and a refusal is a 400 whose offset lies within the body.
func FuzzJSON(f *testing.F) {
	for _, s := range []string{`{}`, `[1, 2.5e3, "x", true, null]`, ` "s" `, `1 2`, `{"a":}`, ``, `{"a": 1`, "\"\xff\""} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		req := iron.NewRequest("POST", "/", bytes.NewReader(body))
		req.Header().Set("Content-Type", "application/json")
		got, err := bodyparser.JSON(req)
		if valid := json.Valid(body); valid != (err == nil) {
			t.Fatalf("json.Valid = %v, JSON error = %v", valid, err)
		}
		if err != nil {
			se := err.(*iron.Error).Err.(*bodyparser.SyntaxError)
			if iron.ErrorResponse(err).StatusCode() != http.StatusBadRequest || se.Offset < 0 || se.Offset > int64(len(body)) || se.Line < 1 || se.Column < 1 {
				t.Fatalf("bad error for %q: %#v", body, se)
			}
			return
		}
		dec := json.NewDecoder(bytes.NewReader(body))
		dec.UseNumber()
		var want any
		if err := dec.Decode(&want); err != nil {
			t.Fatal(err)
		}
		if fmt.Sprintf("%#v", got) != fmt.Sprintf("%#v", want) {
			t.Fatalf("JSON = %#v, encoding/json = %#v", got, want)
		}
	})
}
