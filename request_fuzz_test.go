package iron_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/iron-go/iron"
)

// FuzzRequestTarget checks the request's views of a target against
// net/url's reading of the same request-target: where url.ParseRequestURI
// accepts an origin-form or absolute-form target, the request agrees on the
// path (decoded and escaped) and the query.
func FuzzRequestTarget(f *testing.F) {
	for _, s := range []string{"/", "/a/b?c=d", "/files/a%2Fb", "/a%20b?x=%zz", "http://h.test/p?q", "https://h:1/", "*", "/?", "//double"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, target string) {
		u, err := url.ParseRequestURI(target)
		if err != nil || u.Opaque != "" || (u.Scheme != "" && u.Scheme != "http" && u.Scheme != "https") {
			return
		}
		if !strings.HasPrefix(target, "/") && u.Host == "" {
			return
		}
		req := requestFor(&iron.Incoming{Method: "GET", Target: target})
		wantPath := u.Path
		if wantPath == "" {
			wantPath = "/"
		}
		if req.Path() != wantPath {
			t.Errorf("Path() = %q, net/url says %q", req.Path(), wantPath)
		}
		if req.RawQuery() != u.RawQuery {
			t.Errorf("RawQuery() = %q, net/url says %q", req.RawQuery(), u.RawQuery)
		}
		if got, err := url.PathUnescape(req.EscapedPath()); err == nil && got != req.Path() {
			t.Errorf("EscapedPath() %q does not decode to Path() %q", req.EscapedPath(), req.Path())
		}
	})
}
