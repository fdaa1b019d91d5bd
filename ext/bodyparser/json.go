package bodyparser

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"

	"github.com/iron-go/iron"
)

// JSONPlugin is the request body decoded as JSON into an any, numbers as
// [json.Number]. [JSON] computes it.
var JSONPlugin = iron.NewPlugin("bodyparser.json", decodeJSON)

var jsonErr = iron.NewKey[error]("bodyparser.json.error")

// JSON returns the request body decoded as one JSON value: map[string]any,
// []any, string, [json.Number] (so that no integer loses digits), bool or
// nil. The body must be declared JSON (application/json, or an
// application/*+json type such as application/problem+json), else 415; an
// empty body, malformed JSON or data after the value is a 400
// [*SyntaxError] with the byte offset, line and column. The value is cached
// for the rest of the request and shared by every caller: do not change it.
func JSON(req *iron.Request) (any, error) { return iron.Compute(req, JSONPlugin) }

func decodeJSON(req *iron.Request) (any, error) {
	if err, ok := iron.Get(req, jsonErr); ok {
		return nil, err
	}
	v, err := decodeAny(req)
	if err != nil {
		iron.Set(req, jsonErr, err)
	}
	return v, err
}

func decodeAny(req *iron.Request) (any, error) {
	raw, err := jsonBody(req)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, syntaxError(raw, err)
	}
	if off := skipSpace(raw, int(dec.InputOffset())); off < len(raw) {
		return nil, syntaxAt(raw, int64(off), "unexpected data after the JSON value")
	}
	return v, nil
}

// jsonBody checks req's content type and returns its body, not empty.
func jsonBody(req *iron.Request) ([]byte, error) {
	if err := checkJSON(req); err != nil {
		return nil, err
	}
	raw, err := Raw(req)
	if err != nil {
		return nil, err
	}
	if skipSpace(raw, 0) == len(raw) {
		return nil, syntaxAt(raw, int64(len(raw)), "the body is empty: expected a JSON value")
	}
	return raw, nil
}

// Validator is implemented by a type that checks itself beyond what its
// bind tags say (a rule between two fields, say). [Struct] calls Validate
// on the decoded value (through a pointer when the method needs one) once
// every bind rule holds. An error that is or wraps a [*ValidationError]
// becomes the 422 of its fields, an [*iron.Error] is returned as it is, and
// any other error becomes a 422 whose one field has an empty path, rule
// "valid" and the error's text as message: return only errors the client
// may read.
type Validator interface {
	Validate() error
}

// Struct decodes the request body, which must be JSON (see [JSON]), into a
// new T, and checks the rules of T's bind tags (see the package doc).
// T is usually a struct; slices, maps and pointers of structs are walked
// too. On any error the zero T is returned with an [*iron.Error]: 415 for
// a body that is not declared JSON, 400 for malformed JSON or a value of the
// wrong type (naming its path), 413 for a body over the limit, 422 for
// broken rules, all of them listed. The body is read once and cached (see
// [Raw]), but each call decodes it again.
//
// Struct panics the first time it meets a type whose bind tags cannot work
// (an unknown rule, min on a bool), naming the type, the field and the tag.
func Struct[T any](req *iron.Request) (T, error) {
	var v T
	raw, err := jsonBody(req)
	if err != nil {
		return v, err
	}
	if err := json.Unmarshal(raw, &v); err != nil {
		var zero T
		return zero, syntaxError(raw, err)
	}
	s := schemaFor(reflect.TypeFor[T]())
	if strict := settingsOf(req).strict; s.walked(strict) {
		if errs := bind(raw, reflect.ValueOf(&v).Elem(), s, strict); len(errs) > 0 {
			var zero T
			return zero, ClientError(&ValidationError{Fields: errs})
		}
	}
	if err := validate(&v); err != nil {
		var zero T
		return zero, err
	}
	return v, nil
}

// validate runs v's Validate method, if it has one.
func validate[T any](v *T) error {
	var err error
	switch x := any(v).(type) {
	case Validator:
		err = x.Validate()
	default:
		if val, ok := any(*v).(Validator); ok {
			err = val.Validate()
		}
	}
	if err == nil {
		return nil
	}
	if ie, ok := errors.AsType[*iron.Error](err); ok {
		return ie
	}
	if _, ok := errors.AsType[*ValidationError](err); ok {
		return ClientError(err)
	}
	return ClientError(&ValidationError{Fields: []FieldError{{Rule: "valid", Message: err.Error()}}})
}

// syntaxError turns an error of encoding/json on raw into the 400 a client
// can act on: where, and for a value of the wrong type, which path.
func syntaxError(raw []byte, err error) error {
	se := &SyntaxError{Format: "JSON", Offset: -1}
	var (
		syn *json.SyntaxError
		typ *json.UnmarshalTypeError
	)
	switch {
	case errors.As(err, &syn):
		se.Offset, se.Msg = syn.Offset, syn.Error()
		if strings.HasPrefix(se.Msg, "invalid character") && se.Offset > 0 {
			se.Offset-- // point at the character, not past it
		}
	case errors.As(err, &typ):
		se.Offset = typ.Offset
		se.Path = typ.Field
		if p, start, ok := pathAt(raw, typ.Offset); ok {
			se.Path, se.Offset = p, int64(start)
		}
		se.Msg = fmt.Sprintf("expected %s, got %s", describe(typ.Type), typ.Value)
	case errors.Is(err, io.ErrUnexpectedEOF):
		se.Offset = int64(len(raw))
		se.Msg = "unexpected end of JSON input"
	default:
		// A type's own UnmarshalJSON or UnmarshalText refused its value.
		se.Msg = err.Error()
	}
	if se.Offset >= 0 {
		se.Line, se.Column = lineColumn(raw, se.Offset)
	}
	return ClientError(se)
}

// syntaxAt is the 400 of JSON that is wrong at offset off of raw.
func syntaxAt(raw []byte, off int64, msg string) error {
	line, col := lineColumn(raw, off)
	return ClientError(&SyntaxError{Format: "JSON", Msg: msg, Offset: off, Line: line, Column: col})
}

// lineColumn returns the 1-based line and byte column of offset off in d.
func lineColumn(d []byte, off int64) (line, col int) {
	off = min(max(off, 0), int64(len(d)))
	before := d[:off]
	line = 1 + bytes.Count(before, []byte{'\n'})
	col = int(off) - bytes.LastIndexByte(before, '\n')
	return line, col
}

// describe says what JSON a Go type wants, in a client's words.
func describe(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int64:
		return "an integer"
	case reflect.Int8, reflect.Int16, reflect.Int32:
		lim := int64(1) << (t.Bits() - 1)
		return fmt.Sprintf("an integer from %d to %d", -lim, lim-1)
	case reflect.Uint, reflect.Uint64, reflect.Uintptr:
		return "a non-negative integer"
	case reflect.Uint8, reflect.Uint16, reflect.Uint32:
		return fmt.Sprintf("an integer from 0 to %d", uint64(1)<<t.Bits()-1)
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Slice, reflect.Array:
		if t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Uint8 {
			return "a base64 string"
		}
		return "an array"
	case reflect.Map, reflect.Struct:
		return "an object"
	}
	return t.String()
}
