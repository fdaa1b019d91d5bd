package router_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/ext/router"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// panicOf returns what fn panics with, as a string, or "" when it does not.
func panicOf(fn func()) (msg string) {
	defer func() {
		if p := recover(); p != nil {
			msg = fmt.Sprint(p)
		}
	}()
	fn()
	return ""
}

func TestConflictingRoutesPanic(t *testing.T) {
	for _, tc := range []struct {
		name        string
		first, then func(r *router.Router)
		want        []string // parts of the message, in order
	}{
		{"duplicate",
			func(r *router.Router) { r.Get("/users/:id", echo) },
			func(r *router.Router) { r.Get("/users/:id", echo) },
			[]string{"router: GET /users/:id (router/register_test.go:", ") conflicts with GET /users/:id (router/register_test.go:", "): both match the same requests"}},
		{"same shape, other param names",
			func(r *router.Router) { r.Put("/users/:id/posts/:post", echo) },
			func(r *router.Router) { r.Put("/users/:uid/posts/:p", echo) },
			[]string{"PUT /users/:uid/posts/:p", "conflicts with PUT /users/:id/posts/:post"}},
		{"catch-alls",
			func(r *router.Router) { r.Get("/files/*path", echo) },
			func(r *router.Router) { r.Get("/files/*rest", echo) },
			[]string{"GET /files/*rest", "conflicts with GET /files/*path"}},
		{"Any twice",
			func(r *router.Router) { r.Any("/x", echo) },
			func(r *router.Router) { r.Any("/x", echo) },
			[]string{"ANY /x", "conflicts with ANY /x"}},
		{"a group's route",
			func(r *router.Router) { r.Delete("/api/users", echo) },
			func(r *router.Router) { r.Group("/api").Delete("/users", echo) },
			[]string{"DELETE /api/users", "conflicts with DELETE /api/users"}},
		{"the same literal, encoded",
			func(r *router.Router) { r.Get("/café", echo) },
			func(r *router.Router) { r.Get("/caf%C3%A9", echo) },
			[]string{"GET /caf%C3%A9", "conflicts with GET /café"}},
		{"custom method",
			func(r *router.Router) { r.Route("PROPFIND", "/dav", echo) },
			func(r *router.Router) { r.Route("PROPFIND", "/dav", echo) },
			[]string{"PROPFIND /dav", "conflicts with PROPFIND /dav"}},
		{"name taken",
			func(r *router.Router) { r.Get("/users/:id", echo).Named("user") },
			func(r *router.Router) { r.Get("/people/:id", echo).Named("user") },
			[]string{`router: route name "user" of GET /people/:id (router/register_test.go:`, "is already taken by GET /users/:id"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := router.New()
			tc.first(r)
			msg := panicOf(func() { tc.then(r) })
			require.NotEmpty(t, msg, "no panic")
			rest := msg
			for _, part := range tc.want {
				require.Contains(t, rest, part, msg)
				rest = rest[len(part):]
			}
		})
	}
}

func TestRoutesThatDoNotConflict(t *testing.T) {
	r := router.New()
	assert.NotPanics(t, func() {
		r.Get("/users/:id", echo)
		r.Post("/users/:id", echo)
		r.Any("/users/:id", echo)
		r.Head("/users/:id", echo)
		r.Get("/users/:name/posts", echo)
		r.Get("/users/*rest", echo)
		r.Get("/users/", echo)
		r.Get("/users", echo)
		r.Route("PROPFIND", "/users", echo)
		r.Route("MKCOL", "/users", echo)
	})
	assert.Len(t, r.Routes(), 10)
	assert.Equal(t, "GET /users/:id", r.Routes()[0].String())
}

