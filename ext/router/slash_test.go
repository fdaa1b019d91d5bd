package router_test

import (
	"net/http"
	"testing"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/ext/router"
	"github.com/stretchr/testify/assert"
)

func slashRouter(p router.SlashPolicy) *router.Router {
	r := router.New(router.TrailingSlash(p))
	r.Get("/dir/", echo)
	r.Get("/file", echo)
	r.Post("/form", echo)
	r.Get("/users/:id", echo)
	r.Get("/both", echo)
	r.Get("/both/", echo)
	r.Get("/mixed/", echo)
	r.Post("/mixed", echo)
	return r
}

func TestTrailingSlash(t *testing.T) {
	for _, tc := range []struct {
		name     string
		policy   router.SlashPolicy
		method   string
		target   string
		status   int
		body     string
		location string
	}{
		{"redirect adds a slash", router.RedirectSlash, "GET", "/dir", 308, "", "/dir/"},
		{"redirect removes a slash", router.RedirectSlash, "GET", "/file/", 308, "", "/file"},
		{"redirect keeps the query", router.RedirectSlash, "GET", "/file/?a=1&b=2", 308, "", "/file?a=1&b=2"},
		{"redirect keeps the method's route", router.RedirectSlash, "POST", "/form/", 308, "", "/form"},
		{"redirect for another method's route", router.RedirectSlash, "DELETE", "/form/", 308, "", "/form"},
		{"redirect with a param", router.RedirectSlash, "GET", "/users/7/", 308, "", "/users/7"},
		{"redirect keeps the encoding sent", router.RedirectSlash, "GET", "/users/a%2Fb/", 308, "", "/users/a%2Fb"},
		{"redirect from an absolute-form target", router.RedirectSlash, "GET", "https://example.org/dir?x", 308, "", "/dir/?x"},
		{"the other form's route for the method beats a 405", router.RedirectSlash, "GET", "/mixed", 308, "", "/mixed/"},
		{"the other way round", router.RedirectSlash, "POST", "/mixed/", 308, "", "/mixed"},
		{"405 when neither form has the method", router.RedirectSlash, "PUT", "/mixed", 405, "Method Not Allowed", ""},
		{"lenient serves the other form's route for the method", router.LenientSlash, "GET", "/mixed", 200, "GET /mixed/", ""},
		{"strict gives a 405", router.StrictSlash, "GET", "/mixed", 405, "Method Not Allowed", ""},
		{"each form served when both exist", router.RedirectSlash, "GET", "/both/", 200, "GET /both/", ""},
		{"no route either way", router.RedirectSlash, "GET", "/none/", 404, "Not Found", ""},
		{"root never redirects", router.RedirectSlash, "GET", "/", 404, "Not Found", ""},
		{"strict", router.StrictSlash, "GET", "/dir", 404, "Not Found", ""},
		{"strict, other way", router.StrictSlash, "GET", "/file/", 404, "Not Found", ""},
		{"strict serves the exact form", router.StrictSlash, "GET", "/dir/", 200, "GET /dir/", ""},
		{"lenient adds a slash", router.LenientSlash, "GET", "/dir", 200, "GET /dir/", ""},
		{"lenient removes a slash", router.LenientSlash, "GET", "/users/7/", 200, "GET /users/:id id=7", ""},
		{"lenient, another method", router.LenientSlash, "GET", "/form/", 405, "Method Not Allowed", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := do(t, slashRouter(tc.policy), tc.method, tc.target)
			assert.Equal(t, tc.status, got.status)
			assert.Equal(t, tc.body, got.body)
			assert.Equal(t, tc.location, got.header.Get("Location"))
		})
	}
}

// A mount hands the router the path below its prefix; the redirect must
// still send the client to the path it sent, prefix included.
func TestTrailingSlashRedirectUnderMount(t *testing.T) {
	r := slashRouter(router.RedirectSlash)
	r.Get("/evil.example", echo)
	r.Get("/", echo)
	for _, tc := range []struct {
		target, seen, location string
	}{
		{"/api/dir", "/dir", "/api/dir/"},
		{"/api/v1/file/?q=1", "/file/", "/api/v1/file?q=1"},
		// A mount hands on "" for its prefix without the slash.
		{"/api?q=1", "", "/api/?q=1"},
		// A mount that cleans "//" would hand on "/evil.example/"; the
		// Location must not become "//evil.example", another host.
		{"//evil.example/", "/evil.example/", "/evil.example"},
		{"/\\evil.example/", "/evil.example/", "/evil.example"},
	} {
		t.Run(tc.target, func(t *testing.T) {
			req := iron.NewRequest(http.MethodGet, tc.target, nil)
			req.SetPath(tc.seen)
			got := serve(t, r, req)
			assert.Equal(t, http.StatusPermanentRedirect, got.status, got.body)
			assert.Equal(t, tc.location, got.header.Get("Location"))
		})
	}
}

func TestEmptyPathUnderAMount(t *testing.T) {
	for _, tc := range []struct {
		policy router.SlashPolicy
		status int
		body   string
	}{
		{router.RedirectSlash, 308, ""},
		{router.LenientSlash, 200, "GET /"},
		{router.StrictSlash, 404, "Not Found"},
	} {
		t.Run(tc.policy.String(), func(t *testing.T) {
			req := iron.NewRequest(http.MethodGet, "/api", nil)
			req.SetPath("")
			got := serve(t, routes([]router.Option{router.TrailingSlash(tc.policy)}, "/"), req)
			assert.Equal(t, tc.status, got.status)
			assert.Equal(t, tc.body, got.body)
		})
	}
}
