package bodyparser

import (
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// rule is one check of a bind tag other than required, applied to a value
// that is present.
type rule struct {
	name string
	ok   func(v reflect.Value) bool // v: the field's value, pointers followed
	msg  string                     // what the value must be, after its path
}

// parseRules reads the bind tag of sf, a field of owner, and panics on one
// that cannot work, naming both.
func parseRules(owner reflect.Type, sf reflect.StructField) (required bool, rules []rule) {
	tag, ok := sf.Tag.Lookup("bind")
	if !ok {
		return false, nil
	}
	bad := func(format string, args ...any) {
		panic(fmt.Errorf("bodyparser: %v.%s: bind:%q: %s", owner, sf.Name, tag, fmt.Sprintf(format, args...)))
	}
	t := sf.Type
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	seen := map[string]bool{}
	for item := range strings.SplitSeq(tag, ",") {
		name, arg, hasArg := strings.Cut(strings.TrimSpace(item), "=")
		if seen[name] {
			bad("rule %q given twice", name)
		}
		seen[name] = true
		switch name {
		case "required":
			if hasArg {
				bad("required takes no value")
			}
			required = true
		case "nonempty":
			if hasArg {
				bad("nonempty takes no value")
			}
			if !hasLen(t) {
				bad("nonempty applies to strings, slices, arrays and maps, not %v", t)
			}
			rules = append(rules, rule{name: name, msg: "must not be empty", ok: func(v reflect.Value) bool { return v.Len() > 0 }})
		case "min", "max":
			if !hasArg {
				bad("%s needs a value: %s=N", name, name)
			}
			rules = append(rules, boundRule(name, arg, t, bad))
		case "oneof":
			words := strings.Fields(arg)
			if len(words) == 0 {
				bad("oneof needs values: oneof=a b c")
			}
			rules = append(rules, oneOfRule(words, t, bad))
		case "":
			bad("empty rule")
		default:
			bad("unknown rule %q (known: required, nonempty, min, max, oneof)", name)
		}
	}
	return required, rules
}

func hasLen(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.String, reflect.Slice, reflect.Array, reflect.Map:
		return true
	}
	return false
}

// boundRule is min or max: of a number's value, of a string's length in
// characters (runes), of a collection's length in items.
func boundRule(name, arg string, t reflect.Type, bad func(string, ...any)) rule {
	atLeast := name == "min"
	word := map[bool]string{true: "at least", false: "at most"}[atLeast]
	r := rule{name: name}
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		n, err := strconv.ParseInt(arg, 10, 64)
		if err != nil {
			bad("%s=%s: not an integer", name, arg)
		}
		r.ok = func(v reflect.Value) bool { return atLeast && v.Int() >= n || !atLeast && v.Int() <= n }
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		n, err := strconv.ParseUint(arg, 10, 64)
		if err != nil {
			bad("%s=%s: not a non-negative integer", name, arg)
		}
		r.ok = func(v reflect.Value) bool { return atLeast && v.Uint() >= n || !atLeast && v.Uint() <= n }
	case reflect.Float32, reflect.Float64:
		n, err := strconv.ParseFloat(arg, 64)
		if err != nil || math.IsNaN(n) {
			bad("%s=%s: not a number", name, arg)
		}
		r.ok = func(v reflect.Value) bool { return atLeast && v.Float() >= n || !atLeast && v.Float() <= n }
	case reflect.String, reflect.Slice, reflect.Array, reflect.Map:
		n, err := strconv.Atoi(arg)
		if err != nil || n < 0 {
			bad("%s=%s: not a length", name, arg)
		}
		length := func(v reflect.Value) int { return v.Len() }
		unit := "items"
		if t.Kind() == reflect.String {
			length = func(v reflect.Value) int { return utf8.RuneCountInString(v.String()) }
			unit = "characters"
		}
		if n == 1 {
			unit = strings.TrimSuffix(unit, "s")
		}
		r.ok = func(v reflect.Value) bool { l := length(v); return atLeast && l >= n || !atLeast && l <= n }
		if t.Kind() == reflect.String {
			r.msg = fmt.Sprintf("must be %s %d %s long", word, n, unit)
		} else {
			r.msg = fmt.Sprintf("must have %s %d %s", word, n, unit)
		}
		return r
	default:
		bad("%s applies to numbers, strings, slices, arrays and maps, not %v", name, t)
	}
	r.msg = fmt.Sprintf("must be %s %s", word, arg)
	return r
}

// oneOfRule accepts a string or an integer among words.
func oneOfRule(words []string, t reflect.Type, bad func(string, ...any)) rule {
	r := rule{name: "oneof", msg: "must be one of: " + strings.Join(words, ", ")}
	switch t.Kind() {
	case reflect.String:
		r.ok = func(v reflect.Value) bool { return slices.Contains(words, v.String()) }
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		ns := make([]int64, len(words))
		for i, w := range words {
			n, err := strconv.ParseInt(w, 10, 64)
			if err != nil {
				bad("oneof: %q is not an integer", w)
			}
			ns[i] = n
		}
		r.ok = func(v reflect.Value) bool { return slices.Contains(ns, v.Int()) }
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		ns := make([]uint64, len(words))
		for i, w := range words {
			n, err := strconv.ParseUint(w, 10, 64)
			if err != nil {
				bad("oneof: %q is not a non-negative integer", w)
			}
			ns[i] = n
		}
		r.ok = func(v reflect.Value) bool { return slices.Contains(ns, v.Uint()) }
	default:
		bad("oneof applies to strings and integers, not %v", t)
	}
	return r
}
