package router_test

import (
	"net/http"
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
