package bodyparser

import (
	"bytes"
	"cmp"
	"encoding"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// A schema is what binding needs to know of a Go type: for a struct, its
// JSON fields (as encoding/json finds them) with their rules; for a slice,
// array, map or pointer, its element. Schemas are compiled once per type
// and cached.
type schema struct {
	kind    kind
	fields  []field        // kStruct, in the order encoding/json keeps them
	exact   map[string]int // kStruct: JSON name → index in fields
	elem    *schema        // kList, kMap, kPtr
	rules   bool           // a rule at or below this type
	structs bool           // a struct at or below this type (unknown keys)
}

type kind uint8

const (
	kLeaf   kind = iota // walked no further: scalars, interfaces, custom unmarshalers
	kStruct             // a JSON object bound to fields
	kList               // a slice or array
	kMap                // a map with string keys
	kPtr                // a pointer
)

// field is a struct field as encoding/json decodes it.
type field struct {
	name     string // the JSON key
	index    []int  // for reflect's FieldByIndex, through embedded structs
	required bool
	rules    []rule // the rules other than required, in tag order
	schema   *schema
}

// walked reports whether binding must visit a value of s: it carries rules,
// or it holds structs whose unknown keys are refused.
func (s *schema) walked(strict bool) bool { return s.rules || strict && s.structs }

// lookup returns the index of the field a JSON object key (as it appears
// between its quotes) decodes into, or -1, as encoding/json matches it: the
// exact name first, else the first field whose name is equal under Unicode
// case folding.
func (s *schema) lookup(raw []byte) int {
	key := raw
	if bytes.IndexByte(raw, '\\') >= 0 || !utf8.Valid(raw) {
		// encoding/json unescapes, and turns invalid UTF-8 into U+FFFD.
		var str string
		if err := json.Unmarshal(append(append([]byte{'"'}, raw...), '"'), &str); err != nil {
			return -1
		}
		key = []byte(str)
	}
	if i, ok := s.exact[string(key)]; ok {
		return i
	}
	for i := range s.fields {
		if bytes.EqualFold([]byte(s.fields[i].name), key) {
			return i
		}
	}
	return -1
}

var schemas sync.Map // reflect.Type → *schema

// schemaFor returns the schema of t. A bind tag that cannot work panics,
// naming the type, the field and the tag.
func schemaFor(t reflect.Type) *schema {
	if s, ok := schemas.Load(t); ok {
		return s.(*schema)
	}
	c := compiler{seen: make(map[reflect.Type]*schema)}
	s := c.compile(t)
	c.settle()
	actual, _ := schemas.LoadOrStore(t, s)
	return actual.(*schema)
}

type compiler struct {
	seen map[reflect.Type]*schema
}

var (
	jsonUnmarshaler = reflect.TypeFor[json.Unmarshaler]()
	textUnmarshaler = reflect.TypeFor[encoding.TextUnmarshaler]()
)

func (c *compiler) compile(t reflect.Type) *schema {
	if s, ok := c.seen[t]; ok {
		return s // a recursive type: flags settled later
	}
	s := &schema{}
	c.seen[t] = s
	if t.Kind() != reflect.Pointer && (t.Implements(jsonUnmarshaler) || reflect.PointerTo(t).Implements(jsonUnmarshaler) ||
		t.Implements(textUnmarshaler) || reflect.PointerTo(t).Implements(textUnmarshaler)) {
		return s // decodes itself: a leaf
	}
	switch t.Kind() {
	case reflect.Pointer:
		s.kind, s.elem = kPtr, c.compile(t.Elem())
	case reflect.Slice, reflect.Array:
		if t.Elem().Kind() == reflect.Uint8 && t.Kind() == reflect.Slice {
			return s // []byte is a base64 string
		}
		s.kind, s.elem = kList, c.compile(t.Elem())
	case reflect.Map:
		if t.Key().Kind() == reflect.String && !reflect.PointerTo(t.Key()).Implements(textUnmarshaler) {
			s.kind, s.elem = kMap, c.compile(t.Elem())
		}
	case reflect.Struct:
		s.kind, s.structs = kStruct, true
		s.fields = c.fields(t)
		s.exact = make(map[string]int, len(s.fields))
		for i, f := range s.fields {
			s.exact[f.name] = i
			if f.required || len(f.rules) > 0 {
				s.rules = true
			}
		}
	}
	return s
}

// settle spreads the rules and structs flags up from every type to those
// that contain it, until nothing changes (recursive types loop).
func (c *compiler) settle() {
	for changed := true; changed; {
		changed = false
		for _, s := range c.seen {
			var rules, structs bool
			switch s.kind {
			case kStruct:
				for _, f := range s.fields {
					rules = rules || f.schema.rules
					structs = structs || f.schema.structs
				}
			case kList, kMap, kPtr:
				rules, structs = s.elem.rules, s.elem.structs
			}
			if rules && !s.rules || structs && !s.structs {
				s.rules, s.structs = s.rules || rules, s.structs || structs
				changed = true
			}
		}
	}
}

// candidate is a struct field encoding/json may decode into, before the
// conflicts between embedded structs' fields are settled.
type candidate struct {
	name   string
	tagged bool
	index  []int
	sf     reflect.StructField
	owner  reflect.Type
}

// fields lists t's JSON fields by the rules of encoding/json: exported
// fields, named by their json tag or Go name, the fields of untagged
// embedded structs promoted, and of several fields with one name the
// shallowest (the tagged one at a tie) kept, or none when that leaves a tie.
func (c *compiler) fields(t reflect.Type) []field {
	type level struct {
		typ   reflect.Type
		index []int
	}
	var (
		found     []candidate
		next      = []level{{typ: t}}
		nextCount = map[reflect.Type]int{}
		visited   = map[reflect.Type]bool{}
	)
	for len(next) > 0 {
		current := next
		next = nil
		count := nextCount
		nextCount = map[reflect.Type]int{}
		for _, lv := range current {
			if visited[lv.typ] {
				continue
			}
			visited[lv.typ] = true
			for i := range lv.typ.NumField() {
				sf := lv.typ.Field(i)
				ft := sf.Type
				if ft.Name() == "" && ft.Kind() == reflect.Pointer {
					ft = ft.Elem()
				}
				tag := sf.Tag.Get("json")
				name, _, _ := strings.Cut(tag, ",")
				if !validTagName(name) {
					name = ""
				}
				ignored := tag == "-" ||
					!sf.IsExported() && (!sf.Anonymous || ft.Kind() != reflect.Struct)
				if ignored {
					if b, ok := sf.Tag.Lookup("bind"); ok {
						panic(fmt.Errorf("bodyparser: %v.%s: bind:%q on a field encoding/json does not decode", lv.typ, sf.Name, b))
					}
					continue
				}
				index := append(slices.Clone(lv.index), i)
				if name != "" || !sf.Anonymous || ft.Kind() != reflect.Struct {
					cand := candidate{name: cmp.Or(name, sf.Name), tagged: name != "", index: index, sf: sf, owner: lv.typ}
					found = append(found, cand)
					if count[lv.typ] > 1 {
						// The same struct embedded twice at this depth: its
						// fields conflict with themselves and vanish.
						found = append(found, cand)
					}
					continue
				}
				if _, ok := sf.Tag.Lookup("bind"); ok {
					panic(fmt.Errorf("bodyparser: %v.%s: bind tag on an embedded struct whose fields are promoted; tag its fields", lv.typ, sf.Name))
				}
				nextCount[ft]++
				if nextCount[ft] == 1 {
					next = append(next, level{typ: ft, index: index})
				}
			}
		}
	}

	slices.SortStableFunc(found, func(a, b candidate) int {
		return cmp.Or(strings.Compare(a.name, b.name), cmp.Compare(len(a.index), len(b.index)),
			compareBool(b.tagged, a.tagged), slices.Compare(a.index, b.index))
	})
	var kept []candidate
	for i := 0; i < len(found); {
		j := i + 1
		for j < len(found) && found[j].name == found[i].name {
			j++
		}
		group := found[i:j]
		if len(group) == 1 || len(group[0].index) < len(group[1].index) || group[0].tagged != group[1].tagged {
			kept = append(kept, group[0])
		}
		i = j
	}
	slices.SortFunc(kept, func(a, b candidate) int { return slices.Compare(a.index, b.index) })

	out := make([]field, len(kept))
	for i, k := range kept {
		out[i] = field{name: k.name, index: k.index, schema: c.compile(k.sf.Type)}
		out[i].required, out[i].rules = parseRules(k.owner, k.sf)
	}
	return out
}

func compareBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}

// validTagName reports whether encoding/json accepts name as a field name.
func validTagName(name string) bool {
	if name == "" {
		return false
	}
	for _, c := range name {
		switch {
		case strings.ContainsRune("!#$%&()*+-./:;<=>?@[]^_{|}~ ", c):
		case !unicode.IsLetter(c) && !unicode.IsDigit(c):
			return false
		}
	}
	return true
}
