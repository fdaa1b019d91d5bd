package router

import (
	"fmt"

	"github.com/iron-go/iron"
)

// The router's own registering methods: those of the group every route
// belongs to, whose prefix is empty and which has no middleware. See
// [Group] for each.

// Group returns a group of routes under prefix. See [Group.Group].
func (r *Router) Group(prefix string) *Group { return r.top.Group(prefix) }

// Route registers any [iron.Handler] for method and pattern. See
// [Group.Route].
func (r *Router) Route(method, pattern string, h iron.Handler) *Route {
	return r.top.route(method, pattern, h)
}

// Get registers h for GET (and so HEAD) requests to pattern. See [Group.Get].
func (r *Router) Get(pattern string, h iron.HandlerFunc) *Route { return r.top.Get(pattern, h) }

// Head registers h for HEAD requests to pattern. See [Group.Head].
func (r *Router) Head(pattern string, h iron.HandlerFunc) *Route { return r.top.Head(pattern, h) }

// Post registers h for POST requests to pattern. See [Group.Post].
func (r *Router) Post(pattern string, h iron.HandlerFunc) *Route { return r.top.Post(pattern, h) }

// Put registers h for PUT requests to pattern. See [Group.Put].
func (r *Router) Put(pattern string, h iron.HandlerFunc) *Route { return r.top.Put(pattern, h) }

// Patch registers h for PATCH requests to pattern. See [Group.Patch].
func (r *Router) Patch(pattern string, h iron.HandlerFunc) *Route { return r.top.Patch(pattern, h) }

// Delete registers h for DELETE requests to pattern. See [Group.Delete].
func (r *Router) Delete(pattern string, h iron.HandlerFunc) *Route { return r.top.Delete(pattern, h) }

// Options registers h for OPTIONS requests to pattern. See [Group.Options].
func (r *Router) Options(pattern string, h iron.HandlerFunc) *Route {
	return r.top.Options(pattern, h)
}

// Any registers h for requests of every method to pattern. See [Group.Any].
func (r *Router) Any(pattern string, h iron.HandlerFunc) *Route { return r.top.Any(pattern, h) }

// add registers a route; it is what every registering method ends in.
func (r *Router) add(rt *Route) *Route {
	r.mustBeOpen(rt.describe())
	parts, names, err := parsePattern(rt.pattern)
	if err != nil {
		panic("router: " + rt.describe() + ": " + err.Error())
	}
	if r.clean && !isClean(rt.pattern) {
		panic(fmt.Sprintf("router: %s: the pattern is not clean, and CleanPath redirects every request it would match to %s",
			rt.describe(), cleanPath(rt.pattern)))
	}
	rt.parts, rt.params, rt.router = parts, names, r
	if old := r.root.insert(parts).set(rt); old != rt {
		panic(fmt.Sprintf("router: %s conflicts with %s: both match the same requests", rt.describe(), old.describe()))
	}
	r.routes = append(r.routes, rt)
	return rt
}

// name gives rt the name, for [Route.Named].
func (r *Router) name(rt *Route, name string) {
	r.mustBeOpen(fmt.Sprintf("the name %q of %s", name, rt.describe()))
	switch old, taken := r.named[name]; {
	case name == "":
		panic(fmt.Sprintf("router: %s: Named(\"\"): empty route name", rt.describe()))
	case rt.name != "":
		panic(fmt.Sprintf("router: %s: Named(%q): the route is named %q already", rt.describe(), name, rt.name))
	case taken:
		panic(fmt.Sprintf("router: route name %q of %s is already taken by %s", name, rt.describe(), old.describe()))
	}
	rt.name = name
	r.named[name] = rt
}

// mustBeOpen panics, naming what, once the router has served a request: the
// routes never change under load.
func (r *Router) mustBeOpen(what string) {
	if r.serving.Load() {
		panic(fmt.Sprintf("router: %s registered after the router started serving requests", what))
	}
}

// set puts rt in its method's place in e, unless a route is there already:
// then it changes nothing. It returns the route that is in that place.
func (e *endpoint) set(rt *Route) *Route {
	switch i := methodIndex(rt.method); {
	case rt.method == "":
		if e.any == nil {
			e.any = rt
		}
		return e.any
	case i < nStandard:
		if e.routes[i] == nil {
			e.routes[i] = rt
		}
		return e.routes[i]
	}
	if e.other == nil {
		e.other = map[string]*Route{}
	}
	if e.other[rt.method] == nil {
		e.other[rt.method] = rt
	}
	return e.other[rt.method]
}

// Routes returns every route, in the order registered.
func (r *Router) Routes() []*Route {
	return append([]*Route(nil), r.routes...)
}
