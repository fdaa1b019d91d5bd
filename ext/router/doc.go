// Package router routes requests by method and path to handlers, through a
// radix tree, as Iron's router does, with what its users asked for besides:
// 405 Method Not Allowed, a trailing-slash policy, and URLs built for named
// routes that stay right under a mount and over TLS.
//
// A [Router] is an [iron.Handler]: link middleware around it with package
// chain, mount it, or serve it as it is.
//
//	r := router.New()
//	r.Get("/users/:id", showUser).Named("user")
//	r.Post("/users", createUser)
//	r.Route(http.MethodGet, "/assets/*path", files) // any iron.Handler: a static.Dir, a chain, a mount
//
//	func showUser(req *iron.Request) (*iron.Response, error) {
//		return iron.With(http.StatusOK, "user "+router.Param(req, "id")), nil
//	}
//
// [Router.Get], [Router.Post] and their siblings take a plain function of
// the type func(*iron.Request) (*iron.Response, error): a named function, a
// method value or a literal, with no conversion. Any other [iron.Handler] is
// registered with [Router.Route], which takes the method as its first
// argument ("" for every method).
//
// # Patterns
//
// A pattern is a path made of segments separated by '/'. A segment is
// literal text, or a parameter: ":name" matches one whole, non-empty
// segment, and "*name", only as the last segment, matches the rest of the
// path, slashes included, possibly empty. Names are letters, digits and
// '_'. So "/users/:id" matches "/users/7" but neither "/users/" nor
// "/users/7/posts", and "/files/*path" matches "/files/", "/files/a" and
// "/files/a/b.txt". A ':' or '*' inside a segment ("/v1/users:search") is
// literal; write "%3A" to start a literal segment with ':'. "/a" and "/a/"
// are different patterns (but see Requests no route serves).
//
// Parameters are read with [Param], percent-decoded. [Matched] returns the
// route itself, whose [Route.Pattern] names it in logs and metrics. A value
// is the client's text, decoded: "/files/%2e%2e/%2e%2e/etc/passwd" gives
// "/files/*path" the path "../../etc/passwd". Never join one onto a file
// path (see [Param]).
//
// # Precedence
//
// When several patterns match a path, the most specific wins, whatever
// order they were registered in. Segments are compared from the left: at the
// first segment where the patterns differ in kind, a literal beats a :param,
// which beats a *catch-all. So with "/users/new", "/users/:id" and "/users/*rest",
// "/users/new" goes to the first, "/users/7" to the second and "/users/7/x"
// to the third; and "/users/new/edit" goes to "/users/:id/edit" if there is
// one, since "/users/new" has nothing below it.
//
// Only routes for the request's method compete: if "/users/new" has a GET
// route only, a POST to it goes to "POST /users/:id". A route for the method
// itself beats an [Router.Any] route on the same pattern, and HEAD requests
// are served by the GET route (the server sends no body) unless a HEAD route
// matches.
//
// Two routes conflict when they have the same method (or are both Any) and
// the same pattern but for parameter names, since they would match the same
// requests. Registering the second, or reusing a route name, panics with a
// message that names both routes and where they were registered. Routes of
// different methods, or with different parameter names on a shared prefix
// ("/users/:id" and "/users/:name/posts"), do not conflict.
//
// # Percent-encoding
//
// The router matches the path as the client sent it
// ([iron.Request.EscapedPath]), with escapes normalised: "/caf%C3%A9",
// "/caf%c3%a9" and "/café" are the same path, but an encoded slash stays
// inside its segment, so "/files/a%2Fb" matches "/files/:name" with name
// "a/b", not "/files/:dir/:name". Literal text in patterns may be written
// encoded or not; "%2F" in a pattern matches an encoded slash.
//
// # Clean paths
//
// With [CleanPath] on (it is off by default), a request whose path has an
// empty segment ("//a") or a dot segment ("/a/./b", "/a/../b", also
// encoded, "/a/%2e%2e/b") is redirected with 308 Permanent Redirect to the
// clean path ("/a", "/a/b", "/b"), as http.ServeMux does, before any route
// is looked for: every resource then has one URL, and no route sees a dot
// segment. Off, the router matches the path as it came: "/a/../b" is not
// "/b", and matches "/a/:x/b".
//
// # Requests no route serves
//
// When no route for the request's method matches the path, but one matches
// the path with its trailing slash removed, or added, the router applies its
// [SlashPolicy]: by default it redirects there with 308 Permanent Redirect,
// to the path the client sent (so the redirect is right under a mount),
// keeping the query.
//
// Otherwise, when routes match the path but none for the method, the router
// returns an [*iron.Error] with a 405 Method Not Allowed response wrapping
// [ErrMethodNotAllowed], whose Allow header lists the methods the path has
// routes for. An OPTIONS request with no OPTIONS route is answered 204 No
// Content with that Allow header; "OPTIONS *" lists every method the router
// serves. When only the other form of the path has routes, for other
// methods, the slash policy applies again (a redirect then leads to a 405).
//
// Otherwise the request is not found: the router runs the [NotFound]
// handler when one is set, and else returns an [*iron.Error] with a 404
// response wrapping [ErrNotFound], as Iron's router returns NoRoute.
// [ErrNotFound] wraps [iron.ErrNotFound] and [ErrMethodNotAllowed] wraps
// [iron.ErrMethodNotAllowed], so an [iron.AfterCatcher] linked after the
// router can answer every 404 of an application alike, whichever package
// (router, ext/static, ext/mount) produced it, on any server:
//
//	func (notFoundPage) CatchAfter(req *iron.Request, err error) (*iron.Response, error) {
//		if errors.Is(err, iron.ErrNotFound) {
//			return iron.With(http.StatusNotFound, iron.TextHTML, page), nil
//		}
//		return nil, err
//	}
//
// # Groups and middleware
//
// [Router.Group] returns a [Group] of routes that share a pattern prefix and
// middleware, linked as on a [chain.Chain] ([Group.LinkBefore],
// [Group.LinkAfter], [Group.LinkAround], [Group.Link]) around each route's
// handler; a group with the prefix "" gives routes middleware alone. The
// middleware runs only for requests that matched one of the group's routes,
// not for a 404 or a 405. Link it before registering the group's routes
// (linking later panics).
//
//	api := r.Group("/api").LinkBefore(requireToken).LinkAfter(stamp)
//	api.Get("", apiIndex)                    // GET /api ("/" would be /api/)
//	api.Get("/users/:id", showUser)          // GET /api/users/:id, token required
//	api.Group("/admin").LinkBefore(adminOnly).Get("/stats", stats)
//
// # Named routes
//
// [Route.Named] names a route: r.Get("/users/:id", showUser).Named("user").
// [URLFor] and [PathFor] build the URL of a named route from parameter
// values, from within a request the router routed: with the request's
// scheme (https over TLS) and host, and under whatever prefix a mount took
// off the path. Values are encoded so that the URL leads back to the same
// route with the same values, dot segments and slashes included.
//
// The host is the request's Host header, which the client chooses: a
// request with "Host: evil.example" would get links to evil.example, in a
// Location, a password-reset e-mail or a cached page. A server reachable
// by any name, or behind a proxy that passes any Host on, sets
// [AllowedHosts] (the names URLs may carry) and [CanonicalOrigin] (the
// site's own address, for every other Host):
//
//	r := router.New(
//		router.AllowedHosts("example.com", "*.example.com"),
//		router.CanonicalOrigin("https://example.com"),
//	)
//
// With AllowedHosts alone, a Host not allowed makes URLFor fail with a 421
// Misdirected Request wrapping [ErrHostNotAllowed]; with CanonicalOrigin
// alone, every URL is on the canonical origin.
//
// # Cost
//
// Finding a route allocates nothing: parameter values are substrings of the
// path, kept by value in the request's extensions, whose storage servers
// reuse; checking that a path is clean ([CleanPath]) allocates nothing
// either. Only a path with percent-escapes (normalised into a new string), a
// route with more than 8 parameters, and the answers for requests no route
// serves (redirects included) allocate.
package router
