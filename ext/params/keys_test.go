package params

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseKey(t *testing.T) {
	idx := func(n int) segment { return segment{index: n} }
	app := segment{append: true, index: -1}
	for _, tc := range []struct {
		key  string
		want []segment
	}{
		{"a", []segment{nameSegment("a")}},
		{"user[name]", []segment{nameSegment("user"), nameSegment("name")}},
		{"tags[]", []segment{nameSegment("tags"), app}},
		{"a[b][c]", []segment{nameSegment("a"), nameSegment("b"), nameSegment("c")}},
		{"items[0][name]", []segment{nameSegment("items"), idx(0), nameSegment("name")}},
		{"items[][name]", []segment{nameSegment("items"), app, nameSegment("name")}},
		{"a[01]", []segment{nameSegment("a"), nameSegment("01")}},
		{"a[-1]", []segment{nameSegment("a"), nameSegment("-1")}},
		{"a[ b ]", []segment{nameSegment("a"), nameSegment(" b ")}},
		// not of the bracket form: one plain name
		{"[a]", []segment{nameSegment("[a]")}},
		{"a[b", []segment{nameSegment("a[b")}},
		{"a]b", []segment{nameSegment("a]b")}},
		{"a[b]c", []segment{nameSegment("a[b]c")}},
		{"a[b]c]", []segment{nameSegment("a[b]c]")}},
		{"a[[b]]", []segment{nameSegment("a[[b]]")}},
		{"", []segment{nameSegment("")}},
	} {
		got, err := parseKey(tc.key)
		require.NoError(t, err, tc.key)
		assert.Equal(t, tc.want, got, tc.key)
	}
	for _, bad := range []string{"a[100000]", "a" + repeat("[x]", 32)} {
		_, err := parseKey(bad)
		assert.Error(t, err, bad)
	}
	_, err := parseKey("a" + repeat("[x]", 31))
	assert.NoError(t, err, "32 deep is allowed")
}

func repeat(s string, n int) string {
	out := ""
	for range n {
		out += s
	}
	return out
}

func TestInsert(t *testing.T) {
	for _, tc := range []struct {
		name  string
		pairs [][2]string
		want  Map
		err   string
	}{
		{"plain", [][2]string{{"a", "1"}, {"b", "2"}}, Map{"a": "1", "b": "2"}, ""},
		{"repeated", [][2]string{{"a", "1"}, {"a", "2"}, {"a", "3"}}, Map{"a": []any{"1", "2", "3"}}, ""},
		{"nested", [][2]string{{"user[name]", "ann"}, {"user[email]", "a@x"}}, Map{"user": Map{"name": "ann", "email": "a@x"}}, ""},
		{"append", [][2]string{{"tags[]", "a"}, {"tags[]", "b"}}, Map{"tags": []any{"a", "b"}}, ""},
		{"deep", [][2]string{{"a[b][c]", "1"}}, Map{"a": Map{"b": Map{"c": "1"}}}, ""},
		{"indexed", [][2]string{{"items[0][name]", "x"}, {"items[0][qty]", "1"}, {"items[1][name]", "y"}},
			Map{"items": []any{Map{"name": "x", "qty": "1"}, Map{"name": "y"}}}, ""},
		{"append of maps", [][2]string{{"items[][name]", "x"}, {"items[][qty]", "1"}, {"items[][name]", "y"}},
			Map{"items": []any{Map{"name": "x", "qty": "1"}, Map{"name": "y"}}}, ""},
		{"lists of lists", [][2]string{{"m[0][]", "a"}, {"m[0][]", "b"}, {"m[1][]", "c"}}, Map{"m": []any{[]any{"a", "b"}, []any{"c"}}}, ""},
		{"indexed leaves", [][2]string{{"a[0]", "x"}, {"a[1]", "y"}}, Map{"a": []any{"x", "y"}}, ""},
		{"a plain name then appends", [][2]string{{"a", "1"}, {"a[]", "2"}}, Map{"a": []any{"1", "2"}}, ""},
		{"value then nested", [][2]string{{"a", "1"}, {"a[b]", "2"}}, nil, "both a value and nested keys"},
		{"nested then value", [][2]string{{"a[b]", "2"}, {"a", "1"}}, nil, "both a value and nested keys"},
		{"map then list", [][2]string{{"a[b]", "2"}, {"a[]", "1"}}, nil, "both a value and nested keys"},
		{"list then map", [][2]string{{"a[]", "2"}, {"a[b]", "1"}}, nil, "both a value and nested keys"},
		{"an index that skips", [][2]string{{"a[0]", "x"}, {"a[2]", "y"}}, nil, "skips"},
		{"an index out of order", [][2]string{{"a[1]", "x"}}, nil, "skips"},
		{"an indexed leaf twice", [][2]string{{"a[0]", "x"}, {"a[0]", "y"}}, nil, "more than once"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := Map{}
			var err error
			for _, p := range tc.pairs {
				segs, perr := parseKey(p[0])
				require.NoError(t, perr)
				if err = insert(m, p[0], segs, p[1]); err != nil {
					break
				}
			}
			if tc.err != "" {
				assert.ErrorContains(t, err, tc.err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, m)
		})
	}
}

// FuzzInsert inserts arbitrary keys: never a panic, and a key that went in
// can be read back by its own path when it is a plain chain of names.
func FuzzInsert(f *testing.F) {
	for _, k := range [][2]string{{"a", "b"}, {"user[name]", "tags[]"}, {"items[0][x]", "items[1][x]"}, {"a[][b]", "a[][b]"}, {"a", "a[b]"}, {"a[0]", "a[2]"}} {
		f.Add(k[0], k[1])
	}
	f.Fuzz(func(t *testing.T, k1, k2 string) {
		m := Map{}
		for _, k := range []string{k1, k2} {
			segs, err := parseKey(k)
			if err != nil {
				continue
			}
			if insert(m, k, segs, "v") != nil {
				continue
			}
			plain := true
			for _, s := range segs {
				plain = plain && s.isName() && s.name != "" && !containsAny(s.name, ".[]")
			}
			if plain && !m.Has(k) {
				t.Fatalf("%q went in but is not found: %#v", k, m)
			}
		}
	})
}

func containsAny(s, chars string) bool {
	for i := 0; i < len(s); i++ {
		for j := 0; j < len(chars); j++ {
			if s[i] == chars[j] {
				return true
			}
		}
	}
	return false
}
