package router_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/ext/router"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// linker answers with the URL of a route, built from inside the request.
func linker(name string, params map[string]string) iron.HandlerFunc {
	return func(req *iron.Request) (*iron.Response, error) {
		u, err := router.URLFor(req, name, params)
		if err != nil {
			return nil, err
		}
		p, err := router.PathFor(req, name, params)
		if err != nil {
			return nil, err
		}
		return iron.With(http.StatusOK, u+" "+p), nil
	}
}

func TestURLFor(t *testing.T) {
	for _, tc := range []struct {
		name   string
		target string // what the client sent
		seen   string // the path a mount handed on, or "" for none
		route  string
		params map[string]string
		want   string
	}{
		{"plain", "/links", "", "user", map[string]string{"id": "7"},
			"http://example.com/users/7 /users/7"},
		{"over TLS", "https://example.com/links", "", "user", map[string]string{"id": "7"},
			"https://example.com/users/7 /users/7"},
		{"host and port", "http://example.com:8080/links", "", "user", map[string]string{"id": "7"},
			"http://example.com:8080/users/7 /users/7"},
		{"under a mount", "/api/links", "/links", "user", map[string]string{"id": "7"},
			"http://example.com/api/users/7 /api/users/7"},
		{"under a mount, at its root", "/api", "/", "user", map[string]string{"id": "7"},
			"http://example.com/api/users/7 /api/users/7"},
		{"under a mount over TLS, query sent", "https://example.com/v1/api/links?page=2", "/links", "user",
			map[string]string{"id": "7"}, "https://example.com/v1/api/users/7 /v1/api/users/7"},
		{"extra params become the query", "/links", "", "user", map[string]string{"id": "7", "tab": "a b", "b": "1"},
			"http://example.com/users/7?b=1&tab=a+b /users/7?b=1&tab=a+b"},
		{"a param's slash is encoded", "/links", "", "user", map[string]string{"id": "a/b"},
			"http://example.com/users/a%2Fb /users/a%2Fb"},
		{"a catch-all keeps its slashes", "/links", "", "file", map[string]string{"path": "docs/read me.txt"},
			"http://example.com/files/docs/read%20me.txt /files/docs/read%20me.txt"},
		{"an empty catch-all", "/links", "", "file", nil,
			"http://example.com/files/ /files/"},
		{"literals are encoded", "/links", "", "café", nil,
			"http://example.com/caf%C3%A9/a%2Fb /caf%C3%A9/a%2Fb"},
		{"several params", "/links", "", "post", map[string]string{"user": "7", "post": "3"},
			"http://example.com/users/7/posts/3 /users/7/posts/3"},
		{"in a group", "/links", "", "admin", nil, "http://example.com/admin/ /admin/"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := router.New()
			r.Get("/users/:id", echo).Named("user")
			r.Get("/users/:user/posts/:post", echo).Named("post")
			r.Get("/files/*path", echo).Named("file")
			r.Get("/café/a%2Fb", echo).Named("café")
			r.Group("/admin").Get("/", echo).Named("admin")
			r.Get("/links", linker(tc.route, tc.params))
			r.Get("/", linker(tc.route, tc.params))
			req := iron.NewRequest(http.MethodGet, tc.target, nil)
			if tc.seen != "" {
				req.SetPath(tc.seen)
			}
			got := serve(t, r, req)
			require.Equal(t, http.StatusOK, got.status, got.body)
			assert.Equal(t, tc.want, got.body)
		})
	}
}

