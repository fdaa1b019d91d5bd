package router

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/iron-go/iron"
)

// Route is a registered route: a method, a pattern and a handler, and the
// name URLs are built by. Routes are made by [Router.Get] and its siblings
// or [Router.Route], may be named with [Route.Named] before the router
// serves, and never change afterwards.
type Route struct {
	method  string // "" for Any
	pattern string
	name    string
	params  []string // parameter names, in pattern order
	parts   []part
	handler iron.Handler
	router  *Router
	at      string // file:line of the registration, for conflict messages
}

// Method returns the method the route answers, or "" for a route registered
// with Any.
func (r *Route) Method() string { return r.method }

// Pattern returns the route's full pattern, group prefixes included, as
// registered: "/users/:id".
func (r *Route) Pattern() string { return r.pattern }

// Name returns the route's name, or "" when it has none.
func (r *Route) Name() string { return r.name }

// Named names the route, so that [URLFor] and [PathFor] can build its URL,
// and returns it:
//
//	r.Get("/users/:id", showUser).Named("user")
//
// It panics on an empty name, a name another route has (naming both), a
// route named already, and once the router serves requests.
func (r *Route) Named(name string) *Route {
	r.router.name(r, name)
	return r
}

// String returns the method and pattern, as in "GET /users/:id", or
// "ANY /users/:id".
func (r *Route) String() string {
	if r.method == "" {
		return "ANY " + r.pattern
	}
	return r.method + " " + r.pattern
}

// describe names the route and where it was registered, for panics.
func (r *Route) describe() string {
	if r.at == "" {
		return r.String()
	}
	return r.String() + " (" + r.at + ")"
}

type partKind uint8

const (
	literal  partKind = iota // static text, canonical, possibly several segments
	param                    // :name, one segment
	catchAll                 // *name, the rest of the path
)

type part struct {
	kind partKind
	text string // the literal text, or the parameter name
}

// parsePattern splits a pattern into its parts and parameter names.
func parsePattern(pattern string) ([]part, []string, error) {
	if !strings.HasPrefix(pattern, "/") {
		return nil, nil, fmt.Errorf("pattern %q does not start with '/'", pattern)
	}
	if i := strings.IndexAny(pattern, "?#"); i >= 0 {
		// A request path never holds them: they start its query or
		// fragment. Routes match paths only.
		return nil, nil, fmt.Errorf("pattern %q: %q cannot match a path; write %%%02X for a literal one",
			pattern, pattern[i], pattern[i])
	}
	var (
		parts []part
		names []string
		lit   strings.Builder
	)
	segments := strings.Split(pattern[1:], "/")
	for i, seg := range segments {
		lit.WriteByte('/')
		if seg == "" || (seg[0] != ':' && seg[0] != '*') {
			lit.WriteString(canonical(seg))
			continue
		}
		name := seg[1:]
		if !validName(name) {
			return nil, nil, fmt.Errorf("pattern %q: parameter %q needs a name of letters, digits and '_'", pattern, seg)
		}
		for _, n := range names {
			if n == name {
				return nil, nil, fmt.Errorf("pattern %q: parameter %q appears twice", pattern, name)
			}
		}
		kind := param
		if seg[0] == '*' {
			if i != len(segments)-1 {
				return nil, nil, fmt.Errorf("pattern %q: catch-all %q must be the last segment", pattern, seg)
			}
			kind = catchAll
		}
		parts = append(parts, part{literal, lit.String()}, part{kind, name})
		lit.Reset()
		names = append(names, name)
	}
	if lit.Len() > 0 {
		parts = append(parts, part{literal, lit.String()})
	}
	return parts, names, nil
}

func validName(name string) bool {
	if name == "" {
		return false
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

// build returns the escaped path of the route with values filled in, and the
// query made of the values the pattern has no parameter for.
func (r *Route) build(values map[string]string) (path, query string, err error) {
	var b strings.Builder
	for _, p := range r.parts {
		switch p.kind {
		case literal:
			for i, seg := range strings.Split(p.text, "/") {
				if i > 0 {
					b.WriteByte('/')
				}
				b.WriteString(url.PathEscape(decode(seg)))
			}
		case param:
			v := values[p.text]
			if v == "" {
				return "", "", fmt.Errorf("router: URL for route %q (%s): no value for parameter %q", r.name, r.pattern, p.text)
			}
			writeSegment(&b, v)
		case catchAll:
			writeRest(&b, values[p.text])
		}
	}
	var extra url.Values
	for k, v := range values {
		if !r.hasParam(k) {
			if extra == nil {
				extra = url.Values{}
			}
			extra.Set(k, v)
		}
	}
	return b.String(), extra.Encode(), nil
}

func (r *Route) hasParam(name string) bool {
	for _, n := range r.params {
		if n == name {
			return true
		}
	}
	return false
}