func TestRouteDescribesItself(t *testing.T) {
	r := router.New()
	named := r.Group("/api").Get("/users/:id", echo).Named("user")
	files := r.Any("/files/*path", echo)
	for _, tc := range []struct {
		route                        *router.Route
		method, pattern, name, label string
	}{
		{named, "GET", "/api/users/:id", "user", "GET /api/users/:id"},
		{files, "", "/files/*path", "", "ANY /files/*path"},
	} {
		t.Run(tc.label, func(t *testing.T) {
			assert.Equal(t, tc.method, tc.route.Method())
			assert.Equal(t, tc.pattern, tc.route.Pattern())
			assert.Equal(t, tc.name, tc.route.Name())
			assert.Equal(t, tc.label, tc.route.String())
		})
	}
	assert.Equal(t, []*router.Route{named, files}, r.Routes())
}

func TestInvalidRegistrationsPanic(t *testing.T) {
	mw := iron.BeforeFunc(func(*iron.Request) error { return nil })
	for _, tc := range []struct {
		name     string
		register func(r *router.Router)
		want     string
	}{
		{"no leading slash", func(r *router.Router) { r.Get("users", echo) }, "the pattern does not start with '/'"},
		{"empty pattern outside a group", func(r *router.Router) { r.Group("").LinkBefore(mw).Get("", echo) }, `router: GET "" (router/register_test.go:`},
		{"no leading slash in a group", func(r *router.Router) { r.Group("/api").Get("users", echo) }, `router: GET "users" (router/register_test.go:`},
		{"empty param name", func(r *router.Router) { r.Get("/users/:", echo) }, `parameter ":" needs a name`},
		{"empty catch-all name", func(r *router.Router) { r.Get("/files/*", echo) }, `parameter "*" needs a name`},
		{"bad param name", func(r *router.Router) { r.Get("/users/:user-id", echo) }, `parameter ":user-id" needs a name`},
		{"catch-all not last", func(r *router.Router) { r.Get("/files/*path/x", echo) }, `catch-all "*path" must be the last segment`},
		{"a query in the pattern", func(r *router.Router) { r.Get("/search?q", echo) }, `pattern "/search?q": '?' cannot match a path; write %3F for a literal one`},
		{"a fragment in the pattern", func(r *router.Router) { r.Get("/doc#top", echo) }, `'#' cannot match a path; write %23 for a literal one`},
		{"param twice", func(r *router.Router) { r.Get("/a/:id/b/:id", echo) }, `parameter "id" appears twice`},
		{"invalid method", func(r *router.Router) { r.Route("GE T", "/", echo) }, `invalid method "GE T"`},
		{"nil handler", func(r *router.Router) { r.Get("/", nil) }, "GET / (router/register_test.go:"},
		{"nil func variable", func(r *router.Router) {
			var h func(*iron.Request) (*iron.Response, error)
			r.Post("/", h)
		}, "router: POST / (router/register_test.go:"},
		{"nil Handler", func(r *router.Router) { r.Route(http.MethodGet, "/", nil) }, "nil handler"},
		{"named twice", func(r *router.Router) { r.Get("/", echo).Named("a").Named("b") }, `router: GET / (router/register_test.go:`},
		{"named twice, reason", func(r *router.Router) { r.Get("/", echo).Named("a").Named("b") }, `Named("b"): the route is named "a" already`},
		{"empty name", func(r *router.Router) { r.Get("/", echo).Named("") }, `Named(""): empty route name`},
		{"named while serving", func(r *router.Router) {
			rt := r.Get("/", echo)
			_, _ = r.Handle(iron.NewRequest(http.MethodGet, "/", nil))
			rt.Named("home")
		}, `router: the name "home" of GET / (router/register_test.go:`},
		{"group prefix", func(r *router.Router) { r.Group("api") }, `router: Group("api"): the prefix does not start with '/'`},
		{"not a middleware", func(r *router.Router) { r.Group("/api").Link("auth") }, `router: Group("/api").Link(string): not a before, after or around middleware`},
		{"nil middleware", func(r *router.Router) { r.Group("/api").LinkBefore(nil) }, `router: Group("/api").LinkBefore(nil)`},
		{"linked after a route", func(r *router.Router) {
			api := r.Group("/api")
			api.Get("/users", echo)
			api.LinkAfter(iron.AfterFunc(func(_ *iron.Request, res *iron.Response) (*iron.Response, error) { return res, nil }))
		}, `router: Group("/api").LinkAfter after GET /api/users (router/register_test.go:`},
		{"linked to a parent after a subgroup's route", func(r *router.Router) {
			api := r.Group("/api")
			api.Group("/v1").Get("/users", echo)
			api.LinkBefore(mw)
		}, "link a group's middleware before registering its routes"},
		{"registered while serving", func(r *router.Router) {
			r.Get("/", echo)
			_, _ = r.Handle(iron.NewRequest(http.MethodGet, "/", nil))
			r.Get("/late", echo)
		}, "router: GET /late (router/register_test.go:"},
		{"registered while serving, reason", func(r *router.Router) {
			_, _ = r.Handle(iron.NewRequest(http.MethodGet, "/", nil))
			r.Get("/late", echo)
		}, "registered after the router started serving requests"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			msg := panicOf(func() { tc.register(router.New()) })
			require.NotEmpty(t, msg, "no panic")
			assert.Contains(t, msg, tc.want)
		})
	}
}

