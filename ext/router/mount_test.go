package router_test

import (
	"net/http"
	"testing"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/ext/mount"
	"github.com/iron-go/iron/ext/router"
	"github.com/stretchr/testify/assert"
)

// Under package mount, the router routes the path below the prefix, and its
// links and redirects keep the prefix the client sent.
func TestUnderMount(t *testing.T) {
	r := router.New()
	r.Get("/", echo)
	r.Get("/users/:id", echo).Named("user")
	r.Get("/docs/", echo)
	r.Get("/link", iron.HandlerFunc(func(req *iron.Request) (*iron.Response, error) {
		u, err := router.URLFor(req, "user", map[string]string{"id": router.Param(req, "x") + "7"})
		if err != nil {
			return nil, err
		}
		return iron.With(http.StatusOK, u), nil
	}))
	m := mount.New().Mount("/api/v1", r).Mount("/outer", mount.New().Mount("/inner", r))

	for _, tc := range []struct {
		name, target string
		status       int
		body         string
		location     string
	}{
		{"a route", "/api/v1/users/3", 200, "GET /users/:id id=3", ""},
		{"the root", "/api/v1/", 200, "GET /", ""},
		{"the prefix without its slash", "/api/v1", 308, "", "/api/v1/"},
		{"a trailing-slash redirect", "/api/v1/docs?a=b", 308, "", "/api/v1/docs/?a=b"},
		{"a link", "/api/v1/link", 200, "http://example.com/api/v1/users/7", ""},
		{"a link over TLS", "https://example.com/api/v1/link", 200, "https://example.com/api/v1/users/7", ""},
		{"a link under nested mounts", "/outer/inner/link", 200, "http://example.com/outer/inner/users/7", ""},
		{"a link from an encoded prefix", "/api/v%31/link", 200, "http://example.com/api/v%31/users/7", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := do(t, m, http.MethodGet, tc.target)
			assert.Equal(t, tc.status, got.status)
			assert.Equal(t, tc.body, got.body)
			assert.Equal(t, tc.location, got.header.Get("Location"))
		})
	}
}
