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
// comes before it, and the path is restored afterwards.
func FuzzMount(f *testing.F) {
	for _, seed := range []string{"/", "/static", "/static/", "/api/v1/x", "/st%61tic/a", "/%zz", "//", "*"} {
		f.Add(seed)
	}
	var sawPath, sawPrefix string
	h := iron.HandlerFunc(func(req *iron.Request) (*iron.Response, error) {
		sawPath, sawPrefix = req.EscapedPath(), mount.Prefix(req)
		return iron.With(http.StatusOK), nil
	})
	m := mount.New().Mount("/", h).Mount("/static", h).Mount("/api/v1", h).Mount("/a%20b/c", h)

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
	})
}
