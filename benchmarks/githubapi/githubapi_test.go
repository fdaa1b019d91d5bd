package githubapi_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/iron-go/iron/benchmarks/githubapi"
)

func TestRoutes(t *testing.T) {
	routes := githubapi.Routes()
	assert.Len(t, routes, 203)
	seen := map[string]bool{}
	for _, r := range routes {
		key := r.Method + " " + r.Pattern
		assert.False(t, seen[key], "duplicate route %s", key)
		seen[key] = true
		assert.NotContains(t, r.Path, ":", "every param is filled in: %s", r.Path)
	}
	assert.Equal(t, "/repos/owner-1/repo-1/issues", githubapi.MapParams("/repos/:owner/:repo/issues",
		func(n string) string { return n + "-1" }))
}
