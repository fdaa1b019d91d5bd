package router_test

import (
	"net/http"
	"testing"

	"github.com/iron-go/iron/ext/router"
	"github.com/stretchr/testify/assert"
)

func TestMostSpecificRouteWins(t *testing.T) {
	patterns := []string{
		"/",
		"/users",
		"/users/new",
		"/users/:id",
		"/users/:id/edit",
		"/users/:uid/posts/:post",
		"/users/*rest",
		"/users/new/*rest",
		"/files/*path",
		"/v1/users:search",
		"/u",
		"/us",
		"/:top/contact",
	}
	// Each order must route the same way: precedence never depends on the
	// order of registration.
	orders := map[string][]string{"registered in order": patterns, "registered reversed": reversed(patterns)}
	for orderName, order := range orders {
		r := routes(nil, order...)
		for _, tc := range []struct {
			path, want string
		}{
			{"/", "GET /"},
			{"/users", "GET /users"},
			{"/users/new", "GET /users/new"},
			{"/users/newer", "GET /users/:id id=newer"},
			{"/users/ne", "GET /users/:id id=ne"},
			{"/users/7", "GET /users/:id id=7"},
			{"/users/7/edit", "GET /users/:id/edit id=7"},
			{"/users/new/edit", "GET /users/new/*rest rest=edit"},
			{"/users/7/posts/3", "GET /users/:uid/posts/:post uid=7 post=3"},
			{"/users/7/posts", "GET /users/*rest rest=7/posts"},
			{"/users/7/edit/x", "GET /users/*rest rest=7/edit/x"},
			{"/users/new/", "GET /users/new/*rest rest="},
			{"/files/", "GET /files/*path path="},
			{"/files/a/b.txt", "GET /files/*path path=a/b.txt"},
			{"/v1/users:search", "GET /v1/users:search"},
			{"/u", "GET /u"},
			{"/us", "GET /us"},
			{"/use", ""},
			{"/about/contact", "GET /:top/contact top=about"},
			{"/users/contact", "GET /users/:id id=contact"},
			{"/users/7?x=1", "GET /users/:id id=7"},
		} {
			t.Run(orderName+" "+tc.path, func(t *testing.T) {
				got := do(t, r, http.MethodGet, tc.path)
				if tc.want == "" {
					assert.Equal(t, http.StatusNotFound, got.status)
					return
				}
				assert.Equal(t, http.StatusOK, got.status)
				assert.Equal(t, tc.want, got.body)
			})
		}
	}
}

func TestParamsMatchWholeNonEmptySegments(t *testing.T) {
	r := routes([]router.Option{router.TrailingSlash(router.StrictSlash)}, "/a/:x/b", "/c/:x", "/d/*rest")
	for _, tc := range []struct {
		path, want string
	}{
		{"/a/1/b", "GET /a/:x/b x=1"},
		{"/a//b", ""},
		{"/a/1/2/b", ""},
		{"/c/", ""},
		{"/c/1", "GET /c/:x x=1"},
		{"/c/1/", ""},
		{"/d", ""},
		{"/d/", "GET /d/*rest rest="},
		{"/d//x/", "GET /d/*rest rest=/x/"},
	} {
		t.Run(tc.path, func(t *testing.T) {
			got := do(t, r, http.MethodGet, tc.path)
			if tc.want == "" {
				assert.Equal(t, http.StatusNotFound, got.status)
				return
			}
			assert.Equal(t, tc.want, got.body)
		})
	}
}

func reversed(s []string) []string {
	out := make([]string, len(s))
	for i, v := range s {
		out[len(s)-1-i] = v
	}
	return out
}
