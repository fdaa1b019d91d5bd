package router_test

import (
	"net/http"
	"testing"

	"github.com/iron-go/iron/ext/router"
	"github.com/stretchr/testify/assert"
)

func TestPercentEncodedPaths(t *testing.T) {
	r := routes([]router.Option{router.TrailingSlash(router.StrictSlash)},
		"/files/:name",
		"/files/:dir/:name",
		"/raw/*path",
		"/café",
		"/a%2Fb",
		"/100%",
		"/%3Aliteral",
		"/tags/:tag/items",
		"/what%3F",
	)
	for _, tc := range []struct {
		name, path, want string
	}{
		{"an encoded slash stays in its segment", "/files/a%2Fb", "GET /files/:name name=a/b"},
		{"lower-case escapes too", "/files/a%2fb", "GET /files/:name name=a/b"},
		{"a real slash separates", "/files/a/b", "GET /files/:dir/:name dir=a name=b"},
		{"params are decoded", "/files/hello%20world", "GET /files/:name name=hello world"},
		{"an encoded percent", "/files/50%25", "GET /files/:name name=50%"},
		{"an encoded percent then hex digits", "/files/%252F", "GET /files/:name name=%2F"},
		{"a stray percent is literal", "/files/50%", "GET /files/:name name=50%"},
		{"a stray percent before non-hex", "/files/%zz", "GET /files/:name name=%zz"},
		{"UTF-8 escapes", "/files/caf%C3%A9", "GET /files/:name name=café"},
		{"catch-all decoded", "/raw/a%2Fb/c%20d", "GET /raw/*path path=a/b/c d"},
		{"literal matches its encoding", "/caf%C3%A9", "GET /café"},
		{"literal matches lower-case encoding", "/caf%c3%a9", "GET /café"},
		{"literal matches raw UTF-8", "/café", "GET /café"},
		{"unreserved characters encoded", "/%63af%C3%A9", "GET /café"},
		{"pattern with an encoded slash", "/a%2Fb", "GET /a%2Fb"},
		{"pattern with a stray percent", "/100%25", "GET /100%"},
		{"a literal starting with ':'", "/:literal", "GET /%3Aliteral"},
		{"an encoded question mark", "/what%3f", "GET /what%3F"},
		{"param in the middle", "/tags/go%2Fweb/items", "GET /tags/:tag/items tag=go/web"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := do(t, r, http.MethodGet, tc.path)
			assert.Equal(t, http.StatusOK, got.status)
			assert.Equal(t, tc.want, got.body)
		})
	}
	for _, path := range []string{"/a/b", "/files/a%2Fb/c/d"} {
		t.Run("not found "+path, func(t *testing.T) {
			assert.Equal(t, http.StatusNotFound, do(t, r, http.MethodGet, path).status)
		})
	}
}
