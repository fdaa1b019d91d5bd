package params

import (
	"fmt"
	"strconv"
	"strings"
)

// maxDepth bounds how deeply one key nests (a[b][c]... counts each
// bracket): a key is small, its map need not be deep.
const maxDepth = 32

// segment is one step of a bracket key: a name, an index, or [] (append).
type segment struct {
	name   string
	index  int  // >= 0 for an index
	append bool // []
}

func (s segment) isName() bool { return !s.append && s.index < 0 }

// parseKey splits a form key into segments: user[name] → user, name;
// tags[] → tags, append; items[0][name] → items, 0, name. A key that is not
// of the form name([inner])* — a bracket not closed, text after a bracket,
// no name before the first — is one segment, taken literally.
func parseKey(key string) ([]segment, error) {
	open := strings.IndexByte(key, '[')
	if open <= 0 || !strings.HasSuffix(key, "]") {
		return []segment{nameSegment(key)}, nil
	}
	segs := []segment{nameSegment(key[:open])}
	for rest := key[open:]; rest != ""; {
		end := strings.IndexByte(rest, ']')
		if rest[0] != '[' || end < 0 || strings.IndexByte(rest[1:end], '[') >= 0 {
			return []segment{nameSegment(key)}, nil
		}
		inner := rest[1:end]
		switch {
		case inner == "":
			segs = append(segs, segment{append: true, index: -1})
		case isIndex(inner):
			n, err := strconv.Atoi(inner)
			if err != nil || n > maxIndex {
				return nil, fmt.Errorf("%q: index %s is over %d", key, inner, maxIndex)
			}
			segs = append(segs, segment{index: n})
		default:
			segs = append(segs, nameSegment(inner))
		}
		if len(segs) > maxDepth {
			return nil, fmt.Errorf("%q: nested more than %d deep", key, maxDepth)
		}
		rest = rest[end+1:]
	}
	return segs, nil
}

// maxIndex bounds an index, which must also come in order (see insert).
const maxIndex = 99999

func nameSegment(name string) segment { return segment{name: name, index: -1} }

// isIndex reports whether s is a list index: digits, no leading zero.
func isIndex(s string) bool {
	if s == "" || len(s) > 1 && s[0] == '0' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// insert puts v (a string or a *File) into m at the path segs, for the raw
// key key (for errors). A name given several times collects its values in a
// list, in order, as url.Values does; tags[] appends; items[][name] fills
// the last map of items until it has a name, then starts a new one; an
// index must address an element that exists or the next one, and a leaf at
// an index is given once.
func insert(m Map, key string, segs []segment, v any) error {
	_, err := put(m, segs, v, key)
	return err
}

// put returns c, the value held so far at this point of the path (nil for
// none), with v put at segs below it.
func put(c any, segs []segment, v any, key string) (any, error) {
	if len(segs) == 0 {
		switch old := c.(type) {
		case nil:
			return v, nil
		case []any:
			return append(old, v), nil
		case Map:
			return nil, conflict(key)
		}
		return []any{c, v}, nil
	}
	seg, rest := segs[0], segs[1:]
	if seg.isName() {
		m, ok := c.(Map)
		if c == nil {
			m, ok = Map{}, true
		}
		if !ok {
			return nil, conflict(key)
		}
		child, err := put(m[seg.name], rest, v, key)
		if err != nil {
			return nil, err
		}
		m[seg.name] = child
		return m, nil
	}
	var list []any
	switch old := c.(type) {
	case nil:
	case []any:
		list = old
	case Map:
		return nil, conflict(key)
	default:
		list = []any{old} // a=1&a[]=2: a is a list, as a=1&a=2 makes it
	}
	n := seg.index
	if seg.append {
		n = len(list)
		if len(rest) > 0 && rest[0].isName() && n > 0 {
			// items[][name]: the last map takes name unless it has it.
			if last, ok := list[n-1].(Map); ok {
				if _, has := last[rest[0].name]; !has {
					n--
				}
			}
		}
	}
	switch {
	case n > len(list):
		return nil, fmt.Errorf("%q: index %d skips %d (indexes come in order from 0)", key, n, len(list))
	case n == len(list):
		list = append(list, nil)
	case len(rest) == 0:
		return nil, fmt.Errorf("%q is given more than once", key)
	}
	child, err := put(list[n], rest, v, key)
	if err != nil {
		return nil, err
	}
	list[n] = child
	return list, nil
}

func conflict(key string) error {
	return fmt.Errorf("%q: one name holds both a value and nested keys", key)
}
