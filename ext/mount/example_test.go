package mount_test

import (
	"fmt"
	"net/http"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/ext/mount"
)

// A site at "/", an API under "/api/v1": the API handler sees paths relative
// to its prefix, and links back to the original URL.
func Example() {
	site := iron.HandlerFunc(func(req *iron.Request) (*iron.Response, error) {
		return iron.With(http.StatusOK, "site: "+req.EscapedPath()), nil
	})
	api := iron.HandlerFunc(func(req *iron.Request) (*iron.Response, error) {
		body := fmt.Sprintf("api: %s (prefix %s, original %s)",
			req.EscapedPath(), mount.Prefix(req), mount.OriginalURL(req))
		return iron.With(http.StatusOK, body), nil
	})
	m := mount.New().
		Mount("/", site).
		Mount("/api/v1/", api)

	for _, target := range []string{"/about", "/api/v1/users?page=2"} {
		res, _ := m.Handle(iron.NewRequest(http.MethodGet, target, nil))
		body, _ := res.Body().Text()
		fmt.Println(body)
	}
	// Output:
	// site: /about
	// api: /users (prefix /api/v1, original http://example.com/api/v1/users?page=2)
}

// A request that no prefix matches fails with a 404 wrapping ErrNoMatch.
func ExampleMount_Handle_noMatch() {
	m := mount.New().Mount("/static", iron.HandlerFunc(func(*iron.Request) (*iron.Response, error) {
		return iron.With(http.StatusOK), nil
	}))
	_, err := m.Handle(iron.NewRequest(http.MethodGet, "/admin", nil))
	fmt.Println(iron.ErrorResponse(err).StatusCode(), err)
	// Output:
	// 404 mount: no handler mounted for path: "/admin"
}