func TestURLForFails(t *testing.T) {
	r := router.New()
	r.Get("/users/:id", echo).Named("user")
	r.Get("/links", echo)
	req := iron.NewRequest(http.MethodGet, "/links", nil)
	serve(t, r, req)
	for _, tc := range []struct {
		name, route string
		params      map[string]string
		err         string
	}{
		{"unknown name", "nobody", nil, `router: URL for route "nobody": no route of that name`},
		{"missing param", "user", map[string]string{"name": "x"},
			`router: URL for route "user" (/users/:id): no value for parameter "id"`},
		{"empty param", "user", map[string]string{"id": ""},
			`router: URL for route "user" (/users/:id): no value for parameter "id"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := router.URLFor(req, tc.route, tc.params)
			assert.EqualError(t, err, tc.err)
			_, err = r.PathFor(req, tc.route, tc.params)
			assert.EqualError(t, err, tc.err)
		})
	}
	t.Run("request not routed", func(t *testing.T) {
		_, err := router.URLFor(iron.NewRequest(http.MethodGet, "/", nil), "user", nil)
		assert.EqualError(t, err, "router: URLFor: the request was not routed by a router")
		_, err = router.PathFor(iron.NewRequest(http.MethodGet, "/", nil), "user", nil)
		assert.EqualError(t, err, "router: PathFor: the request was not routed by a router")
	})
	t.Run("the router's own method needs no routing", func(t *testing.T) {
		u, err := r.URLFor(iron.NewRequest(http.MethodGet, "https://example.org/", nil), "user", map[string]string{"id": "1"})
		require.NoError(t, err)
		assert.Equal(t, "https://example.org/users/1", u)
	})
}

// roundTrip builds the URL of route name with params from inside a request
// to r, follows it as a client does (resolved against the page it came from,
// dot segments removed: RFC 3986 section 5.2, what browsers, curl and Go's
// net/url do to a link or a Location), and routes the result through r
// again. It returns what that second request got.
func roundTrip(t *testing.T, r *router.Router, name string, params map[string]string) (built string, got result) {
	t.Helper()
	req := iron.NewRequest(http.MethodGet, "/links", nil)
	res := serve(t, r, req)
	require.Equal(t, http.StatusOK, res.status, res.body)
	built, err := r.PathFor(req, name, params)
	require.NoError(t, err)
	base, err := url.Parse("http://example.com/links")
	require.NoError(t, err)
	ref, err := url.Parse(built)
	require.NoError(t, err, built)
	return built, serve(t, r, iron.NewRequest(http.MethodGet, base.ResolveReference(ref).RequestURI(), nil))
}

// Whatever value a parameter has, the URL built for it leads back to the
// same route with the same value, even where the value holds dot segments
// ("%2e%2e" in a request decodes to "..") or empty ones.
func TestURLForRoundTrips(t *testing.T) {
	for _, clean := range []bool{false, true} {
		r := router.New(router.CleanPath(clean))
		r.Get("/files/*path", echo).Named("file")
		r.Get("/users/:id", echo).Named("user")
		r.Get("/links", echo)
		for _, tc := range []struct {
			route, param, value, built string
		}{
			{"file", "path", "../../etc/passwd", "/files/..%2F..%2Fetc/passwd"},
			{"file", "path", "a/../b", "/files/a%2F..%2Fb"},
			{"file", "path", "a/./b", "/files/a%2F.%2Fb"},
			{"file", "path", "./a", "/files/.%2Fa"},
			{"file", "path", "a/..", "/files/a%2F.."},
			{"file", "path", "../", "/files/..%2F"},
			{"file", "path", "a//b", "/files/a%2F%2Fb"},
			{"file", "path", "/etc/passwd", "/files/%2Fetc/passwd"},
			{"file", "path", "docs/", "/files/docs/"},
			{"file", "path", "docs/read me.txt", "/files/docs/read%20me.txt"},
			{"file", "path", "100%/a?b#c", "/files/100%25/a%3Fb%23c"},
			{"file", "path", "..a/b..", "/files/..a/b.."},
			{"file", "path", "", "/files/"},
			{"user", "id", "a/b", "/users/a%2Fb"},
			{"user", "id", "...", "/users/..."},
		} {
			t.Run(fmt.Sprintf("CleanPath(%v) %s", clean, tc.value), func(t *testing.T) {
				built, got := roundTrip(t, r, tc.route, map[string]string{tc.param: tc.value})
				assert.Equal(t, tc.built, built)
				require.Equal(t, http.StatusOK, got.status, "%s: %s", built, got.body)
				assert.Equal(t, strings.Join([]string{"GET", routePattern(tc.route), tc.param + "=" + tc.value}, " "), got.body)
			})
		}
	}
}

// A value that is a dot segment and nothing else cannot be a segment of its
// own: it is written encoded, which the router reads back (and curl and Go
// clients keep), though browsers and CleanPath resolve it.
func TestURLForLoneDotSegments(t *testing.T) {
	r := router.New()
	r.Get("/files/*path", echo).Named("file")
	r.Get("/users/:id", echo).Named("user")
	r.Get("/links", echo)
	for _, tc := range []struct{ route, param, value, built string }{
		{"user", "id", "..", "/users/%2E%2E"},
		{"user", "id", ".", "/users/%2E"},
		{"file", "path", "..", "/files/%2E%2E"},
	} {
		t.Run(tc.value, func(t *testing.T) {
			built, got := roundTrip(t, r, tc.route, map[string]string{tc.param: tc.value})
			assert.Equal(t, tc.built, built)
			assert.Equal(t, "GET "+routePattern(tc.route)+" "+tc.param+"="+tc.value, got.body)
		})
	}
}

func routePattern(name string) string {
	if name == "file" {
		return "/files/*path"
	}
	return "/users/:id"
}
