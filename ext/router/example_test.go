package router_test

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/chain"
	"github.com/iron-go/iron/ext/router"
)

// show prints what a client would get for method and target.
func show(h iron.Handler, method, target string) {
	res, err := h.Handle(iron.NewRequest(method, target, nil))
	if err != nil {
		res = iron.ErrorResponse(err) // what a server sends for an error
	}
	var body strings.Builder
	_, _ = res.Body().WriteTo(&body)
	fmt.Print(method, " ", target, " -> ", res.StatusCode())
	for _, h := range []string{"Allow", "Location"} {
		if v := res.Header.Get(h); v != "" {
			fmt.Printf(" %s: %s", h, v)
		}
	}
	if body.Len() > 0 {
		fmt.Printf(" %q", body.String())
	}
	fmt.Println()
}

func showUser(req *iron.Request) (*iron.Response, error) {
	return iron.With(http.StatusOK, "user "+router.Param(req, "id")), nil
}

func Example() {
	r := router.New()
	// A named function, or a literal: no conversion.
	r.Get("/users/:id", showUser)
	// More specific than /users/:id: wins whatever the order.
	r.Get("/users/new", func(*iron.Request) (*iron.Response, error) {
		return iron.With(http.StatusOK, "a form for a new user"), nil
	})
	r.Get("/files/*path", func(req *iron.Request) (*iron.Response, error) {
		return iron.With(http.StatusOK, "file "+router.Param(req, "path")), nil
	})

	show(r, "GET", "/users/7")
	show(r, "GET", "/users/new")
	show(r, "GET", "/files/css/site.css")
	show(r, "GET", "/files/a%2Fb")
	show(r, "DELETE", "/users/7")
	show(r, "OPTIONS", "/users/7")
	show(r, "GET", "/users/7/")
	show(r, "GET", "/nowhere")
	// Output:
	// GET /users/7 -> 200 "user 7"
	// GET /users/new -> 200 "a form for a new user"
	// GET /files/css/site.css -> 200 "file css/site.css"
	// GET /files/a%2Fb -> 200 "file a/b"
	// DELETE /users/7 -> 405 Allow: GET, HEAD, OPTIONS "Method Not Allowed"
	// OPTIONS /users/7 -> 204 Allow: GET, HEAD, OPTIONS
	// GET /users/7/ -> 308 Location: /users/7
	// GET /nowhere -> 404 "Not Found"
}

func ExampleURLFor() {
	r := router.New()
	r.Get("/users/:id", echo).Named("user")
	r.Get("/", func(req *iron.Request) (*iron.Response, error) {
		u, err := router.URLFor(req, "user", map[string]string{"id": "7", "tab": "posts"})
		if err != nil {
			return nil, err
		}
		return iron.With(http.StatusOK, u), nil
	})

	show(r, "GET", "http://example.com/")
	show(r, "GET", "https://example.com/")

	// Under a mount at "/api", the router sees "/" for "/api/".
	req := iron.NewRequest("GET", "https://example.com/api/", nil)
	req.SetPath("/")
	res, _ := r.Handle(req)
	link, _ := res.Body().Text()
	fmt.Println(link)
	// Output:
	// GET http://example.com/ -> 200 "http://example.com/users/7?tab=posts"
	// GET https://example.com/ -> 200 "https://example.com/users/7?tab=posts"
	// https://example.com/api/users/7?tab=posts
}

func ExampleRouter_Group() {
	hello := func(req *iron.Request) (*iron.Response, error) {
		return iron.With(http.StatusOK, "hello "+router.Param(req, "name")), nil
	}
	requireToken := iron.BeforeFunc(func(req *iron.Request) error {
		if req.HeaderValue("Authorization") == "" {
			return iron.NewError(nil, http.StatusUnauthorized, "token required")
		}
		return nil
	})

	r := router.New()
	r.Get("/hello/:name", hello)
	admin := r.Group("/admin").LinkBefore(requireToken)
	admin.Get("/hello/:name", hello)

	show(r, "GET", "/hello/world")
	show(r, "GET", "/admin/hello/world")
	show(r, "GET", "/admin/nothing") // the group's middleware runs for its routes only
	// Output:
	// GET /hello/world -> 200 "hello world"
	// GET /admin/hello/world -> 401 "token required"
	// GET /admin/nothing -> 404 "Not Found"
}

