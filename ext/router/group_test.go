package router_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/ext/router"
	"github.com/stretchr/testify/assert"
)

// trace records, per request, which middleware ran, in order.
var trace = iron.NewKey[[]string]("router_test.trace")

func mark(req *iron.Request, s string) {
	t, _ := iron.Get(req, trace)
	iron.Set(req, trace, append(t, s))
}

// tracer is a before, after and around middleware that marks each role.
type tracer string

func (m tracer) Before(req *iron.Request) error { mark(req, "before "+string(m)); return nil }

func (m tracer) After(req *iron.Request, res *iron.Response) (*iron.Response, error) {
	res.AddHeader("X-After", string(m))
	return res, nil
}

func (m tracer) Around(next iron.Handler) iron.Handler {
	return iron.HandlerFunc(func(req *iron.Request) (*iron.Response, error) {
		mark(req, "around "+string(m))
		return next.Handle(req)
	})
}

// traced answers with the route and the trace.
var traced = iron.HandlerFunc(func(req *iron.Request) (*iron.Response, error) {
	t, _ := iron.Get(req, trace)
	return iron.With(http.StatusOK, router.Matched(req).String()+": "+strings.Join(t, ", ")), nil
})

// auth fails every request without a token.
var auth = iron.BeforeFunc(func(req *iron.Request) error {
	if req.HeaderValue("Authorization") == "" {
		return iron.NewError(nil, http.StatusUnauthorized)
	}
	return nil
})

func TestGroups(t *testing.T) {
	r := router.New()
	r.Get("/", traced)
	api := r.Group("/api").Link(tracer("api"))
	api.Get("/users", traced)
	v1 := api.Group("/v1/").Link(tracer("v1"))
	v1.Get("/users/:id", traced)
	v1.Post("/", traced)
	v1.Get("", traced)
	admin := r.Group("/admin").LinkBefore(auth)
	admin.Get("/stats", traced)
	r.Group("/orgs/:org").Get("/members", echo)
	r.Group("").Link(tracer("only")).Get("/guarded", traced)

	for _, tc := range []struct {
		name, method, path string
		auth               bool
		status             int
		body               string
		after              []string
	}{
		{"no group", "GET", "/", false, 200, "GET /: ", nil},
		{"one group", "GET", "/api/users", false, 200, "GET /api/users: before api, around api", []string{"api"}},
		{"nested groups, outer first", "GET", "/api/v1/users/7", false, 200,
			"GET /api/v1/users/:id: before api, around api, before v1, around v1", []string{"v1", "api"}},
		{"a nested group's root", "POST", "/api/v1/", false, 200,
			"POST /api/v1/: before api, around api, before v1, around v1", []string{"v1", "api"}},
		{"a group's prefix itself", "GET", "/api/v1", false, 200,
			"GET /api/v1: before api, around api, before v1, around v1", []string{"v1", "api"}},
		{"a param in the prefix", "GET", "/orgs/go/members", false, 200, "GET /orgs/:org/members org=go", nil},
		{"a group for middleware alone", "GET", "/guarded", false, 200, "GET /guarded: before only, around only", []string{"only"}},
		{"middleware can refuse", "GET", "/admin/stats", false, 401, "", nil},
		{"middleware lets through", "GET", "/admin/stats", true, 200, "GET /admin/stats: ", nil},
		{"no middleware for a 404", "GET", "/admin/nothing", false, 404, "Not Found", nil},
		{"no middleware for a 405", "DELETE", "/admin/stats", false, 405, "Method Not Allowed", nil},
		{"no middleware for a 405 in a group", "DELETE", "/api/users", false, 405, "Method Not Allowed", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req := iron.NewRequest(tc.method, tc.path, nil)
			if tc.auth {
				req.Header().Set("Authorization", "Bearer x")
			}
			got := serve(t, r, req)
			assert.Equal(t, tc.status, got.status)
			assert.Equal(t, tc.body, got.body)
			assert.Equal(t, tc.after, got.header.Values("X-After"))
		})
	}
}

// The typed link methods keep each role's order, as a chain's do, and a
// group's middleware wraps inside its parent's.
func TestGroupTypedLinks(t *testing.T) {
	r := router.New()
	api := r.Group("/api").
		LinkBefore(iron.BeforeFunc(func(req *iron.Request) error { mark(req, "b1"); return nil }),
			iron.BeforeFunc(func(req *iron.Request) error { mark(req, "b2"); return nil })).
		LinkAround(tracer("a1"), tracer("a2")).
		LinkAfter(tracer("after1"), tracer("after2"))
	api.Group("/v1").LinkBefore(tracer("inner")).Get("/x", traced)

	got := do(t, r, "GET", "/api/v1/x")
	assert.Equal(t, 200, got.status)
	assert.Equal(t, "GET /api/v1/x: b1, b2, around a1, around a2, before inner", got.body)
	assert.Equal(t, []string{"after1", "after2"}, got.header.Values("X-After"))
}
