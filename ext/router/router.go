package router

import (
	"net/http"
	"strings"
	"sync/atomic"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/internal/sentinel"
)

// Errors a [Router] returns inside an [*iron.Error], for catchers to match
// with [errors.Is]. Each wraps the core sentinel of package iron, so that a
// catcher of [iron.ErrNotFound] also catches the router's 404s (and those
// of ext/static and ext/mount); match the router's own to tell them apart.
var (
	// ErrNotFound: no route matches the request path (Iron's NoRoute). The
	// error's response is a 404; set a [NotFound] handler to answer
	// otherwise, or replace it in an [iron.AfterCatcher]. It wraps
	// [iron.ErrNotFound].
	ErrNotFound = sentinel.Wrap("router: no route matches the path", iron.ErrNotFound)
	// ErrMethodNotAllowed: routes match the path, none of them for the
	// request method. The error's response is a 405 whose Allow header
	// lists the methods that would have matched. It wraps
	// [iron.ErrMethodNotAllowed].
	ErrMethodNotAllowed = sentinel.Wrap("router: method not allowed", iron.ErrMethodNotAllowed)
)

// Router routes requests to the handler of the route whose pattern matches
// the request path best (see the package doc). It is an [iron.Handler].
//
// Register every route before the router serves its first request, from
// one goroutine; from then on the router is read-only and safe for
// concurrent use, and registering panics.
type Router struct {
	root      node
	routes    []*Route
	named     map[string]*Route
	top       Group // the group of every route registered on the router itself
	slash     SlashPolicy
	notFound  iron.Handler
	clean     bool          // CleanPath
	hosts     []hostPattern // AllowedHosts
	canonical string        // CanonicalOrigin, "scheme://host[:port]"
	serving   atomic.Bool
}

var _ iron.Handler = (*Router)(nil)

// New returns a router with no routes, configured by opts (nil options are
// skipped). It panics on a bad option value with an error naming the option
// and the value.
func New(opts ...Option) *Router {
	r := &Router{named: map[string]*Route{}}
	r.top = Group{router: r}
	for _, o := range opts {
		if o != nil {
			o(r)
		}
	}
	return r
}

// Handle routes req: it runs the handler of the most specific route that
// matches its path and method, or answers itself with a clean-path redirect
// ([CleanPath]), a 405, an OPTIONS reply, a trailing-slash redirect or a
// not-found error (see the package doc). Finding the route allocates
// nothing.
func (r *Router) Handle(req *iron.Request) (*iron.Response, error) {
	if !r.serving.Load() {
		r.serving.Store(true)
	}
	escaped := req.EscapedPath()
	if r.clean && !isClean(escaped) {
		if res := redirectClean(req); res != nil {
			return res, nil
		}
	}
	path := canonical(escaped)
	m := match{method: req.Method(), mi: methodIndex(req.Method())}
	if rt := r.root.find(path, &m); rt != nil {
		return r.serve(req, rt, &m)
	}
	return r.miss(req, path, &m)
}

func (r *Router) serve(req *iron.Request, rt *Route, m *match) (*iron.Response, error) {
	m.params.route = rt
	iron.Set(req, paramsKey, m.params)
	return rt.handler.Handle(req)
}

// miss answers a request no route serves with its method. In order: the
// other form of the path (trailing slash added or removed) when it has a
// route for the method, under the slash policy; 405 or an automatic OPTIONS
// reply when routes match the path for other methods; the slash policy again
// when the other form has routes for other methods; not-found.
func (r *Router) miss(req *iron.Request, path string, m *match) (*iron.Response, error) {
	if path == "*" && m.mi == mOptions {
		// "OPTIONS *" asks about the server as a whole (RFC 9110
		// section 9.3.7): every method some route answers.
		var all methodSet
		r.root.walk(all.addEndpoint)
		return options(&all), nil
	}
	alt, hasAlt := otherSlash(path)
	hasAlt = hasAlt && r.slash != StrictSlash
	if hasAlt {
		// A failed find leaves no parameter behind, so m is reused.
		if rt := r.root.find(alt, m); rt != nil {
			if r.slash == LenientSlash {
				return r.serve(req, rt, m)
			}
			return redirectSlash(req), nil
		}
	}
	var allowed methodSet
	r.root.collect(path, &allowed)
	if !allowed.empty() {
		return notAllowed(&allowed, m)
	}
	if hasAlt {
		r.root.collect(alt, &allowed)
		if !allowed.empty() {
			if r.slash == LenientSlash {
				return notAllowed(&allowed, m)
			}
			return redirectSlash(req), nil
		}
	}
	if r.notFound != nil {
		return r.notFound.Handle(req)
	}
	return nil, iron.NewError(ErrNotFound, http.StatusNotFound, http.StatusText(http.StatusNotFound))
}

func notAllowed(allowed *methodSet, m *match) (*iron.Response, error) {
	if m.mi == mOptions {
		return options(allowed), nil
	}
	return nil, iron.NewError(ErrMethodNotAllowed, http.StatusMethodNotAllowed,
		http.Header{"Allow": {allowed.allow()}}, http.StatusText(http.StatusMethodNotAllowed))
}

// options is the automatic answer to OPTIONS: 204 and the Allow header.
func options(allowed *methodSet) *iron.Response {
	return iron.With(http.StatusNoContent, http.Header{"Allow": {allowed.allow()}})
}

// otherSlash returns path with its trailing slash removed, or added. The
// empty path, which a mount hands on for its prefix without a trailing slash
// ("/api" under a mount at "/api"), becomes "/".
func otherSlash(path string) (string, bool) {
	switch {
	case path == "/" || path == "*":
		return "", false
	case strings.HasSuffix(path, "/"):
		return path[:len(path)-1], true
	}
	return path + "/", true
}

// redirectSlash redirects to the other form of the path the client sent
// (not the one a mount left), so the redirect is right under any mount; the
// Location is path-absolute, so it is right whatever the scheme and host.
// 308 keeps the method and body (RFC 9110 section 15.4.9).
func redirectSlash(req *iron.Request) *iron.Response {
	original := req.OriginalPath()
	alt, _ := otherSlash(original)
	if alt == "" {
		alt = "/"
	}
	loc := safeLocation(alt)
	if q := req.RawQuery(); q != "" {
		loc += "?" + q
	}
	return iron.With(http.StatusPermanentRedirect, iron.Redirect(loc))
}
