package router

import (
	"net/url"
	"strings"
	"testing"
)

// FuzzCanonical checks the canonical form against net/url: for a path
// net/url can unescape, each segment of the canonical form decodes to what
// url.PathUnescape makes of the same segment as sent, so matching on it
// treats every escape as the client meant it, and an encoded slash never
// splits a segment. Canonicalising twice changes nothing.
func FuzzCanonical(f *testing.F) {
	for _, s := range []string{"/", "/a%2Fb", "/caf%C3%A9", "/%zz/%", "/100%25", "/a%2f%2F/%41"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, path string) {
		c := canonical(path)
		if again := canonical(c); again != c {
			t.Fatalf("canonical(%q) = %q, canonical again = %q", path, c, again)
		}
		sent := strings.Split(path, "/")
		got := strings.Split(c, "/")
		if len(sent) != len(got) {
			t.Fatalf("canonical(%q) = %q: %d segments, sent %d", path, c, len(got), len(sent))
		}
		for i, seg := range sent {
			want, err := url.PathUnescape(seg)
			if err != nil {
				continue // malformed: kept literally, checked by the tests
			}
			if d := decode(got[i]); d != want {
				t.Fatalf("segment %d of %q: decode(%q) = %q, net/url says %q", i, path, got[i], d, want)
			}
		}
	})
}

// FuzzLookup routes arbitrary paths through a router with every kind of
// pattern: it must never panic, and a matched route's parameters must come
// from the path.
func FuzzLookup(f *testing.F) {
	for _, s := range []string{"/", "/users/7", "/users/new/", "/files/a%2Fb/c", "//x", "/users/%", "*"} {
		f.Add("GET", s)
	}
	f.Fuzz(func(t *testing.T, method, path string) {
		r := New(TrailingSlash(LenientSlash))
		h := handlerOK{}.Handle
		r.Get("/", h)
		r.Get("/users/new", h)
		r.Get("/users/:id", h)
		r.Post("/users/:id/posts/:post", h)
		r.Get("/files/*path", h)
		r.Any("/any/:x/", h)
		m := match{method: method, mi: methodIndex(method)}
		c := canonical(path)
		rt := r.root.find(c, &m)
		if rt == nil {
			if m.params.n != 0 {
				t.Fatalf("no route for %q, yet %d params left", path, m.params.n)
			}
			return
		}
		if m.params.n != len(rt.params) {
			t.Fatalf("%q matched %s with %d values for %d params", path, rt, m.params.n, len(rt.params))
		}
		for i := range m.params.n {
			if v := m.params.value(i); !strings.Contains(c, v) || (rt.parts[len(rt.parts)-1].kind != catchAll && strings.Contains(v, "/")) {
				t.Fatalf("%q matched %s with value %q", path, rt, v)
			}
		}
	})
}
