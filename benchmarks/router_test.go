package benchmarks

import (
	"strings"
	"testing"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/benchmarks/githubapi"
	"github.com/iron-go/iron/ext/router"
)

var benchOK = iron.With(200)

// githubRouter registers the route set on an Iron router whose handlers do
// nothing but answer a shared response, so that the router is measured.
func githubRouter(routes []githubapi.Route) *router.Router {
	h := iron.HandlerFunc(func(*iron.Request) (*iron.Response, error) { return benchOK, nil })
	r := router.New()
	for _, rt := range routes {
		r.Route(rt.Method, rt.Pattern, h)
	}
	return r
}

// githubRequests returns one reusable request slot per route, as a server's
// workers hold them, and the Incoming each is reset with per request.
func githubRequests(routes []githubapi.Route) ([]*iron.Slot, []iron.Incoming) {
	slots := make([]*iron.Slot, len(routes))
	ins := make([]iron.Incoming, len(routes))
	for i, rt := range routes {
		ins[i] = iron.Incoming{Method: rt.Method, Target: rt.Path, Proto: "HTTP/1.1", Host: "api.github.com"}
		slots[i] = new(iron.Slot)
		slots[i].Reset(&ins[i])
	}
	return slots, ins
}

// Every route of the set is found, by its own pattern, with its parameters,
// and finding it allocates nothing once the request's storage is warm.
func TestGitHubRoutesLookUpWithoutAllocating(t *testing.T) {
	routes := githubapi.Routes()
	r := githubRouter(routes)
	slots, ins := githubRequests(routes)
	for i, rt := range routes {
		t.Run(rt.Method+" "+rt.Pattern, func(t *testing.T) {
			slot, in := slots[i], &ins[i]
			req := slot.Request()
			if _, err := r.Handle(req); err != nil {
				t.Fatalf("%s %s: %v", rt.Method, rt.Path, err)
			}
			m := router.Matched(req)
			if m == nil || m.Method() != rt.Method || m.Pattern() != rt.Pattern {
				t.Fatalf("%s %s matched %v", rt.Method, rt.Path, m)
			}
			for _, seg := range strings.Split(rt.Pattern, "/") {
				if name, ok := strings.CutPrefix(seg, ":"); ok && router.Param(req, name) != name+"-1" {
					t.Errorf("param %s = %q", name, router.Param(req, name))
				}
			}
			allocs := testing.AllocsPerRun(50, func() {
				slot.Reset(in)
				_, _ = r.Handle(req)
			})
			if allocs != 0 {
				t.Errorf("%s %s: %v allocs per lookup, want 0", rt.Method, rt.Path, allocs)
			}
		})
	}
}

// BenchmarkRouterGitHubAll looks up all 203 routes per op, each on its own
// reused request (reset per lookup, as the engine does); ns/route is the
// mean time of one lookup. Compare with httprouter and chi in ./peers.
func BenchmarkRouterGitHubAll(b *testing.B) {
	routes := githubapi.Routes()
	r := githubRouter(routes)
	slots, ins := githubRequests(routes)
	for _, slot := range slots { // warm up: each request grows its extension storage once
		_, _ = r.Handle(slot.Request())
	}
	b.ReportAllocs()
	for b.Loop() {
		for i, slot := range slots {
			slot.Reset(&ins[i])
			if _, err := r.Handle(slot.Request()); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(slots)), "ns/route")
}

// BenchmarkRouterGitHubOne looks up single routes: a static one, and routes
// with one, two and three parameters deep in the tree.
func BenchmarkRouterGitHubOne(b *testing.B) {
	routes := githubapi.Routes()
	r := githubRouter(routes)
	for _, tc := range []struct{ name, method, path string }{
		{"static", "GET", "/user/repos"},
		{"param1", "GET", "/users/u-1/gists"},
		{"param2", "GET", "/repos/owner-1/repo-1/pulls"},
		{"param3", "GET", "/repos/owner-1/repo-1/issues/number-1/comments"},
	} {
		b.Run(tc.name, func(b *testing.B) {
			in := iron.Incoming{Method: tc.method, Target: tc.path, Proto: "HTTP/1.1", Host: "api.github.com"}
			var slot iron.Slot
			slot.Reset(&in)
			req := slot.Request()
			_, _ = r.Handle(req)
			b.ReportAllocs()
			for b.Loop() {
				slot.Reset(&in)
				if _, err := r.Handle(req); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
