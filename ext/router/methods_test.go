package router_test

import (
	"errors"
	"net/http"
	"testing"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/ext/router"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func methodRouter() *router.Router {
	r := router.New()
	r.Get("/users", echo)
	r.Post("/users", echo)
	r.Get("/users/new", echo)
	r.Put("/users/:id", echo)
	r.Patch("/users/:id", echo)
	r.Delete("/users/:id", echo)
	r.Post("/users/:id", echo)
	r.Get("/only-get", echo)
	r.Head("/only-head", echo)
	r.Get("/both", echo)
	r.Head("/both", echo)
	r.Any("/any", echo)
	r.Delete("/any", echo)
	r.Get("/any/:x", echo)
	r.Any("/any/:x", echo)
	r.Options("/custom-options", echo)
	r.Route("PROPFIND", "/dav/*path", echo)
	r.Get("/dav/*path", echo)
	return r
}

func TestMethods(t *testing.T) {
	r := methodRouter()
	for _, tc := range []struct {
		name, method, path string
		status             int
		body               string
		allow              string
	}{
		{"each method its route", http.MethodPost, "/users", 200, "POST /users", ""},
		{"put", http.MethodPut, "/users/7", 200, "PUT /users/:id id=7", ""},
		{"patch", http.MethodPatch, "/users/7", 200, "PATCH /users/:id id=7", ""},
		{"delete", http.MethodDelete, "/users/7", 200, "DELETE /users/:id id=7", ""},
		{"a less specific route for the method beats a 405",
			http.MethodPost, "/users/new", 200, "POST /users/:id id=new", ""},
		{"405 lists the path's methods", http.MethodGet, "/users/7", 405, "Method Not Allowed",
			"POST, PUT, PATCH, DELETE, OPTIONS"},
		{"405 on a static path", http.MethodDelete, "/users", 405, "Method Not Allowed", "GET, HEAD, POST, OPTIONS"},
		{"405 collects every matching pattern", http.MethodTrace, "/users/new", 405, "Method Not Allowed",
			"GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS"},
		{"HEAD served by GET", http.MethodHead, "/only-get", 200, "GET /only-get", ""},
		{"HEAD route without GET", http.MethodHead, "/only-head", 200, "HEAD /only-head", ""},
		{"GET not served by HEAD", http.MethodGet, "/only-head", 405, "Method Not Allowed", "HEAD, OPTIONS"},
		{"HEAD route beats GET", http.MethodHead, "/both", 200, "HEAD /both", ""},
		{"Any answers every method", http.MethodPatch, "/any", 200, "ANY /any", ""},
		{"Any answers custom methods", "BREW", "/any", 200, "ANY /any", ""},
		{"the method's own route beats Any", http.MethodDelete, "/any", 200, "DELETE /any", ""},
		{"GET beats Any for HEAD", http.MethodHead, "/any/1", 200, "GET /any/:x x=1", ""},
		{"Any after GET", http.MethodPost, "/any/1", 200, "ANY /any/:x x=1", ""},
		{"Any answers OPTIONS", http.MethodOptions, "/any", 200, "ANY /any", ""},
		{"custom method", "PROPFIND", "/dav/a/b", 200, "PROPFIND /dav/*path path=a/b", ""},
		{"custom method in Allow", http.MethodPost, "/dav/a", 405, "Method Not Allowed", "GET, HEAD, OPTIONS, PROPFIND"},
		{"automatic OPTIONS", http.MethodOptions, "/users/7", 204, "", "POST, PUT, PATCH, DELETE, OPTIONS"},
		{"automatic OPTIONS, GET implies HEAD", http.MethodOptions, "/only-get", 204, "", "GET, HEAD, OPTIONS"},
		{"OPTIONS route beats the automatic answer", http.MethodOptions, "/custom-options", 200, "OPTIONS /custom-options", ""},
		{"OPTIONS on an unknown path", http.MethodOptions, "/nowhere", 404, "Not Found", ""},
		{"OPTIONS * lists every method", http.MethodOptions, "*", 204, "",
			"GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS, PROPFIND"},
		{"GET * is not found", http.MethodGet, "*", 404, "Not Found", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := do(t, r, tc.method, tc.path)
			assert.Equal(t, tc.status, got.status)
			assert.Equal(t, tc.body, got.body)
			assert.Equal(t, tc.allow, got.header.Get("Allow"))
		})
	}
}

func TestMethodNotAllowedIsAnError(t *testing.T) {
	_, err := methodRouter().Handle(iron.NewRequest(http.MethodGet, "/users/7", nil))
	require.Error(t, err)
	assert.ErrorIs(t, err, router.ErrMethodNotAllowed)
	assert.ErrorIs(t, err, iron.ErrMethodNotAllowed, "the core sentinel")
	assert.NotErrorIs(t, err, iron.ErrNotFound)
	e, ok := errors.AsType[*iron.Error](err)
	require.True(t, ok)
	assert.Equal(t, http.StatusMethodNotAllowed, e.Response.StatusCode())
	assert.Equal(t, "POST, PUT, PATCH, DELETE, OPTIONS", e.Response.Header.Get("Allow"))
}
