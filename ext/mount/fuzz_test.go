package mount_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/ext/mount"
)

// FuzzMount routes any request-target and checks the promises of the
// package: the handler sees a suffix of the original path, Prefix is what
// comes before it, the path is restored afterwards, and a handler mounted
// for one path (Exact, a Leaf) sees nothing below it.
func FuzzMount(f *testing.F) {
	for _, seed := range []string{
		"/", "/static", "/static/", "/api/v1/x", "/st%61tic/a", "/%zz", "//", "*",
		"/favicon.ico", "/favicon.ico/", "/favicon.ico/x", "/favicon%2Eico//", "/robots.txt/x", "/static/one/two",
	} {
		f.Add(seed)
	}
	var sawPath, sawPrefix string
	var sawExact bool
	record := func(exact bool) iron.HandlerFunc {
		return func(req *iron.Request) (*iron.Response, error) {
			sawPath, sawPrefix, sawExact = req.EscapedPath(), mount.Prefix(req), exact
			return iron.With(http.StatusOK), nil
		}
	}
	h := record(false)
	m := mount.New().Mount("/", h).Mount("/static", h).Mount("/api/v1", h).Mount("/a%20b/c", h).
		Mount("/favicon.ico", leaf{record(true)}).Exact("/robots.txt", record(true)).
		Exact("/static/one", record(true)).Mount("/static/one/two", h)

	f.Fuzz(func(t *testing.T, target string) {
		if target == "" || strings.ContainsAny(target, "?#") ||
			(target[0] != '/' && target != "*" && !strings.HasPrefix(target, "http://")) {
			return
		}
		req := iron.NewRequest(http.MethodGet, target, nil)
		orig := req.EscapedPath()
		_, err := m.Handle(req)
		assert.NoError(t, err, "/ catches everything")
		assert.Equal(t, orig, sawPrefix+sawPath)
		assert.Equal(t, orig, req.OriginalPath())
		assert.Equal(t, orig, req.EscapedPath(), "restored")
		if sawPrefix != "" {
			assert.True(t, sawPath == "" || sawPath[0] == '/', "child path %q", sawPath)
		}
		if sawExact {
			assert.Empty(t, sawPath, "a handler mounted for one path saw a path below it")
		}
	})
}
