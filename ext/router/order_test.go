package router_test

import (
	"math/rand/v2"
	"net/http"
	"strings"
	"testing"

	"github.com/iron-go/iron/ext/router"
	"github.com/stretchr/testify/assert"
)

// orderPatterns overlap in every way the tree has to untangle: shared
// prefixes that split edges mid-segment, literals beside params beside
// catch-alls, at every depth.
var orderPatterns = []string{
	"/", "/a", "/ab", "/abc/", "/a/b", "/a/:x", "/a/*rest", "/:x", "/:x/b", "/:x/:y",
	"/:x/*rest", "/a/b/c", "/a/:x/c", "/a/b/:y", "/a/bc/d", "/ab/:x", "/abc/:x/d",
	"/*all", "/a/b/*rest", "/a/bb", "/a/b/c/d/e", "/:p1/:p2/:p3/:p4/:p5/:p6/:p7/:p8/:p9/:p10",
}

var orderPaths = []string{
	"/", "/a", "/ab", "/abc", "/abc/", "/a/b", "/a/c", "/a/", "/b", "/b/b", "/b/c", "/b/c/d",
	"/a/b/c", "/a/x/c", "/a/b/y", "/a/bc/d", "/a/bc/e", "/ab/1", "/ab/1/2", "/abc/1/d", "/abc/1/e",
	"/a/b/c/d", "/a/bb", "/a/bbb", "/a/b/c/d/e", "/1/2/3/4/5/6/7/8/9/10", "/1/2/3/4/5/6/7/8/9/10/11",
	"//", "/a//", "/x/", "/a/b/",
}

// rank orders segment kinds: a literal is more specific than a :param,
// which is more specific than a *catch-all.
func rank(seg string) int {
	switch {
	case strings.HasPrefix(seg, "*"):
		return 2
	case strings.HasPrefix(seg, ":"):
		return 1
	}
	return 0
}

// reference matches path against pattern segment by segment, the slow way.
func reference(pattern, path string) bool {
	ps, xs := strings.Split(pattern, "/"), strings.Split(path, "/")
	for i, p := range ps {
		switch rank(p) {
		case 2:
			return true
		case 1:
			if i >= len(xs) || xs[i] == "" {
				return false
			}
		default:
			if i >= len(xs) || xs[i] != p {
				return false
			}
		}
	}
	return len(ps) == len(xs)
}

// moreSpecific reports whether pattern a beats b: at the first segment
// where their kinds differ, a's is the more specific.
func moreSpecific(a, b string) bool {
	as, bs := strings.Split(a, "/"), strings.Split(b, "/")
	for i := 0; i < len(as) && i < len(bs); i++ {
		if ra, rb := rank(as[i]), rank(bs[i]); ra != rb {
			return ra < rb
		}
	}
	return false
}

func expected(path string) string {
	best := ""
	for _, p := range orderPatterns {
		if reference(p, path) && (best == "" || moreSpecific(p, best)) {
			best = p
		}
	}
	return best
}

// Whatever order the routes are registered in, every path goes to the most
// specific pattern that matches it, as a segment-by-segment reference
// matcher finds it.
func TestPrecedenceIgnoresRegistrationOrder(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for round := range 20 {
		order := append([]string(nil), orderPatterns...)
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		r := routes([]router.Option{router.TrailingSlash(router.StrictSlash)}, order...)
		for _, path := range orderPaths {
			got := do(t, r, http.MethodGet, path)
			want := expected(path)
			if want == "" {
				assert.Equal(t, http.StatusNotFound, got.status, "round %d: %s", round, path)
				continue
			}
			if assert.Equal(t, http.StatusOK, got.status, "round %d: %s", round, path) {
				assert.True(t, strings.HasPrefix(got.body, "GET "+want+" ") || got.body == "GET "+want,
					"round %d: %s went to %q, want %s", round, path, got.body, want)
			}
		}
	}
}

func TestManyParams(t *testing.T) {
	r := routes(nil, "/:p1/:p2/:p3/:p4/:p5/:p6/:p7/:p8/:p9/:p10", "/:p1/:p2/:p3/:p4/:p5/:p6/:p7/:p8/:p9/x/:p11")
	assert.Equal(t, "GET /:p1/:p2/:p3/:p4/:p5/:p6/:p7/:p8/:p9/:p10 p1=1 p2=2 p3=3 p4=4 p5=5 p6=6 p7=7 p8=8 p9=9 p10=10",
		do(t, r, http.MethodGet, "/1/2/3/4/5/6/7/8/9/10").body)
	assert.Equal(t, "GET /:p1/:p2/:p3/:p4/:p5/:p6/:p7/:p8/:p9/x/:p11 p1=1 p2=2 p3=3 p4=4 p5=5 p6=6 p7=7 p8=8 p9=9 p11=11",
		do(t, r, http.MethodGet, "/1/2/3/4/5/6/7/8/9/x/11").body)
}
