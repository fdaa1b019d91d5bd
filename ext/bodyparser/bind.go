package bodyparser

import (
	"encoding/json"
	"reflect"
	"strconv"
)

// maxFieldErrors bounds how many rule violations one answer reports: enough
// for any form, and a body of ten thousand bad items still gets a short one.
const maxFieldErrors = 50

// binder walks JSON text that encoding/json has decoded into a value,
// alongside that value, to find what decoding cannot tell: which fields
// were given (a required field absent or null is missing, while 0, false
// and "" given explicitly are present), which keys name no field, and which
// values break their rules.
type binder struct {
	d      []byte
	strict bool
	path   []byte
	errs   []FieldError
}

// bind returns the rule violations of v (decoded from d, of schema s).
func bind(d []byte, v reflect.Value, s *schema, strict bool) []FieldError {
	b := binder{d: d, strict: strict}
	b.value(skipSpace(d, 0), v, s)
	return b.errs
}

// value walks the JSON value at d[i] bound to v, and returns the index just
// past it.
func (b *binder) value(i int, v reflect.Value, s *schema) int {
	if i >= len(b.d) || !s.walked(b.strict) {
		return skipValue(b.d, i)
	}
	if isNull(b.d, i) {
		if s.kind == kStruct {
			// null decodes into a struct (the body, an element) as {}
			// does: none of its fields is given.
			d := b.d
			b.d = []byte("{}")
			b.object(0, v, s)
			b.d = d
		}
		return skipValue(b.d, i)
	}
	switch s.kind {
	case kPtr:
		if v.IsNil() {
			return skipValue(b.d, i)
		}
		return b.value(i, v.Elem(), s.elem)
	case kStruct:
		if b.d[i] == '{' {
			return b.object(i, v, s)
		}
	case kList:
		if b.d[i] == '[' {
			n := 0
			return each(b.d, i, func(_ []byte, at int) int {
				defer b.pop(b.pushIndex(n))
				end := skipValue(b.d, at)
				if n < v.Len() {
					end = b.value(at, v.Index(n), s.elem)
				}
				n++
				return end
			})
		}
	case kMap:
		if b.d[i] == '{' {
			return each(b.d, i, func(key []byte, at int) int {
				k, ok := unquote(key)
				mv := reflect.Value{}
				if ok {
					mv = v.MapIndex(reflect.ValueOf(k).Convert(v.Type().Key()))
				}
				if !mv.IsValid() {
					return skipValue(b.d, at)
				}
				defer b.pop(b.push(k))
				return b.value(at, mv, s.elem)
			})
		}
	}
	return skipValue(b.d, i)
}

// object walks a JSON object bound to the struct v: first its keys (for
// unknown and repeated ones), then v's fields in their declared order, each
// checked and then walked into, so that violations come in the order of
// the type's declaration, depth first.
func (b *binder) object(i int, v reflect.Value, s *schema) int {
	const absent, null = 0, -1
	at := make([]int, len(s.fields)) // where each field's value starts, plus one
	end := each(b.d, i, func(key []byte, start int) int {
		f := s.lookup(key)
		switch {
		case f < 0:
			if b.strict {
				k, _ := unquote(key)
				mark := b.push(k)
				b.fail("unknown", string(b.path)+" is not a known field")
				b.pop(mark)
			}
		case at[f] != absent:
			// encoding/json merges repeated keys into one value: which of
			// them was meant cannot be told, so it is refused.
			mark := b.push(s.fields[f].name)
			b.fail("duplicate", string(b.path)+" is given more than once")
			b.pop(mark)
		case isNull(b.d, start):
			at[f] = null
		default:
			at[f] = start + 1
		}
		return skipValue(b.d, start)
	})
	for f := range s.fields {
		fd := &s.fields[f]
		if at[f] == absent && !fd.required {
			continue
		}
		mark := b.push(fd.name)
		if at[f] <= 0 {
			if fd.required {
				b.fail("required", string(b.path)+" is required")
			}
		} else if fv, ok := fieldByIndex(v, fd.index); ok {
			b.check(fv, fd.rules)
			b.value(at[f]-1, fv, fd.schema)
		}
		b.pop(mark)
	}
	return end
}

// check applies rules to fv, a value that was given.
func (b *binder) check(fv reflect.Value, rules []rule) {
	for fv.Kind() == reflect.Pointer && !fv.IsNil() {
		fv = fv.Elem()
	}
	if fv.Kind() == reflect.Pointer {
		return
	}
	for _, r := range rules {
		if !r.ok(fv) {
			b.fail(r.name, string(b.path)+" "+r.msg)
		}
	}
}

// fieldByIndex is v.FieldByIndex that reports a nil embedded pointer on the
// way instead of panicking.
func fieldByIndex(v reflect.Value, index []int) (reflect.Value, bool) {
	for n, i := range index {
		if n > 0 && v.Kind() == reflect.Pointer {
			if v.IsNil() {
				return reflect.Value{}, false
			}
			v = v.Elem()
		}
		v = v.Field(i)
	}
	return v, true
}

func (b *binder) fail(rule, message string) {
	if len(b.errs) < maxFieldErrors {
		b.errs = append(b.errs, FieldError{Path: string(b.path), Rule: rule, Message: message})
	}
}

// push appends a name to the path and returns the mark pop goes back to.
func (b *binder) push(name string) int {
	mark := len(b.path)
	if mark > 0 {
		b.path = append(b.path, '.')
	}
	b.path = append(b.path, name...)
	return mark
}

func (b *binder) pushIndex(n int) int {
	mark := len(b.path)
	b.path = append(b.path, '[')
	b.path = strconv.AppendInt(b.path, int64(n), 10)
	b.path = append(b.path, ']')
	return mark
}

func (b *binder) pop(mark int) { b.path = b.path[:mark] }

// unquote returns the string a raw JSON key (between its quotes) stands
// for, as encoding/json decodes it.
func unquote(raw []byte) (string, bool) {
	for _, c := range raw {
		if c == '\\' || c < 0x20 || c >= 0x80 {
			var s string
			err := json.Unmarshal(append(append([]byte{'"'}, raw...), '"'), &s)
			return s, err == nil
		}
	}
	return string(raw), true
}

// pathAt returns the path (keys as sent, indexes in brackets) of the
// innermost value of d that encloses byte offset off, where encoding/json
// reports a value of the wrong type, and where that value starts.
func pathAt(d []byte, off int64) (path string, start int, ok bool) {
	var p []byte
	var walk func(i int) int
	walk = func(i int) int {
		end := -1
		if i < len(d) && (d[i] == '{' || d[i] == '[') {
			n := 0
			end = each(d, i, func(key []byte, at int) int {
				mark := len(p)
				if key != nil {
					k, _ := unquote(key)
					if mark > 0 {
						p = append(p, '.')
					}
					p = append(p, k...)
				} else {
					p = append(p, '[')
					p = strconv.AppendInt(p, int64(n), 10)
					p = append(p, ']')
					n++
				}
				e := walk(at)
				p = p[:mark]
				if ok {
					return -1 // found: stop
				}
				return e
			})
		} else {
			end = skipValue(d, i)
		}
		if !ok && end >= 0 && int64(i) < off && off <= int64(end) {
			path, start, ok = string(p), i, true
		}
		return end
	}
	walk(skipSpace(d, 0))
	return path, start, ok
}
