package peers

import (
	"net/http"
	"testing"

	"github.com/go-chi/chi/v5"
	"github.com/iron-go/iron"
	"github.com/iron-go/iron/benchmarks/githubapi"
	"github.com/iron-go/iron/ext/router"
	"github.com/julienschmidt/httprouter"
)

// Each router gets the 203 routes with handlers that do nothing, so that
// what is measured is finding the route and handing over its parameters:
// Iron's params in the request's extensions, httprouter's Params slice,
// chi's route context.

// contender is one router under test: lookup serves request i of the route
// set once; matched reports whether request i reached its own handler.
type contender struct {
	name   string
	lookup func(i int)
}

// hit records, per route, that its handler ran with the right parameter.
type hits []bool

var ironOK = iron.With(http.StatusOK)

func ironRouter(routes []githubapi.Route, h hits, check bool) (lookup func(int), reset func(int)) {
	r := router.New()
	for i, rt := range routes {
		want := firstParam(rt.Pattern)
		r.Route(rt.Method, rt.Pattern, iron.HandlerFunc(func(req *iron.Request) (*iron.Response, error) {
			if check {
				h[i] = want == "" || router.Param(req, want) == want+"-1"
			}
			return ironOK, nil
		}))
	}
	slots := make([]*iron.Slot, len(routes))
	ins := make([]iron.Incoming, len(routes))
	for i, rt := range routes {
		ins[i] = iron.Incoming{Method: rt.Method, Target: rt.Path, Proto: "HTTP/1.1", Host: "api.github.com"}
		slots[i] = new(iron.Slot)
		slots[i].Reset(&ins[i])
	}
	lookup = func(i int) { _, _ = r.Handle(slots[i].Request()) }
	reset = func(i int) {
		slots[i].Reset(&ins[i])
		_, _ = r.Handle(slots[i].Request())
	}
	return lookup, reset
}

func httpRouter(routes []githubapi.Route, h hits, check bool) func(int) {
	r := httprouter.New()
	for i, rt := range routes {
		want := firstParam(rt.Pattern)
		r.Handle(rt.Method, rt.Pattern, func(_ http.ResponseWriter, _ *http.Request, ps httprouter.Params) {
			if check {
				h[i] = want == "" || ps.ByName(want) == want+"-1"
			}
		})
	}
	reqs := netRequests(routes)
	var w discard
	return func(i int) { r.ServeHTTP(&w, reqs[i]) }
}

func chiRouter(routes []githubapi.Route, h hits, check bool) func(int) {
	r := chi.NewRouter()
	for i, rt := range routes {
		want := firstParam(rt.Pattern)
		pattern := githubapi.MapParams(rt.Pattern, func(name string) string { return "{" + name + "}" })
		r.MethodFunc(rt.Method, pattern, func(_ http.ResponseWriter, req *http.Request) {
			if check {
				h[i] = want == "" || chi.URLParam(req, want) == want+"-1"
			}
		})
	}
	reqs := netRequests(routes)
	var w discard
	return func(i int) { r.ServeHTTP(&w, reqs[i]) }
}

func netRequests(routes []githubapi.Route) []*http.Request {
	reqs := make([]*http.Request, len(routes))
	for i, rt := range routes {
		req, err := http.NewRequest(rt.Method, "http://api.github.com"+rt.Path, nil)
		if err != nil {
			panic(err)
		}
		reqs[i] = req
	}
	return reqs
}

// firstParam returns the name of a pattern's first :param, or "".
func firstParam(pattern string) string {
	name := ""
	githubapi.MapParams(pattern, func(n string) string {
		if name == "" {
			name = n
		}
		return n
	})
	return name
}

// discard is a ResponseWriter that keeps nothing.
type discard struct{ h http.Header }

func (d *discard) Header() http.Header {
	if d.h == nil {
		d.h = http.Header{}
	}
	return d.h
}
func (*discard) Write(p []byte) (int, error) { return len(p), nil }
func (*discard) WriteHeader(int)             {}

func contenders(routes []githubapi.Route, h hits, check bool) []contender {
	lookup, reset := ironRouter(routes, h, check)
	return []contender{
		{"iron", lookup},
		{"iron+reset", reset},
		{"httprouter", httpRouter(routes, h, check)},
		{"chi", chiRouter(routes, h, check)},
	}
}

// Every contender routes every request to its own route, with its
// parameters, so that the benchmark compares like with like.
func TestContendersRouteEveryRoute(t *testing.T) {
	routes := githubapi.Routes()
	h := make(hits, len(routes))
	for _, c := range contenders(routes, h, true) {
		t.Run(c.name, func(t *testing.T) {
			clear(h)
			for i := range routes {
				c.lookup(i)
				if !h[i] {
					t.Errorf("%s %s did not reach its route with its params", routes[i].Method, routes[i].Path)
				}
			}
		})
	}
}

// BenchmarkGitHubAll looks up all 203 routes per op. "iron" is the lookup
// alone on a warm request, as httprouter and chi get a ready http.Request;
// "iron+reset" adds the per-request reset of the request's storage that
// the engine does before each request.
func BenchmarkGitHubAll(b *testing.B) {
	routes := githubapi.Routes()
	for _, c := range contenders(routes, nil, false) {
		b.Run(c.name, func(b *testing.B) {
			for i := range routes { // warm up: Iron's requests grow their extension storage once
				c.lookup(i)
			}
			b.ReportAllocs()
			for b.Loop() {
				for i := range routes {
					c.lookup(i)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(routes)), "ns/route")
		})
	}
}

// BenchmarkGitHubOne looks up single routes: static, and with one, two and
// three parameters.
func BenchmarkGitHubOne(b *testing.B) {
	routes := githubapi.Routes()
	index := map[string]int{}
	for i, rt := range routes {
		index[rt.Method+" "+rt.Pattern] = i
	}
	for _, tc := range []struct{ name, route string }{
		{"static", "GET /user/repos"},
		{"param1", "GET /users/:user/gists"},
		{"param2", "GET /repos/:owner/:repo/pulls"},
		{"param3", "GET /repos/:owner/:repo/issues/:number/comments"},
	} {
		i, ok := index[tc.route]
		if !ok {
			b.Fatalf("no route %s", tc.route)
		}
		for _, c := range contenders(routes, nil, false) {
			b.Run(tc.name+"/"+c.name, func(b *testing.B) {
				c.lookup(i)
				b.ReportAllocs()
				for b.Loop() {
					c.lookup(i)
				}
			})
		}
	}
}
