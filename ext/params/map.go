package params

import (
	"encoding/json"
	"math"
	"strconv"
	"strings"

	"github.com/iron-go/iron/ext/bodyparser"
)

// Map holds parameters by name. A value is one of:
//
//   - string: a query, form or multipart text value;
//   - *[File]: an uploaded file;
//   - Map: nested keys (user[name], or a JSON object);
//   - []any: several values of one name (a=1&a=2, tags[]), items[0][...],
//     or a JSON array;
//   - json.Number, bool or nil: a JSON number, boolean or null.
//
// The accessors take a path: names joined by dots, with numbers for list
// positions ("user.name", "items.0.name"), or the bracket form a form uses
// ("user[name]", "items[0][name]"). A Map from [Get] is shared by the whole
// request: treat it as read-only.
type Map map[string]any

// Value returns the value at path, and whether there is one.
func (m Map) Value(path string) (any, bool) {
	var node any = m
	for _, seg := range splitPath(path) {
		switch n := node.(type) {
		case Map:
			v, ok := n[seg]
			if !ok {
				return nil, false
			}
			node = v
		case []any:
			i, err := strconv.Atoi(seg)
			if err != nil || i < 0 || i >= len(n) {
				return nil, false
			}
			node = n[i]
		default:
			return nil, false
		}
	}
	return node, true
}

// splitPath splits "items.0.name" and "items[0][name]" (or a mix) into
// their names.
func splitPath(path string) []string {
	return strings.FieldsFunc(path, func(r rune) bool { return r == '.' || r == '[' || r == ']' })
}

// Has reports whether there is a value at path (JSON null included).
func (m Map) Has(path string) bool {
	_, ok := m.Value(path)
	return ok
}

// String returns the text of the value at path: a string as it is, a JSON
// number or boolean as written; the first of several values; "" for none,
// a file, or nested keys.
func (m Map) String(path string) string {
	v, _ := m.Value(path)
	if list, ok := v.([]any); ok {
		if len(list) == 0 {
			return ""
		}
		v = list[0]
	}
	s, _ := text(v)
	return s
}

// Strings returns the texts of every value at path (see [Map.String]),
// skipping files, nested keys and nulls; nil when there is none.
func (m Map) Strings(path string) []string {
	v, ok := m.Value(path)
	if !ok {
		return nil
	}
	list, isList := v.([]any)
	if !isList {
		list = []any{v}
	}
	var out []string
	for _, e := range list {
		if s, ok := text(e); ok {
			out = append(out, s)
		}
	}
	return out
}

func text(v any) (string, bool) {
	switch t := v.(type) {
	case string:
		return t, true
	case json.Number:
		return t.String(), true
	case bool:
		return strconv.FormatBool(t), true
	}
	return "", false
}

// Int returns the value at path as an int. A missing value (absent, null
// or "") is a 422 with rule "required", one that is not an integer a 422
// with rule "int", both naming path in the body bodyparser's 422s have.
func (m Map) Int(path string) (int, error) {
	s, err := m.required(path)
	if err != nil {
		return 0, err
	}
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil {
		return 0, invalid(path, "int", path+" must be an integer")
	}
	return n, nil
}

// IntOr returns the value at path as an int, or def when it is missing
// (absent, null or ""); a value that is not an integer is a 422 (see
// [Map.Int]).
func (m Map) IntOr(path string, def int) (int, error) {
	if m.missing(path) {
		return def, nil
	}
	return m.Int(path)
}

// Float returns the value at path as a float64: a missing value is a 422
// with rule "required", one that is not a finite number a 422 with rule
// "float".
func (m Map) Float(path string) (float64, error) {
	s, err := m.required(path)
	if err != nil {
		return 0, err
	}
	f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return 0, invalid(path, "float", path+" must be a number")
	}
	return f, nil
}

// Bool returns the value at path as a bool, as a checkbox means it: a
// missing value (absent, null or "") is false; "true", "on", "yes", "1"
// and the other spellings of [strconv.ParseBool] are true or false; any
// other value is a 422 with rule "bool".
func (m Map) Bool(path string) (bool, error) {
	if m.missing(path) {
		return false, nil
	}
	s := strings.ToLower(strings.TrimSpace(m.String(path)))
	switch s {
	case "on", "yes":
		return true, nil
	case "off", "no":
		return false, nil
	}
	b, err := strconv.ParseBool(s)
	if err != nil {
		return false, invalid(path, "bool", path+" must be true or false")
	}
	return b, nil
}

// File returns the uploaded file at path (the first, when several share
// the name), or nil.
func (m Map) File(path string) *File {
	if fs := m.Files(path); len(fs) > 0 {
		return fs[0]
	}
	return nil
}

// Files returns every uploaded file at path, in the order sent.
func (m Map) Files(path string) []*File {
	v, _ := m.Value(path)
	switch t := v.(type) {
	case *File:
		return []*File{t}
	case []any:
		var out []*File
		for _, e := range t {
			if f, ok := e.(*File); ok {
				out = append(out, f)
			}
		}
		return out
	}
	return nil
}

// Map returns the nested keys at path ("user" for user[name] and
// user[email]), or nil.
func (m Map) Map(path string) Map {
	v, _ := m.Value(path)
	sub, _ := v.(Map)
	return sub
}

// Require returns nil when every path has a value, else a 422 listing each
// missing one with rule "required". Unlike bodyparser's required, "" is
// missing here: a browser sends every text input of a form, "" for one
// left blank.
func (m Map) Require(paths ...string) error {
	var missing []bodyparser.FieldError
	for _, p := range paths {
		if m.missing(p) {
			missing = append(missing, bodyparser.FieldError{Path: p, Rule: "required", Message: p + " is required"})
		}
	}
	if missing == nil {
		return nil
	}
	return bodyparser.ClientError(&bodyparser.ValidationError{Fields: missing})
}

// missing reports whether path has no value, null, "", or an empty list.
func (m Map) missing(path string) bool {
	v, ok := m.Value(path)
	switch t := v.(type) {
	case nil:
		return true
	case string:
		return t == ""
	case []any:
		return len(t) == 0
	}
	return !ok
}

func (m Map) required(path string) (string, error) {
	if m.missing(path) {
		return "", invalid(path, "required", path+" is required")
	}
	return m.String(path), nil
}

func invalid(path, rule, message string) error {
	return bodyparser.ClientError(&bodyparser.ValidationError{Fields: []bodyparser.FieldError{{Path: path, Rule: rule, Message: message}}})
}
