// Package githubapi is the route set of the GitHub REST API v3 from the Go
// HTTP routing benchmark (julienschmidt/go-http-routing-benchmark): 203
// routes, static and with :params. The router benchmarks of this module and
// of ../peers measure lookups over it.
package githubapi

import (
	_ "embed"
	"fmt"
	"strings"
)

//go:embed routes.txt
var routesFile string

// Route is one route of the set: its method and pattern, and a request path
// that only it matches, with "name-1" in place of each :name.
type Route struct {
	Method, Pattern, Path string
}

// Routes returns the 203 routes, in the file's order. It panics if the
// embedded file is malformed, which its test rules out.
func Routes() []Route {
	var routes []Route
	for line := range strings.Lines(routesFile) {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		method, pattern, ok := strings.Cut(line, " ")
		if !ok {
			panic(fmt.Sprintf("githubapi: bad route line %q", line))
		}
		routes = append(routes, Route{method, pattern, MapParams(pattern, func(name string) string { return name + "-1" })})
	}
	return routes
}

// MapParams replaces each ":name" segment of a pattern with fn(name), as
// another router's syntax or a request path needs.
func MapParams(pattern string, fn func(name string) string) string {
	segs := strings.Split(pattern, "/")
	for i, s := range segs {
		if name, ok := strings.CutPrefix(s, ":"); ok {
			segs[i] = fn(name)
		}
	}
	return strings.Join(segs, "/")
}
