package httpheader_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/iron-go/iron/internal/httpheader"
)

// FuzzNextElement checks the list splitter on any input: it never panics,
// every element is a trimmed piece of the list, rest always shrinks, and a
// list without quotes splits exactly as strings.Split on commas does.
func FuzzNextElement(f *testing.F) {
	for _, seed := range []string{
		"", "a", "a, b", " a ,\tb\t", ",,", `x="a, b", y`, `x="a\", b"`, `x="`, `"\`, "a,\x00,b",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, list string) {
		var got []string
		for rest := list; rest != ""; {
			elem, next := httpheader.NextElement(rest)
			if len(next) >= len(rest) {
				t.Fatalf("NextElement(%q) left %q: no progress", rest, next)
			}
			if !strings.HasSuffix(rest, next) || !strings.Contains(rest[:len(rest)-len(next)], elem) {
				t.Fatalf("NextElement(%q) = %q, %q: not pieces of the list", rest, elem, next)
			}
			if httpheader.TrimOWS(elem) != elem {
				t.Fatalf("NextElement(%q) = %q: not trimmed", rest, elem)
			}
			got = append(got, elem)
			rest = next
		}
		if strings.ContainsRune(list, '"') {
			return
		}
		want := strings.Split(list, ",")
		if strings.HasSuffix(list, ",") || list == "" {
			want = want[:len(want)-1] // a trailing empty element is not reported
		}
		for i := range want {
			want[i] = strings.Trim(want[i], " \t")
		}
		if len(got) != len(want) {
			t.Fatalf("elements of %q = %q, want %q", list, got, want)
		}
		for i := range want {
			if got[i] != want[i] {
				t.Fatalf("elements of %q = %q, want %q", list, got, want)
			}
		}
	})
}

// FuzzHasToken checks membership against the elements NextElement finds, and
// that a list split over two field lines at a comma outside quotes means the
// same.
func FuzzHasToken(f *testing.F) {
	for _, seed := range [][2]string{
		{"keep-alive, close", "close"}, {"closed", "close"}, {`x="close, y"`, "close"},
		{"A , , b", "a"}, {"", ""}, {"*", "*"}, {"gzip;q=1", "gzip"}, {"max-age=0", "max-age"},
	} {
		f.Add(seed[0], seed[1])
	}
	f.Fuzz(func(t *testing.T, list, token string) {
		got := httpheader.HasToken([]string{list}, token)
		want := false
		for rest := list; rest != "" && token != ""; {
			var e string
			e, rest = httpheader.NextElement(rest)
			want = want || strings.EqualFold(e, token)
		}
		if isASCII(list) && isASCII(token) && got != want {
			t.Fatalf("HasToken(%q, %q) = %v, want %v", list, token, got, want)
		}
		if got && !httpheader.HasDirective([]string{list}, token) && !strings.Contains(token, "=") {
			t.Fatalf("HasToken(%q, %q) but not HasDirective", list, token)
		}
		if !strings.ContainsRune(list, '"') {
			if a, b, ok := strings.Cut(list, ","); ok && httpheader.HasToken([]string{a, b}, token) != got {
				t.Fatalf("HasToken(%q, %q) = %v, but not over two lines", list, token, got)
			}
		}
	})
}

// FuzzAddVary checks that after AddVary every name is listed (unless Vary is
// "*"), that adding again changes nothing, and that nothing already there is
// lost.
func FuzzAddVary(f *testing.F) {
	for _, seed := range [][2]string{
		{"", "Origin"}, {"Origin", "origin"}, {"*", "Accept-Encoding"}, {"a, , b", "c"}, {`x="Origin"`, "Origin"},
	} {
		f.Add(seed[0], seed[1])
	}
	f.Fuzz(func(t *testing.T, existing, name string) {
		if !httpheader.IsToken(name) {
			return
		}
		h := http.Header{}
		if existing != "" {
			h.Set("Vary", existing)
		}
		httpheader.AddVary(h, name)
		values := h.Values("Vary")
		if existing != "" && values[0] != existing {
			t.Fatalf("AddVary(%q, %q) changed the existing line: %q", existing, name, values)
		}
		star := httpheader.HasToken([]string{existing}, "*")
		if !star && !httpheader.HasToken(values, name) {
			t.Fatalf("AddVary(%q, %q) = %q: name missing", existing, name, values)
		}
		before := len(values)
		httpheader.AddVary(h, name)
		if len(h.Values("Vary")) != before {
			t.Fatalf("AddVary(%q, %q) twice added twice: %q", existing, name, h.Values("Vary"))
		}
	})
}

func isASCII(s string) bool {
	for i := range len(s) {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// FuzzQuoted checks that CutQuoted reads back what Quote writes, whatever
// follows it, and that whatever CutQuoted accepts is a prefix of its input
// that Quote writes again to the same value.
func FuzzQuoted(f *testing.F) {
	for _, seed := range [][2]string{
		{"restricted", ""}, {`a"b\c`, "; x=1"}, {"", `"`}, {"a\tb", ",rest"}, {"\xff", `\`},
	} {
		f.Add(seed[0], seed[1])
	}
	f.Fuzz(func(t *testing.T, s, tail string) {
		if httpheader.ValidFieldValue(s) {
			value, rest, ok := httpheader.CutQuoted(httpheader.Quote(s) + tail)
			if !ok || value != s || rest != tail {
				t.Fatalf("CutQuoted(Quote(%q)+%q) = %q, %q, %v", s, tail, value, rest, ok)
			}
		}
		value, rest, ok := httpheader.CutQuoted(s)
		if !ok {
			if value != "" || rest != "" {
				t.Fatalf("CutQuoted(%q) failed but returned %q, %q", s, value, rest)
			}
			return
		}
		if !strings.HasSuffix(s, rest) || len(rest) >= len(s) {
			t.Fatalf("CutQuoted(%q) left %q: not a shorter suffix", s, rest)
		}
		again, after, ok := httpheader.CutQuoted(httpheader.Quote(value))
		if !ok || again != value || after != "" {
			t.Fatalf("CutQuoted(%q) = %q, which does not quote back: %q, %q, %v", s, value, again, after, ok)
		}
	})
}
