package peers

import (
	"bufio"
	"os"
	"strings"
	"testing"
)

// githubRoute is one route of the GitHub REST API v3 route set of the Go
// HTTP routing benchmark, shared with ../router_test.go through
// ../testdata/githubapi-routes.txt: method, pattern (":name" params) and a
// request path with a value in place of each param.
type githubRoute struct {
	method, pattern, path string
}

func githubRoutes(tb testing.TB) []githubRoute {
	tb.Helper()
	f, err := os.Open("../testdata/githubapi-routes.txt")
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var routes []githubRoute
	s := bufio.NewScanner(f)
	for s.Scan() {
		line := strings.TrimSpace(s.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		method, pattern, ok := strings.Cut(line, " ")
		if !ok {
			tb.Fatalf("bad route line %q", line)
		}
		routes = append(routes, githubRoute{method, pattern, mapParams(pattern, func(name string) string { return name + "-1" })})
	}
	if err := s.Err(); err != nil {
		tb.Fatal(err)
	}
	if len(routes) != 203 {
		tb.Fatalf("read %d routes, want 203", len(routes))
	}
	return routes
}

// mapParams replaces each ":name" segment of a pattern with fn(name).
func mapParams(pattern string, fn func(name string) string) string {
	segs := strings.Split(pattern, "/")
	for i, s := range segs {
		if name, ok := strings.CutPrefix(s, ":"); ok {
			segs[i] = fn(name)
		}
	}
	return strings.Join(segs, "/")
}
