package router_test

import (
	"net/http"
	"sync"
	"testing"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/ext/router"
	"github.com/iron-go/iron/irontest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var ok200 = iron.With(http.StatusOK)

// reads reads every parameter of its route, as a real handler would.
var reads = iron.HandlerFunc(func(req *iron.Request) (*iron.Response, error) {
	_ = router.Param(req, "owner")
	_ = router.Param(req, "repo")
	_ = router.Param(req, "path")
	_ = router.Matched(req).Pattern()
	return ok200, nil
})

// A server reuses each Request's storage: finding the route, storing its
// parameters and reading them back must then allocate nothing.
func TestLookupDoesNotAllocate(t *testing.T) {
	t.Run("default", func(t *testing.T) { lookupDoesNotAllocate(t, router.New()) })
	t.Run("CleanPath", func(t *testing.T) { lookupDoesNotAllocate(t, router.New(router.CleanPath(true))) })
}

func lookupDoesNotAllocate(t *testing.T, r *router.Router) {
	r.Get("/", reads)
	r.Get("/users", reads)
	r.Get("/repos/:owner/:repo", reads)
	r.Get("/repos/:owner/:repo/issues/:number/comments", reads)
	r.Get("/repos/:owner/:repo/contents/*path", reads)
	r.Get("/repos/:owner/:repo/issues", reads)
	r.Post("/repos/:owner/:repo/issues", reads)
	r.Get("/repos/:owner/hooks", reads)

	for _, tc := range []struct{ method, target string }{
		{"GET", "/"},
		{"GET", "/users"},
		{"GET", "/repos/iron-go/iron"},
		{"GET", "/repos/iron-go/iron/issues/5/comments"},
		{"GET", "/repos/iron-go/iron/contents/ext/router/doc.go"},
		{"POST", "/repos/iron-go/iron/issues?x=1"},
		{"HEAD", "/repos/iron-go/iron/issues"},
		{"GET", "/repos/iron-go/hooks"},
	} {
		t.Run(tc.method+" "+tc.target, func(t *testing.T) {
			in := iron.Incoming{Method: tc.method, Target: tc.target, Proto: "HTTP/1.1", Host: "example.com"}
			var slot iron.Slot
			slot.Reset(&in)
			_, err := r.Handle(slot.Request())
			require.NoError(t, err)
			allocs := testing.AllocsPerRun(100, func() {
				slot.Reset(&in)
				_, _ = r.Handle(slot.Request())
			})
			assert.Zero(t, allocs)
		})
	}
}

// The router is shared by every request a server runs at once.
func TestConcurrentRequests(t *testing.T) {
	r := router.New()
	r.Get("/users/:id", echo)
	r.Post("/users", echo)
	var wg sync.WaitGroup
	errs := make(chan string, 8)
	for g := range 8 {
		wg.Go(func() {
			for i := range 50 {
				method, path, want := "GET", "/users/7", "GET /users/:id id=7"
				if (g+i)%2 == 0 {
					method, path, want = "POST", "/users", "POST /users"
				}
				res := irontest.Do(r, iron.NewRequest(method, path, nil))
				if s, _ := res.Body().Text(); s != want {
					errs <- s
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Errorf("unexpected body %q", e)
	}
}
