package router_test

import (
	"errors"
	"net/http"
	"testing"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/chain"
	"github.com/iron-go/iron/ext/router"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNotFoundIsAnError(t *testing.T) {
	r := routes(nil, "/a")
	res, err := r.Handle(iron.NewRequest(http.MethodGet, "/b", nil))
	assert.Nil(t, res)
	require.ErrorIs(t, err, router.ErrNotFound)
	assert.ErrorIs(t, err, iron.ErrNotFound, "the core sentinel, for catchers of every 404")
	assert.NotErrorIs(t, err, iron.ErrMethodNotAllowed)
	e, ok := errors.AsType[*iron.Error](err)
	require.True(t, ok)
	assert.Equal(t, http.StatusNotFound, e.Response.StatusCode())
}

// page404 answers not-found errors with a page of its own, as Iron's
// custom_404 example does, and passes other errors on.
type page404 struct{}

func (page404) After(_ *iron.Request, res *iron.Response) (*iron.Response, error) { return res, nil }

func (page404) CatchAfter(req *iron.Request, err error) (*iron.Response, error) {
	if errors.Is(err, router.ErrNotFound) {
		return iron.With(http.StatusNotFound, iron.TextHTML, "<h1>no "+req.Path()+"</h1>"), nil
	}
	return nil, err
}

func TestNotFound(t *testing.T) {
	custom := iron.HandlerFunc(func(req *iron.Request) (*iron.Response, error) {
		return iron.With(http.StatusTeapot, "custom "+req.Path()), nil
	})
	withHandler := router.New(router.NotFound(custom))
	withHandler.Get("/a", echo)
	withHandler.Post("/b", echo)

	plain := routes(nil, "/a")
	plain.Post("/b", echo)
	caught := chain.New(plain).Link(page404{})

	for _, tc := range []struct {
		name   string
		h      iron.Handler
		method string
		path   string
		status int
		body   string
	}{
		{"default", plain, "GET", "/nowhere", 404, "Not Found"},
		{"handler", withHandler, "GET", "/nowhere", 418, "custom /nowhere"},
		{"handler not used for a 405", withHandler, "GET", "/b", 405, "Method Not Allowed"},
		{"handler not used for a route", withHandler, "GET", "/a", 200, "GET /a"},
		{"caught in a chain", caught, "GET", "/nowhere", 404, "<h1>no /nowhere</h1>"},
		{"a 405 passes the catcher", caught, "GET", "/b", 405, "Method Not Allowed"},
		{"routes still served in a chain", caught, "GET", "/a", 200, "GET /a"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := do(t, tc.h, tc.method, tc.path)
			assert.Equal(t, tc.status, got.status)
			assert.Equal(t, tc.body, got.body)
		})
	}
}

// A router is a handler like any other: middleware linked around it in a
// chain runs for every request, and sees the route once it matched.
func TestRouterInAChain(t *testing.T) {
	r := router.New()
	r.Get("/users/:id", echo)
	var seen []string
	c := chain.New(r)
	c.LinkAfter(iron.AfterFunc(func(req *iron.Request, res *iron.Response) (*iron.Response, error) {
		seen = append(seen, router.Matched(req).Pattern()+" "+router.Param(req, "id"))
		return res, nil
	}))
	got := do(t, c, http.MethodGet, "/users/42")
	assert.Equal(t, "GET /users/:id id=42", got.body)
	assert.Equal(t, []string{"/users/:id 42"}, seen)
}

func TestParamWithoutARoute(t *testing.T) {
	req := iron.NewRequest(http.MethodGet, "/users/7", nil)
	assert.Equal(t, "", router.Param(req, "id"))
	assert.Nil(t, router.Matched(req))

	r := routes(nil, "/users/:id")
	serve(t, r, req)
	assert.Equal(t, "7", router.Param(req, "id"))
	assert.Equal(t, "", router.Param(req, "name"), "a name the route does not have")
}