// A bad option value panics in New, with an error naming the option and
// the value, as CONTRIBUTING.md has it for every package.
func TestBadOptionsPanicInNew(t *testing.T) {
	for _, tc := range []struct {
		opt  router.Option
		want string
	}{
		{router.NotFound(nil), "router: NotFound(nil): a handler is required"},
		{router.TrailingSlash(9), "router: TrailingSlash(SlashPolicy(9)): not a SlashPolicy"},
		{router.AllowedHosts(), "router: AllowedHosts(): no host given (set CanonicalOrigin to trust none)"},
		{router.AllowedHosts("example.com", ""), `router: AllowedHosts(""): not a host name or IP address, with an optional port`},
		{router.AllowedHosts("*"), `router: AllowedHosts("*"): not a host name or IP address, with an optional port`},
		{router.AllowedHosts("https://example.com"), `router: AllowedHosts("https://example.com"): not a host name or IP address, with an optional port`},
		{router.AllowedHosts("example.com/"), `router: AllowedHosts("example.com/"): not a host name or IP address, with an optional port`},
		{router.AllowedHosts("example.com:http"), `router: AllowedHosts("example.com:http"): not a host name or IP address, with an optional port`},
		{router.AllowedHosts("*.[::1]"), `router: AllowedHosts("*.[::1]"): a wildcard needs a name, not an address`},
		{router.CanonicalOrigin("example.com"), `router: CanonicalOrigin("example.com"): want http://host or https://host`},
		{router.CanonicalOrigin("ftp://example.com"), `router: CanonicalOrigin("ftp://example.com"): want http://host or https://host`},
		{router.CanonicalOrigin("https://example.com/app"), `router: CanonicalOrigin("https://example.com/app"): an origin is a scheme and a host, with nothing after them`},
		{router.CanonicalOrigin("https://user@example.com"), `router: CanonicalOrigin("https://user@example.com"): an origin is a scheme and a host, with nothing after them`},
		{router.CanonicalOrigin("https://example.com?"), `router: CanonicalOrigin("https://example.com?"): an origin is a scheme and a host, with nothing after them`},
		{router.CanonicalOrigin("https://"), `router: CanonicalOrigin("https://"): host "": not a host name or IP address, with an optional port`},
		{router.CanonicalOrigin("https://exa_mple.com:99999"), `router: CanonicalOrigin("https://exa_mple.com:99999"): host "exa_mple.com:99999": not a host name or IP address, with an optional port`},
	} {
		assert.PanicsWithError(t, tc.want, func() { router.New(tc.opt) })
	}
	assert.NotPanics(t, func() { router.New(nil, router.TrailingSlash(router.StrictSlash)) }, "nil options are skipped")
}
