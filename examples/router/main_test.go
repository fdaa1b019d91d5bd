package main

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/ext/mount"
	"github.com/stretchr/testify/assert"
)

// The example's routes answer as its doc comment says, in order: the
// POST adds a third user.
func TestApp(t *testing.T) {
	h := app(&users{names: []string{"Ada", "Linus"}})
	for _, tc := range []struct {
		method, target, body string
		auth                 bool
		status               int
		want, header, value  string
	}{
		{"GET", "/users/1", "", false, 200, `{"id":"1","name":"Ada"}`, "", ""},
		{"GET", "/users/new", "", false, 200, `<form method="post" action="/users">`, "", ""},
		{"POST", "https://example.com/users", "name=Grace", false, 201, "created https://example.com/users/3", "Location", "https://example.com/users/3"},
		{"DELETE", "/users/1", "", false, 405, "Method Not Allowed", "Allow", "GET, HEAD, OPTIONS"},
		{"OPTIONS", "/users", "", false, 204, "", "Allow", "GET, HEAD, POST, OPTIONS"},
		{"GET", "/users/1/", "", false, 308, "", "Location", "/users/1"},
		{"GET", "/files/docs/a%2Fb.txt", "", false, 200, "path=docs/a/b.txt", "", ""},
		{"GET", "/admin/stats", "", false, 401, "a token, please", "", ""},
		{"GET", "/admin/stats", "", true, 200, `{"users":3}`, "", ""},
		{"GET", "/nowhere", "", false, 404, "<h1>Nothing at /nowhere</h1>", "", ""},
		{"GET", "/users/99", "", false, 404, "<h1>Nothing at /users/99</h1>", "", ""},
		{"GET", "/", "", false, 200, `<a href="/files/docs/read%20me.txt">`, "", ""},
	} {
		t.Run(tc.method+" "+tc.target, func(t *testing.T) {
			var body io.Reader
			if tc.body != "" {
				body = strings.NewReader(tc.body)
			}
			req := iron.NewRequest(tc.method, tc.target, body)
			if tc.auth {
				req.Header().Set("Authorization", "Bearer demo")
			}
			res := respond(h, req)
			var b strings.Builder
			_, err := res.Body().WriteTo(&b)
			assert.NoError(t, err)
			assert.Equal(t, tc.status, res.StatusCode())
			assert.Contains(t, b.String(), tc.want)
			if tc.header != "" {
				assert.Equal(t, tc.value, res.Header.Get(tc.header))
			}
		})
	}
}

// Links the example builds from route names follow the router under a mount.
func TestAppUnderMount(t *testing.T) {
	h := mount.New().Mount("/app", app(&users{names: []string{"Ada"}}))
	for _, tc := range []struct{ target, want string }{
		{"/app/", `<a href="/app/users/1">Ada</a>`},
		{"/app/users/new", `<form method="post" action="/app/users">`},
	} {
		t.Run(tc.target, func(t *testing.T) {
			res := respond(h, iron.NewRequest("GET", tc.target, nil))
			body, _ := res.Body().Text()
			assert.Equal(t, 200, res.StatusCode())
			assert.Contains(t, body, tc.want)
		})
	}
}

// respond runs h for req and returns what a server sends for it: the
// response of an error, an empty 404 for no response.
func respond(h iron.Handler, req *iron.Request) *iron.Response {
	res, err := h.Handle(req)
	switch {
	case err != nil:
		return iron.ErrorResponse(err)
	case res == nil:
		return iron.With(http.StatusNotFound)
	}
	return res
}
