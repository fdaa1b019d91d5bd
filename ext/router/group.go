package router

import (
	"fmt"
	"net/http"
	"runtime"
	"strings"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/chain"
)

// Group registers routes that share a pattern prefix and middleware. Make
// one with [Router.Group] or [Group.Group]; groups nest, the outer group's
// prefix first and its middleware outermost.
//
// A group's middleware is linked with LinkBefore, LinkAfter, LinkAround and
// Link, as on a [chain.Chain], and wraps each of its routes' handlers (a
// chain per route), so it runs only for requests that matched one of them:
// never for a not-found or a 405. Link a group's middleware before
// registering its routes: linking to a group that has routes, its own or a
// subgroup's, panics, so that no route is left without middleware its
// group was meant to have.
type Group struct {
	router  *Router
	parent  *Group
	prefix  string // full prefix, the parents' included, without a trailing '/'
	befores []iron.BeforeMiddleware
	afters  []iron.AfterMiddleware
	arounds []iron.AroundMiddleware
	first   *Route // the first route registered in the group or a subgroup
}

// Group returns a group of routes under prefix (such as "/api" or
// "/orgs/:org"; "" for middleware alone) inside g: its routes run inside g's
// middleware, then its own. It panics on a prefix that does not start with
// '/'.
func (g *Group) Group(prefix string) *Group {
	if prefix != "" && !strings.HasPrefix(prefix, "/") {
		panic(fmt.Sprintf("router: Group(%q): the prefix does not start with '/'", prefix))
	}
	return &Group{router: g.router, parent: g, prefix: g.prefix + strings.TrimSuffix(prefix, "/")}
}

// LinkBefore appends before middleware to the group, to run after those
// linked earlier (and after every before of the enclosing groups), as
// [chain.Chain.LinkBefore] does, and returns g. It panics on a nil
// middleware and once the group has routes.
func (g *Group) LinkBefore(mws ...iron.BeforeMiddleware) *Group {
	for _, m := range mws {
		g.mustLink("LinkBefore", m == nil)
	}
	g.befores = append(g.befores, mws...)
	return g
}

// LinkAfter appends after middleware to the group, as
// [chain.Chain.LinkAfter] does, and returns g. The afters of a group run
// before those of the enclosing groups. It panics on a nil middleware and
// once the group has routes.
func (g *Group) LinkAfter(mws ...iron.AfterMiddleware) *Group {
	for _, m := range mws {
		g.mustLink("LinkAfter", m == nil)
	}
	g.afters = append(g.afters, mws...)
	return g
}

// LinkAround appends around middleware to the group, as
// [chain.Chain.LinkAround] does, and returns g: the first linked is the
// outermost, inside the arounds of the enclosing groups. It panics on a nil
// middleware and once the group has routes.
func (g *Group) LinkAround(mws ...iron.AroundMiddleware) *Group {
	for _, m := range mws {
		g.mustLink("LinkAround", m == nil)
	}
	g.arounds = append(g.arounds, mws...)
	return g
}

// Link links m in every role it implements, before, after and around, as
// [chain.Chain.Link] does, and returns g. It panics when m implements none
// of them, and once the group has routes.
func (g *Group) Link(m any) *Group {
	linked := false
	if b, ok := m.(iron.BeforeMiddleware); ok {
		g.LinkBefore(b)
		linked = true
	}
	if a, ok := m.(iron.AfterMiddleware); ok {
		g.LinkAfter(a)
		linked = true
	}
	if a, ok := m.(iron.AroundMiddleware); ok {
		g.LinkAround(a)
		linked = true
	}
	if !linked {
		panic(fmt.Sprintf("router: Group(%q).Link(%T): not a before, after or around middleware", g.prefix, m))
	}
	return g
}

// mustLink panics when a middleware cannot be linked to g.
func (g *Group) mustLink(method string, isNil bool) {
	switch {
	case isNil:
		panic(fmt.Sprintf("router: Group(%q).%s(nil)", g.prefix, method))
	case g.first != nil:
		panic(fmt.Sprintf("router: Group(%q).%s after %s: link a group's middleware before registering its routes",
			g.prefix, method, g.first.describe()))
	}
}

// Route registers h, any [iron.Handler] (a [chain.Chain], a static file
// server, a mount, a net/http handler through httpadapter.FromHTTP), for
// method and the pattern (the group's prefix prepended). An empty method
// means every method, as [Group.Any]. The empty pattern is the group's prefix
// itself: in the group "/api", "" is "/api" and "/" is "/api/". Plain
// functions are registered with [Group.Get] and its siblings.
//
// It panics on an invalid method or pattern, a nil handler, a route that
// conflicts with one registered before (the message names both and where
// they were registered), or a router that is already serving.
func (g *Group) Route(method, pattern string, h iron.Handler) *Route {
	return g.route(method, pattern, h)
}

