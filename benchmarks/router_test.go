package benchmarks

import (
	"bufio"
	"os"
	"strings"
	"testing"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/ext/router"
)

// githubRoute is one route of the GitHub REST API v3 route set of the Go
// HTTP routing benchmark (julienschmidt/go-http-routing-benchmark), kept in
// testdata/githubapi-routes.txt: its method and pattern, and a path that
// only it matches, with a value in place of each :param.
type githubRoute struct {
	method, pattern, path string
}

// githubRoutes reads the route set: 203 routes, static and parameterised.
func githubRoutes(tb testing.TB) []githubRoute {
	tb.Helper()
	f, err := os.Open("testdata/githubapi-routes.txt")
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
		routes = append(routes, githubRoute{method, pattern, requestPath(pattern)})
	}
	if err := s.Err(); err != nil {
		tb.Fatal(err)
	}
	if len(routes) != 203 {
		tb.Fatalf("read %d routes, want 203", len(routes))
	}
	return routes
}

// requestPath fills each :name of a pattern with a value ("name-1") that no
// static segment of the route set spells.
func requestPath(pattern string) string {
	segs := strings.Split(pattern, "/")
	for i, s := range segs {
		if strings.HasPrefix(s, ":") {
			segs[i] = s[1:] + "-1"
		}
	}
	return strings.Join(segs, "/")
}

var benchOK = iron.With(200)

// githubRouter registers the route set on an Iron router whose handlers do
// nothing but answer a shared response, so that the router is measured.
func githubRouter(routes []githubRoute) *router.Router {
	h := iron.HandlerFunc(func(*iron.Request) (*iron.Response, error) { return benchOK, nil })
	r := router.New()
	for _, rt := range routes {
		r.Route(rt.method, rt.pattern, h)
	}
	return r
}

// githubRequests returns one reusable request per route, as a server's
// workers hold them, and the Incoming each is reset with per request.
func githubRequests(routes []githubRoute) ([]*iron.Request, []iron.Incoming) {
	reqs := make([]*iron.Request, len(routes))
	ins := make([]iron.Incoming, len(routes))
	for i, rt := range routes {
		ins[i] = iron.Incoming{Method: rt.method, Target: rt.path, Proto: "HTTP/1.1", Host: "api.github.com"}
		reqs[i] = new(iron.Request)
		reqs[i].Reset(&ins[i])
	}
	return reqs, ins
}

// Every route of the set is found, by its own pattern, with its parameters,
// and finding it allocates nothing once the request's storage is warm.
func TestGitHubRoutesLookUpWithoutAllocating(t *testing.T) {
	routes := githubRoutes(t)
	r := githubRouter(routes)
	reqs, ins := githubRequests(routes)
	for i, rt := range routes {
		t.Run(rt.method+" "+rt.pattern, func(t *testing.T) {
			req, in := reqs[i], &ins[i]
			if _, err := r.Handle(req); err != nil {
				t.Fatalf("%s %s: %v", rt.method, rt.path, err)
			}
			m := router.Matched(req)
			if m == nil || m.Method() != rt.method || m.Pattern() != rt.pattern {
				t.Fatalf("%s %s matched %v", rt.method, rt.path, m)
			}
			for _, seg := range strings.Split(rt.pattern, "/") {
				if name, ok := strings.CutPrefix(seg, ":"); ok && router.Param(req, name) != name+"-1" {
					t.Errorf("param %s = %q", name, router.Param(req, name))
				}
			}
			allocs := testing.AllocsPerRun(50, func() {
				req.Reset(in)
				_, _ = r.Handle(req)
			})
			if allocs != 0 {
				t.Errorf("%s %s: %v allocs per lookup, want 0", rt.method, rt.path, allocs)
			}
		})
	}
}

// BenchmarkRouterGitHubAll looks up all 203 routes per op, each on its own
// reused request (reset per lookup, as the engine does); ns/route is the
// mean time of one lookup. Compare with httprouter and chi in ./peers.
func BenchmarkRouterGitHubAll(b *testing.B) {
	routes := githubRoutes(b)
	r := githubRouter(routes)
	reqs, ins := githubRequests(routes)
	for _, req := range reqs { // warm up: each request grows its extension storage once
		_, _ = r.Handle(req)
	}
	b.ReportAllocs()
	for b.Loop() {
		for i, req := range reqs {
			req.Reset(&ins[i])
			if _, err := r.Handle(req); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(reqs)), "ns/route")
}

// BenchmarkRouterGitHubOne looks up single routes: a static one, and routes
// with one, two and three parameters deep in the tree.
func BenchmarkRouterGitHubOne(b *testing.B) {
	routes := githubRoutes(b)
	r := githubRouter(routes)
	for _, tc := range []struct{ name, method, path string }{
		{"static", "GET", "/user/repos"},
		{"param1", "GET", "/users/u-1/gists"},
		{"param2", "GET", "/repos/owner-1/repo-1/pulls"},
		{"param3", "GET", "/repos/owner-1/repo-1/issues/number-1/comments"},
	} {
		b.Run(tc.name, func(b *testing.B) {
			in := iron.Incoming{Method: tc.method, Target: tc.path, Proto: "HTTP/1.1", Host: "api.github.com"}
			req := new(iron.Request)
			req.Reset(&in)
			_, _ = r.Handle(req)
			b.ReportAllocs()
			for b.Loop() {
				req.Reset(&in)
				if _, err := r.Handle(req); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
