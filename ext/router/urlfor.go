package router

import (
	"errors"
	"fmt"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/ext/mount"
)

// URLFor returns the absolute URL of the route named name, filled in with
// params, for links and redirects in answer to req, which the router has
// routed (call it from a route's handler or middleware). Parameters the
// route's pattern has no place for become the query, sorted by key. See
// [Router.URLFor].
func URLFor(req *iron.Request, name string, params map[string]string) (string, error) {
	p, ok := iron.Get(req, paramsKey)
	if !ok {
		return "", errors.New("router: URLFor: the request was not routed by a router")
	}
	return p.route.router.URLFor(req, name, params)
}

// URLFor returns the absolute URL of the route named name, filled in with
// params, as seen by the client that sent req: the scheme is https when req
// came over TLS, the host is req's ([iron.Request.Host], from the request
// line or the Host header: behind a proxy, have it pass the public host on),
// and the path starts with whatever prefix a mount in front of the router
// took off req's path ([mount.Prefix]: the part of the path req was sent
// with, [iron.Request.OriginalPath], before the path the router sees,
// [iron.Request.EscapedPath]). Values are percent-encoded so that the URL
// leads back to the same route with the same values (see [Param]): a
// :param's slash becomes "%2F", a *catch-all's stays a slash, and a slash
// next to a "." or ".." segment, or one that would make an empty segment,
// is encoded too, so that no client or proxy resolves or merges it away
// ("../x" is written "..%2Fx"). Parameters the pattern has no place for
// become the query, sorted by key.
//
// The Host header is whatever the client wrote: a request with
// "Host: evil.example" gets URLs on evil.example, and where such a URL goes
// into a password-reset e-mail, a cached page or a redirect, the client
// chooses where the next request goes (host header injection). When the
// server is reachable by names other than its own (directly, or behind a
// proxy that passes any Host on), set [AllowedHosts], [CanonicalOrigin] or
// both: a Host that is not allowed then gets URLs on the canonical origin,
// or, without one, a 421 error wrapping [ErrHostNotAllowed]. Whatever the
// options, a Host that is not a host name or IP address (with an optional
// port) is never used, and a request with no Host gets a path-absolute URL
// (or one on the canonical origin). [Router.PathFor] builds no host in.
//
// It fails when no route has that name, a :param has no value (a
// *catch-all may be empty), or the host cannot be used.
func (r *Router) URLFor(req *iron.Request, name string, params map[string]string) (string, error) {
	path, err := r.PathFor(req, name, params)
	if err != nil {
		return "", err
	}
	origin, err := r.origin(req)
	if err != nil {
		return "", err
	}
	return origin + path, nil
}

// PathFor is [Router.URLFor] without the scheme and host: a path-absolute
// URL, query included, for links within the same site.
func (r *Router) PathFor(req *iron.Request, name string, params map[string]string) (string, error) {
	rt, ok := r.named[name]
	if !ok {
		return "", fmt.Errorf("router: URL for route %q: no route of that name", name)
	}
	path, query, err := rt.build(params)
	if err != nil {
		return "", err
	}
	path = mount.Prefix(req) + path
	if query != "" {
		path += "?" + query
	}
	return path, nil
}

// PathFor is [URLFor] without the scheme and host. See [Router.PathFor].
func PathFor(req *iron.Request, name string, params map[string]string) (string, error) {
	p, ok := iron.Get(req, paramsKey)
	if !ok {
		return "", errors.New("router: PathFor: the request was not routed by a router")
	}
	return p.route.router.PathFor(req, name, params)
}