// route is Route, called from every registering method, so that caller finds
// the user's line at the same depth.
func (g *Group) route(method, pattern string, h iron.Handler) *Route {
	rt := &Route{method: method, pattern: g.prefix + pattern, handler: h, at: caller()}
	switch {
	case !strings.HasPrefix(pattern, "/") && (pattern != "" || g.prefix == ""):
		panic(fmt.Sprintf("router: %s %q (%s): the pattern does not start with '/'", method, pattern, rt.at))
	case method != "" && !validMethod(method):
		panic(fmt.Sprintf("router: %s: invalid method %q", rt.describe(), method))
	case h == nil:
		panic(fmt.Sprintf("router: %s: nil handler", rt.describe()))
	}
	for gg := g; gg != nil; gg = gg.parent {
		if len(gg.befores)+len(gg.afters)+len(gg.arounds) > 0 {
			rt.handler = chain.New(rt.handler).LinkBefore(gg.befores...).LinkAfter(gg.afters...).LinkAround(gg.arounds...)
		}
	}
	g.router.add(rt)
	for gg := g; gg != nil && gg.first == nil; gg = gg.parent {
		gg.first = rt
	}
	return rt
}

// handlerOf returns f as a Handler, and a nil f as a nil Handler (not a
// non-nil interface holding a nil func), so that Route reports it.
func handlerOf(f iron.HandlerFunc) iron.Handler {
	if f == nil {
		return nil
	}
	return f
}

// Get registers h, a func(*iron.Request) (*iron.Response, error), for GET
// requests to pattern; HEAD requests are served by it too unless a HEAD route
// matches them. See [Group.Route].
func (g *Group) Get(pattern string, h iron.HandlerFunc) *Route {
	return g.route(http.MethodGet, pattern, handlerOf(h))
}

// Head registers h for HEAD requests to pattern. See [Group.Route].
func (g *Group) Head(pattern string, h iron.HandlerFunc) *Route {
	return g.route(http.MethodHead, pattern, handlerOf(h))
}

// Post registers h for POST requests to pattern. See [Group.Route].
func (g *Group) Post(pattern string, h iron.HandlerFunc) *Route {
	return g.route(http.MethodPost, pattern, handlerOf(h))
}

// Put registers h for PUT requests to pattern. See [Group.Route].
func (g *Group) Put(pattern string, h iron.HandlerFunc) *Route {
	return g.route(http.MethodPut, pattern, handlerOf(h))
}

// Patch registers h for PATCH requests to pattern. See [Group.Route].
func (g *Group) Patch(pattern string, h iron.HandlerFunc) *Route {
	return g.route(http.MethodPatch, pattern, handlerOf(h))
}

// Delete registers h for DELETE requests to pattern. See [Group.Route].
func (g *Group) Delete(pattern string, h iron.HandlerFunc) *Route {
	return g.route(http.MethodDelete, pattern, handlerOf(h))
}

// Options registers h for OPTIONS requests to pattern, in place of the
// router's automatic answer. See [Group.Route].
func (g *Group) Options(pattern string, h iron.HandlerFunc) *Route {
	return g.route(http.MethodOptions, pattern, handlerOf(h))
}

// Any registers h for requests of every method to pattern; a route for the
// request's own method (or GET, for HEAD) on the same pattern wins over it.
// See [Group.Route].
func (g *Group) Any(pattern string, h iron.HandlerFunc) *Route {
	return g.route("", pattern, handlerOf(h))
}

// caller returns the file:line of the first caller outside this package,
// so that a conflict message points at the user's registration.
func caller() string {
	var pcs [16]uintptr
	frames := runtime.CallersFrames(pcs[:runtime.Callers(2, pcs[:])])
	for {
		f, more := frames.Next()
		if !strings.HasPrefix(f.Function, "github.com/iron-go/iron/ext/router.") {
			return fmt.Sprintf("%s:%d", trimPath(f.File), f.Line)
		}
		if !more {
			return ""
		}
	}
}

// trimPath keeps the last directory and the file name.
func trimPath(file string) string {
	if i := strings.LastIndexByte(file, '/'); i >= 0 {
		if j := strings.LastIndexByte(file[:i], '/'); j >= 0 {
			return file[j+1:]
		}
	}
	return file
}
