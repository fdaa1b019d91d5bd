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
// A group's middleware wraps each of its routes' handlers (a [chain.Chain]
// per route), so it runs only for requests that matched one of them: never
// for a not-found or a 405.
type Group struct {
	router *Router
	parent *Group
	prefix string // full prefix, the parents' included, without a trailing '/'
	mws    []any
}

// Group returns a group of routes under prefix (such as "/api" or
// "/orgs/:org"; "" for middleware alone), whose handlers run inside mws:
// values that implement [iron.BeforeMiddleware], [iron.AfterMiddleware] or
// [iron.AroundMiddleware], linked in every role they implement, as
// [chain.Chain.Link] does. It panics on a prefix that does not start with
// '/' or a value that is no middleware.
func (g *Group) Group(prefix string, mws ...any) *Group {
	if prefix != "" && !strings.HasPrefix(prefix, "/") {
		panic(fmt.Sprintf("router: Group(%q): the prefix does not start with '/'", prefix))
	}
	for _, m := range mws {
		switch m.(type) {
		case iron.BeforeMiddleware, iron.AfterMiddleware, iron.AroundMiddleware:
		default:
			panic(fmt.Sprintf("router: Group(%q): %T is not a before, after or around middleware", prefix, m))
		}
	}
	return &Group{router: g.router, parent: g, prefix: g.prefix + strings.TrimSuffix(prefix, "/"), mws: mws}
}

// Route registers h for method and the pattern (the group's prefix
// prepended), and names the route when a name is given. The empty pattern
// is the group's prefix itself: in the group "/api", "" is "/api" and "/"
// is "/api/". An empty method means every method, as [Group.Any]. It panics
// on an invalid method, pattern or name, a nil handler, a route that
// conflicts with one registered before (the message names both), or a
// router that is already serving.
func (g *Group) Route(method, pattern string, h iron.Handler, name ...string) *Route {
	rt := &Route{method: method, pattern: g.prefix + pattern, handler: h, at: caller()}
	switch {
	case !strings.HasPrefix(pattern, "/") && (pattern != "" || g.prefix == ""):
		panic(fmt.Sprintf("router: %s %q (%s): the pattern does not start with '/'", method, pattern, rt.at))
	case method != "" && !validMethod(method):
		panic(fmt.Sprintf("router: %s: invalid method %q", rt.describe(), method))
	case h == nil:
		panic(fmt.Sprintf("router: %s: nil handler", rt.describe()))
	case len(name) > 1:
		panic(fmt.Sprintf("router: %s: more than one name: %q", rt.describe(), name))
	case len(name) == 1:
		if name[0] == "" {
			panic(fmt.Sprintf("router: %s: empty route name", rt.describe()))
		}
		rt.name = name[0]
	}
	for gg := g; gg != nil; gg = gg.parent {
		if len(gg.mws) > 0 {
			c := chain.New(rt.handler)
			for _, m := range gg.mws {
				c.Link(m)
			}
			rt.handler = c
		}
	}
	return g.router.add(rt)
}

// Get registers h for GET requests to pattern; HEAD requests are served by
// it too unless a HEAD route matches them. See [Group.Route].
func (g *Group) Get(pattern string, h iron.Handler, name ...string) *Route {
	return g.Route(http.MethodGet, pattern, h, name...)
}

// Head registers h for HEAD requests to pattern. See [Group.Route].
func (g *Group) Head(pattern string, h iron.Handler, name ...string) *Route {
	return g.Route(http.MethodHead, pattern, h, name...)
}

// Post registers h for POST requests to pattern. See [Group.Route].
func (g *Group) Post(pattern string, h iron.Handler, name ...string) *Route {
	return g.Route(http.MethodPost, pattern, h, name...)
}

// Put registers h for PUT requests to pattern. See [Group.Route].
func (g *Group) Put(pattern string, h iron.Handler, name ...string) *Route {
	return g.Route(http.MethodPut, pattern, h, name...)
}

// Patch registers h for PATCH requests to pattern. See [Group.Route].
func (g *Group) Patch(pattern string, h iron.Handler, name ...string) *Route {
	return g.Route(http.MethodPatch, pattern, h, name...)
}

// Delete registers h for DELETE requests to pattern. See [Group.Route].
func (g *Group) Delete(pattern string, h iron.Handler, name ...string) *Route {
	return g.Route(http.MethodDelete, pattern, h, name...)
}

// Options registers h for OPTIONS requests to pattern, in place of the
// router's automatic answer. See [Group.Route].
func (g *Group) Options(pattern string, h iron.Handler, name ...string) *Route {
	return g.Route(http.MethodOptions, pattern, h, name...)
}

// Any registers h for requests of every method to pattern; a route for the
// request's own method (or GET, for HEAD) on the same pattern wins over it.
// See [Group.Route].
func (g *Group) Any(pattern string, h iron.Handler, name ...string) *Route {
	return g.Route("", pattern, h, name...)
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
