package router_test

import (
	"net/http"
	"testing"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/ext/router"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func cleanRouter(on bool) *router.Router {
	r := router.New(router.CleanPath(on))
	r.Get("/a", echo)
	r.Get("/b", echo)
	r.Get("/a/b", echo)
	r.Get("/dir/", echo)
	r.Post("/form", echo)
	r.Get("/files/*path", echo)
	r.Get("/evil.example/", echo)
	return r
}

func TestCleanPath(t *testing.T) {
	for _, tc := range []struct {
		name     string
		method   string
		target   string
		status   int
		location string
		body     string
	}{
		{"a clean path is served", "GET", "/a/b", 200, "", "GET /a/b"},
		{"a trailing slash is clean", "GET", "/dir/", 200, "", "GET /dir/"},
		{"a double slash", "GET", "//a", 308, "/a", ""},
		{"a double slash inside", "GET", "/a//b", 308, "/a/b", ""},
		{"a dot-dot", "GET", "/a/../b", 308, "/b", ""},
		{"a dot", "GET", "/a/./b", 308, "/a/b", ""},
		{"an encoded dot-dot", "GET", "/a/%2e%2E/b", 308, "/b", ""},
		{"half-encoded dots", "GET", "/a/.%2e/b", 308, "/b", ""},
		{"dot-dot past the root", "GET", "/../../a", 308, "/a", ""},
		{"a final dot leaves a slash", "GET", "/dir/.", 308, "/dir/", ""},
		{"a final dot-dot leaves a slash", "GET", "/dir/x/..", 308, "/dir/", ""},
		{"a trailing slash kept", "GET", "/x/..//dir//", 308, "/dir/", ""},
		{"the query kept", "GET", "//a?x=1&y", 308, "/a?x=1&y", ""},
		{"escapes kept", "GET", "/files//caf%C3%A9/a%2Fb", 308, "/files/caf%C3%A9/a%2Fb", ""},
		{"POST keeps its method", "POST", "/./form", 308, "/form", ""},
		{"an absolute-form target", "GET", "http://example.com//a", 308, "/a", ""},
		{"never to another host", "GET", "//evil.example/", 308, "/evil.example/", ""},
		{"never to another host, by dots", "GET", "/..//evil.example/", 308, "/evil.example/", ""},
		{"never to another host, by a backslash", "GET", `/.//\evil.example/`, 308, "/evil.example/", ""},
		{"an encoded slash is no separator", "GET", "/files/..%2F..%2Fetc", 200, "", "GET /files/*path path=../../etc"},
		{"three dots are a name", "GET", "/files/...", 200, "", "GET /files/*path path=..."},
		{"OPTIONS *", "OPTIONS", "*", 204, "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := do(t, cleanRouter(true), tc.method, tc.target)
			assert.Equal(t, tc.status, got.status, got.body)
			assert.Equal(t, tc.location, got.header.Get("Location"))
			if tc.status == 200 {
				assert.Equal(t, tc.body, got.body)
			}
		})
	}
}

// Off, the default, the router routes the path as it is, as before.
func TestCleanPathOffByDefault(t *testing.T) {
	for _, r := range []*router.Router{cleanRouter(false), routes(nil, "/a", "/files/*path")} {
		for _, tc := range []struct {
			target string
			status int
			body   string
		}{
			{"//a", 404, "Not Found"},
			{"/a/../a", 404, "Not Found"},
			{"/files/../x", 200, "GET /files/*path path=../x"},
			{"/files//x", 200, "GET /files/*path path=/x"},
		} {
			t.Run(tc.target, func(t *testing.T) {
				got := do(t, r, "GET", tc.target)
				assert.Equal(t, tc.status, got.status)
				assert.Equal(t, tc.body, got.body)
				assert.Empty(t, got.header.Get("Location"))
			})
		}
	}
}

// Under a mount, the redirect goes to the clean form of the path the client
// sent, prefix included; where only a rewrite in front of the router made
// the path unclean, there is nothing to redirect to, and it is routed.
func TestCleanPathUnderAMount(t *testing.T) {
	r := cleanRouter(true)
	for _, tc := range []struct {
		name, target, seen string
		status             int
		location           string
	}{
		{"a double slash", "/api//a", "//a", 308, "/api/a"},
		{"a dot-dot leaving the mount", "/api/../a", "/../a", 308, "/a"},
		{"the mount's own path", "/api", "", 404, ""},
		{"a rewrite, not the client", "/api/a", "//a", 404, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req := iron.NewRequest(http.MethodGet, tc.target, nil)
			req.SetPath(tc.seen)
			got := serve(t, r, req)
			assert.Equal(t, tc.status, got.status, got.body)
			assert.Equal(t, tc.location, got.header.Get("Location"))
		})
	}
}

func TestCleanPathRefusesUncleanPatterns(t *testing.T) {
	for _, pattern := range []string{"/a//b", "/a/./b", "/a/../b", "/a/%2e%2e", "//a"} {
		t.Run(pattern, func(t *testing.T) {
			msg := panicOf(func() { router.New(router.CleanPath(true)).Get(pattern, echo) })
			require.NotEmpty(t, msg, "no panic")
			assert.Contains(t, msg, "the pattern is not clean, and CleanPath redirects every request it would match to /")
		})
		assert.NotPanics(t, func() { router.New().Get(pattern, echo) }, "CleanPath off: any pattern")
	}
}

// Over a real server, a client following the redirect reaches the route.
func TestCleanPathOverARealServer(t *testing.T) {
	base := listen(t, cleanRouter(true), nil)
	for _, tc := range []struct {
		target, location string
	}{
		{"//a", "/a"},
		{"/x/../a/./b", "/a/b"},
		{"/a/%2E%2E/b?q=1", "/b?q=1"},
	} {
		t.Run(tc.target, func(t *testing.T) {
			res, body := rawRoundTrip(t, base[len("http://"):], "GET", tc.target)
			assert.Equal(t, http.StatusPermanentRedirect, res.StatusCode, body)
			assert.Equal(t, tc.location, res.Header.Get("Location"))
		})
	}
}
