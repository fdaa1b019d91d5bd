package router

import (
	"net/url"
	"path"
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

// FuzzCleanPath checks the clean form of any path: it is clean, cleaning it
// again changes nothing, a path is clean exactly when cleaning leaves it as
// it is, and for a path without escapes it is what path.Clean makes of it
// (what http.ServeMux redirects to), with the trailing slash RFC 3986 keeps
// after a final dot segment.
func FuzzCleanPath(f *testing.F) {
	for _, s := range []string{"/", "//a", "/a/../b", "/a/./b/", "/a/%2e%2E/b", "/..", "/a/b/..", "/.%2e/", "/a%2F..%2Fb", "/x//"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, p string) {
		p = "/" + p
		c := cleanPath(p)
		if !isClean(c) || cleanPath(c) != c || !strings.HasPrefix(c, "/") || strings.HasPrefix(c, "//") {
			t.Fatalf("cleanPath(%q) = %q: not clean", p, c)
		}
		if isClean(p) != (c == p) {
			t.Fatalf("isClean(%q) = %v, cleanPath = %q", p, isClean(p), c)
		}
		if strings.IndexByte(p, '%') >= 0 {
			return
		}
		want := path.Clean(p)
		if last := p[strings.LastIndexByte(p, '/')+1:]; want != "/" && (last == "" || last == "." || last == "..") {
			want += "/"
		}
		if c != want {
			t.Fatalf("cleanPath(%q) = %q, path.Clean says %q", p, c, want)
		}
	})
}

// FuzzURLForRoundTrip builds the URL of a *catch-all and a :param route for
// any value, follows it as a client does (net/url resolves dot segments),
// and routes it again: the same route must match with the same value. Under
// CleanPath the URL must be clean, so that no redirect intervenes, unless
// the value is a lone dot segment, which no clean URL can carry.
func FuzzURLForRoundTrip(f *testing.F) {
	for _, s := range []string{"../x", "..", ".", "a//b", "/x", "x/", "%2e%2e", "a%2Fb", "\x00", "?#", "..%2F", "./.", "", "a/../../b", "\xff/.."} {
		f.Add(s)
	}
	base, err := url.Parse("http://example.com/links")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, value string) {
		for _, clean := range []bool{false, true} {
			r := New(CleanPath(clean))
			r.Get("/files/*path", handlerOK{}.Handle).Named("file")
			r.Get("/users/:id", handlerOK{}.Handle).Named("user")
			for _, name := range []string{"file", "user"} {
				if name == "user" && value == "" {
					continue // a :param needs a value
				}
				rt := r.named[name]
				built, _, err := rt.build(map[string]string{rt.params[0]: value})
				if err != nil {
					t.Fatal(err)
				}
				ref, err := url.Parse(built)
				if err != nil {
					t.Fatalf("%s %q: built %q, which net/url cannot parse: %v", name, value, built, err)
				}
				sent := base.ResolveReference(ref).EscapedPath()
				if clean && !isClean(sent) {
					if isDot(value) {
						continue
					}
					t.Fatalf("%s %q: built %q, not clean", name, value, built)
				}
				m := match{method: "GET", mi: methodIndex("GET")}
				got := r.root.find(canonical(sent), &m)
				if got != rt || m.params.n != 1 {
					t.Fatalf("%s %q: built %q, sent %q, matched %v", name, value, built, sent, got)
				}
				if v := decode(m.params.value(0)); v != value {
					t.Fatalf("%s %q: built %q, sent %q, came back as %q", name, value, built, sent, v)
				}
			}
		}
	})
}