// Any iron.Handler, not only a function, is registered with Route: here a
// chain, whose middleware runs for that route only.
func ExampleRouter_Route() {
	stamp := iron.AfterFunc(func(_ *iron.Request, res *iron.Response) (*iron.Response, error) {
		res = res.Clone()
		res.SetHeader("Location", "/stamped")
		return res, nil
	})
	stamped := chain.New(iron.HandlerFunc(showUser)).LinkAfter(stamp)

	r := router.New()
	r.Route(http.MethodGet, "/stamped/:id", stamped)
	r.Route("PROPFIND", "/users/:id", iron.HandlerFunc(showUser)) // any method token
	show(r, "GET", "/stamped/7")
	show(r, "PROPFIND", "/users/8")
	// Output:
	// GET /stamped/7 -> 200 Location: /stamped "user 7"
	// PROPFIND /users/8 -> 200 "user 8"
}

func ExampleRoute_Named() {
	r := router.New()
	r.Get("/users/:id", showUser).Named("user")
	r.Get("/", func(req *iron.Request) (*iron.Response, error) {
		p, err := router.PathFor(req, "user", map[string]string{"id": "7"})
		if err != nil {
			return nil, err
		}
		return iron.With(http.StatusOK, p), nil
	})
	show(r, "GET", "/")
	// Output:
	// GET / -> 200 "/users/7"
}

func ExampleTrailingSlash() {
	for _, p := range []router.SlashPolicy{router.RedirectSlash, router.StrictSlash, router.LenientSlash} {
		r := router.New(router.TrailingSlash(p))
		r.Get("/docs/", echo)
		fmt.Print(p, ": ")
		show(r, "GET", "/docs?page=2")
	}
	// Output:
	// RedirectSlash: GET /docs?page=2 -> 308 Location: /docs/?page=2
	// StrictSlash: GET /docs?page=2 -> 404 "Not Found"
	// LenientSlash: GET /docs?page=2 -> 200 "GET /docs/"
}

// notFoundPage is an after middleware whose error path answers the router's
// not-found errors with a page.
type notFoundPage struct{}

func (notFoundPage) After(_ *iron.Request, res *iron.Response) (*iron.Response, error) {
	return res, nil
}

func (notFoundPage) CatchAfter(req *iron.Request, err error) (*iron.Response, error) {
	if errors.Is(err, iron.ErrNotFound) { // the router's 404s, and every other package's
		return iron.With(http.StatusNotFound, iron.TextHTML, "<p>Nothing at "+req.Path()+"</p>"), nil
	}
	return nil, err
}

func ExampleErrNotFound() {
	r := router.New()
	r.Get("/", echo)
	c := chain.New(r).Link(notFoundPage{})

	show(c, "GET", "/missing")
	// Output:
	// GET /missing -> 404 "<p>Nothing at /missing</p>"
}

func ExampleNotFound() {
	notFound := iron.HandlerFunc(func(req *iron.Request) (*iron.Response, error) {
		return iron.With(http.StatusNotFound, "no page at "+req.Path()), nil
	})
	r := router.New(router.NotFound(notFound))
	r.Get("/", echo)

	show(r, "GET", "/missing")
	// Output:
	// GET /missing -> 404 "no page at /missing"
}

func ExampleMatched() {
	r := router.New()
	r.Get("/repos/:owner/:repo", func(req *iron.Request) (*iron.Response, error) {
		rt := router.Matched(req)
		return iron.With(http.StatusOK, rt.Method()+" "+rt.Pattern()), nil
	})
	show(r, "GET", "/repos/iron-go/iron")
	// Output:
	// GET /repos/iron-go/iron -> 200 "GET /repos/:owner/:repo"
}

// URLs built on the Host a client sent only when it is the site's own;
// any other Host gets the canonical origin.
func ExampleAllowedHosts() {
	r := router.New(
		router.AllowedHosts("example.com", "*.example.com"),
		router.CanonicalOrigin("https://example.com"),
	)
	r.Get("/users/:id", showUser).Named("user")
	r.Post("/users", func(req *iron.Request) (*iron.Response, error) {
		loc, err := router.URLFor(req, "user", map[string]string{"id": "7"})
		if err != nil {
			return nil, err
		}
		return iron.With(http.StatusCreated, iron.Redirect(loc)), nil
	})

	show(r, "POST", "http://www.example.com/users")
	show(r, "POST", "http://evil.example/users") // the Host a forged request names
	// Output:
	// POST http://www.example.com/users -> 201 Location: http://www.example.com/users/7
	// POST http://evil.example/users -> 201 Location: https://example.com/users/7
}

// Empty and dot segments redirected to the clean path, as http.ServeMux does.
func ExampleCleanPath() {
	r := router.New(router.CleanPath(true))
	r.Get("/docs/:page", echo)

	show(r, "GET", "//docs/intro")
	show(r, "GET", "/docs/../docs/./intro?v=2")
	show(r, "GET", "/docs/intro")
	// Output:
	// GET //docs/intro -> 308 Location: /docs/intro
	// GET /docs/../docs/./intro?v=2 -> 308 Location: /docs/intro?v=2
	// GET /docs/intro -> 200 "GET /docs/:page page=intro"
}
