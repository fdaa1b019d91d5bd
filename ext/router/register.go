package router

import (
	"fmt"

	"github.com/iron-go/iron"
)

// The router's own registering methods: those of the group every route
// belongs to, whose prefix is empty and which has no middleware.

// Group returns a group of routes under prefix, whose handlers run inside
// mws. See [Group.Group].
func (r *Router) Group(prefix string, mws ...any) *Group { return r.top.Group(prefix, mws...) }

// Route registers h for method and pattern. See [Group.Route].
func (r *Router) Route(method, pattern string, h iron.Handler, name ...string) *Route {
	return r.top.Route(method, pattern, h, name...)
}

// Get registers h for GET (and so HEAD) requests to pattern. See [Group.Get].
func (r *Router) Get(pattern string, h iron.Handler, name ...string) *Route {
	return r.top.Get(pattern, h, name...)
}

// Head registers h for HEAD requests to pattern. See [Group.Head].
func (r *Router) Head(pattern string, h iron.Handler, name ...string) *Route {
	return r.top.Head(pattern, h, name...)
}

// Post registers h for POST requests to pattern. See [Group.Post].
func (r *Router) Post(pattern string, h iron.Handler, name ...string) *Route {
	return r.top.Post(pattern, h, name...)
}

// Put registers h for PUT requests to pattern. See [Group.Put].
func (r *Router) Put(pattern string, h iron.Handler, name ...string) *Route {
	return r.top.Put(pattern, h, name...)
}

// Patch registers h for PATCH requests to pattern. See [Group.Patch].
func (r *Router) Patch(pattern string, h iron.Handler, name ...string) *Route {
	return r.top.Patch(pattern, h, name...)
}

// Delete registers h for DELETE requests to pattern. See [Group.Delete].
func (r *Router) Delete(pattern string, h iron.Handler, name ...string) *Route {
	return r.top.Delete(pattern, h, name...)
}

// Options registers h for OPTIONS requests to pattern. See [Group.Options].
func (r *Router) Options(pattern string, h iron.Handler, name ...string) *Route {
	return r.top.Options(pattern, h, name...)
}

// Any registers h for requests of every method to pattern. See [Group.Any].
func (r *Router) Any(pattern string, h iron.Handler, name ...string) *Route {
	return r.top.Any(pattern, h, name...)
}

// add registers a route; it is what every registering method ends in.
func (r *Router) add(rt *Route) *Route {
	if r.serving.Load() {
		panic(fmt.Sprintf("router: %s registered after the router started serving requests", rt.describe()))
	}
	parts, names, err := parsePattern(rt.pattern)
	if err != nil {
		panic("router: " + rt.describe() + ": " + err.Error())
	}
	rt.parts, rt.params, rt.router = parts, names, r
	if rt.name != "" {
		if old, ok := r.named[rt.name]; ok {
			panic(fmt.Sprintf("router: route name %q of %s is already taken by %s", rt.name, rt.describe(), old.describe()))
		}
	}
	if old := r.root.insert(parts).set(rt); old != rt {
		panic(fmt.Sprintf("router: %s conflicts with %s: both match the same requests", rt.describe(), old.describe()))
	}
	if rt.name != "" {
		r.named[rt.name] = rt
	}
	r.routes = append(r.routes, rt)
	return rt
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
