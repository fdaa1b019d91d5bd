package static_test

import (
	"errors"
	"net/http"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/ext/static"
	"github.com/iron-go/iron/irontest"
)

func newDir(t *testing.T, opts ...static.Option) *static.Dir {
	t.Helper()
	d, err := static.New(fixture(t), opts...)
	require.NoError(t, err)
	t.Cleanup(func() { d.Close() })
	return d
}

func TestDirServesFiles(t *testing.T) {
	d := newDir(t)
	for _, tc := range []struct {
		name, method, target string
		status               int
		body                 string
		header               map[string]string // "" means absent
	}{
		{"file", "GET", "/style.css", 200, "body{}", map[string]string{
			"Content-Type": "text/css; charset=utf-8", "Accept-Ranges": "bytes",
			"Last-Modified": lastModified, "Vary": "Accept-Encoding", "Cache-Control": "", "Content-Encoding": ""}},
		{"root index", "GET", "/", 200, "<h1>home</h1>", map[string]string{"Content-Type": "text/html; charset=utf-8"}},
		{"subdirectory index", "GET", "/docs/", 200, "<h1>docs</h1>", nil},
		{"index by name", "GET", "/index.html", 200, "<h1>home</h1>", nil},
		{"directory without slash redirects", "GET", "/docs", 301, "", map[string]string{"Location": "./docs/"}},
		{"redirect keeps the query", "GET", "/docs?lang=en", 301, "", map[string]string{"Location": "./docs/?lang=en"}},
		{"directory without index", "GET", "/empty/", 404, "Not Found", nil},
		{"file with trailing slash", "GET", "/style.css/", 404, "Not Found", nil},
		{"unknown extension is sniffed", "GET", "/README", 200, "plain words, no extension", map[string]string{
			"Content-Type": "text/plain; charset=utf-8"}},
		{"extension in upper case", "GET", "/LOUD.CSS", 200, "B{}", map[string]string{"Content-Type": "text/css; charset=utf-8"}},
		{"encoded space", "GET", "/a%20b.txt", 200, "spaced", nil},
		{"encoded percent", "GET", "/100%25.txt", 200, "percent", nil},
		{"repeated slashes fold", "GET", "//docs//index.html", 200, "<h1>docs</h1>", nil},
		{"symlink inside the root", "GET", "/link-in", 200, "body{}", nil},
		{"symlinked directory inside the root", "GET", "/docs/up/index.html", 200, "<h1>docs</h1>", nil},
		{"empty file", "GET", "/empty.txt", 200, "", map[string]string{"Content-Type": "text/plain; charset=utf-8"}},
		{"missing", "GET", "/nope.css", 404, "Not Found", nil},
		{"head", "HEAD", "/style.css", 200, "body{}", map[string]string{"Content-Type": "text/css; charset=utf-8"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := respond(t, d, request(tc.method, tc.target))
			assert.Equal(t, tc.status, got.status)
			assert.Equal(t, tc.body, got.body)
			if tc.status == 200 {
				assert.Equal(t, int64(len(tc.body)), got.len, "body length known in advance")
				assert.NotEmpty(t, got.header.Get("ETag"))
			}
			for name, want := range tc.header {
				assert.Equal(t, want, got.header.Get(name), name)
			}
		})
	}
}

func TestDirRefusesAttacks(t *testing.T) {
	d := newDir(t)
	for _, tc := range []struct {
		name, target string
		status       int
		sentinel     error
	}{
		{"dot-dot", "/../outside.txt", 404, static.ErrNotFound},
		{"dot-dot deeper", "/docs/../../outside.txt", 404, static.ErrNotFound},
		{"dot-dot in the middle", "/docs/../index.html", 404, static.ErrNotFound},
		{"single dot", "/./style.css", 404, static.ErrNotFound},
		{"encoded dot-dot", "/%2e%2e/outside.txt", 404, static.ErrNotFound},
		{"encoded dot-dot upper case", "/%2E%2E/outside.txt", 404, static.ErrNotFound},
		{"half-encoded dot-dot", "/.%2e/outside.txt", 404, static.ErrNotFound},
		{"encoded slash after dot-dot", "/..%2foutside.txt", 404, static.ErrNotFound},
		{"all encoded", "/%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd", 404, static.ErrNotFound},
		{"deep encoded", "/docs/..%2F..%2Foutside.txt", 404, static.ErrNotFound},
		{"double-encoded dot-dot", "/%252e%252e/outside.txt", 404, static.ErrNotFound},
		{"backslash dot-dot", "/..%5Coutside.txt", 404, static.ErrNotFound},
		{"absolute-form target", "http://example.com/../outside.txt", 404, static.ErrNotFound},
		{"relative symlink out", "/link-out", 404, static.ErrNotFound},
		{"absolute symlink out", "/link-abs", 404, static.ErrNotFound},
		{"symlinked directory out", "/dir-out/outside.txt", 404, static.ErrNotFound},
		{"symlinked directory out, index", "/dir-out/", 404, static.ErrNotFound},
		{"NUL byte", "/style.css%00.png", 400, static.ErrBadPath},
		{"NUL alone", "/%00", 400, static.ErrBadPath},
		{"malformed escape", "/%zz", 400, static.ErrBadPath},
		{"truncated escape", "/style.css%2", 400, static.ErrBadPath},
		{"dot file", "/.env", 404, static.ErrNotFound},
		{"encoded dot file", "/%2eenv", 404, static.ErrNotFound},
		{"dot directory", "/.git/config", 404, static.ErrNotFound},
		{"nested dot file", "/docs/.hidden", 404, static.ErrNotFound},
		{"FIFO is not opened", "/fifo", 404, static.ErrNotFound},
		{"path through a file", "/style.css/x", 404, static.ErrNotFound},
		{"name too long", "/" + strings.Repeat("a", 5000), 404, static.ErrNotFound},
		{"asterisk target", "*", 404, static.ErrNotFound},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := d.Handle(request("GET", tc.target))
			assert.Nil(t, res)
			require.Error(t, err)
			assert.ErrorIs(t, err, tc.sentinel)
			if tc.status == http.StatusNotFound {
				assert.ErrorIs(t, err, iron.ErrNotFound, "every 404 wraps the core sentinel")
			}
			got := respond(t, d, request("GET", tc.target))
			assert.Equal(t, tc.status, got.status)
			assert.Equal(t, http.StatusText(tc.status), got.body)
			assert.NotContains(t, got.body, "SECRET")
		})
	}
}

func TestDirPermissionDenied(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root reads every file")
	}
	root := fixture(t)
	require.NoError(t, os.Chmod(root+"/style.css", 0))
	d, err := static.New(root)
	require.NoError(t, err)
	defer d.Close()
	_, err = d.Handle(request("GET", "/style.css"))
	assert.ErrorIs(t, err, static.ErrForbidden)
	assert.Equal(t, 403, iron.ErrorResponse(err).StatusCode())
}

func TestOnlyGetAndHead(t *testing.T) {
	root := fixture(t)
	d, err := static.New(root)
	require.NoError(t, err)
	defer d.Close()
	f, err := static.NewFile(root + "/style.css")
	require.NoError(t, err)
	defer f.Close()
	for _, h := range []struct {
		name    string
		handler iron.Handler
	}{{"Dir", d}, {"File", f}} {
		for _, method := range []string{"POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT", "PROPFIND"} {
			t.Run(h.name+"/"+method, func(t *testing.T) {
				_, err := h.handler.Handle(request(method, "/style.css"))
				assert.ErrorIs(t, err, static.ErrMethodNotAllowed)
				got := respond(t, h.handler, request(method, "/style.css"))
				assert.Equal(t, 405, got.status)
				assert.Equal(t, "GET, HEAD", got.header.Get("Allow"))
			})
		}
	}
}

func TestDirOptions(t *testing.T) {
	for _, tc := range []struct {
		name, target string
		headers      []string
		opts         []static.Option
		status       int
		body         string
		header       map[string]string
	}{
		{"max-age", "/style.css", nil, []static.Option{static.MaxAge(90 * 60 * 1e9)}, 200, "body{}",
			map[string]string{"Cache-Control": "public, max-age=5400"}},
		{"cache-control verbatim", "/style.css", nil, []static.Option{static.CacheControl("public, max-age=31536000, immutable")}, 200, "body{}",
			map[string]string{"Cache-Control": "public, max-age=31536000, immutable"}},
		{"index order", "/docs/", nil, []static.Option{static.Index("default.htm", "index.html")}, 200, "<h1>default</h1>", nil},
		{"index falls through", "/", nil, []static.Option{static.Index("default.htm", "index.html")}, 200, "<h1>home</h1>", nil},
		{"no index", "/", nil, []static.Option{static.Index()}, 404, "Not Found", nil},
		{"dot files allowed", "/.well-known/x.txt", nil, []static.Option{static.Dotfiles(true)}, 200, "well known", nil},
		{"dot-dot still refused with dot files", "/docs/../.env", nil, []static.Option{static.Dotfiles(true)}, 404, "Not Found", nil},
		{"precompressed off", "/style.css", []string{"Accept-Encoding: br, gzip"}, []static.Option{static.Precompressed(false)}, 200, "body{}",
			map[string]string{"Vary": "", "Content-Encoding": ""}},
		{"nil option ignored", "/style.css", nil, []static.Option{nil}, 200, "body{}", nil},
		{"content type of an extension", "/notes.md", nil, []static.Option{static.ContentType(".MD", "text/markdown; charset=utf-8")}, 200, "# Notes",
			map[string]string{"Content-Type": "text/markdown; charset=utf-8"}},
		{"content type over the built-in one", "/style.css", nil, []static.Option{static.ContentType(".css", "text/plain")}, 200, "body{}",
			map[string]string{"Content-Type": "text/plain"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := newDir(t, tc.opts...)
			got := respond(t, d, request("GET", tc.target, tc.headers...))
			assert.Equal(t, tc.status, got.status)
			assert.Equal(t, tc.body, got.body)
			for name, want := range tc.header {
				assert.Equal(t, want, got.header.Get(name), name)
			}
		})
	}
}

// A bad option value panics in New and NewFile, before anything is opened,
// with an error naming the option and the value.
func TestBadOptionsPanic(t *testing.T) {
	root := fixture(t)
	for _, tc := range []struct {
		name string
		opt  static.Option
		want string
	}{
		{"negative max-age", static.MaxAge(-1), "static: MaxAge(-1ns): negative duration"},
		{"header injection", static.CacheControl("a\r\nSet-Cookie: x"), `static: CacheControl("a\r\nSet-Cookie: x"): control character in header value`},
		{"index with a path", static.Index("a/index.html"), `static: Index("a/index.html"): not a plain file name`},
		{"empty index name", static.Index(""), `static: Index(""): not a plain file name`},
		{"extension without a dot", static.ContentType("md", "text/markdown"), `static: ContentType("md", "text/markdown"): extension must be a dot and a name`},
		{"extension with a path", static.ContentType("./x.md", "text/markdown"), `static: ContentType("./x.md", "text/markdown"): extension must be a dot and a name`},
		{"malformed type", static.ContentType(".md", "text/"), `static: ContentType(".md", "text/"): mime: expected token after slash`},
		{"no version parameter", static.Versioned(""), `static: Versioned(""): not a plain query parameter name`},
		{"version parameter to escape", static.Versioned("v&x"), `static: Versioned("v&x"): not a plain query parameter name`},
		{"version parameter with a space", static.Versioned("a b"), `static: Versioned("a b"): not a plain query parameter name`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.PanicsWithError(t, tc.want, func() { _, _ = static.New(root, tc.opt) })
			assert.PanicsWithError(t, tc.want, func() { _, _ = static.NewFS(os.DirFS(root), tc.opt) })
			assert.PanicsWithError(t, tc.want, func() { _, _ = static.NewFile(root+"/style.css", tc.opt) })
			assert.PanicsWithError(t, tc.want, func() { _, _ = static.New(root+"/nope", tc.opt) }, "checked before the directory is opened")
		})
	}
}

// Opening the directory is the one thing New reports as an error.
func TestNewFailsToOpen(t *testing.T) {
	root := fixture(t)
	for _, tc := range []struct {
		name, dir, want string
	}{
		{"missing directory", root + "/nope", `static: New("` + root + `/nope"): open ` + root + `/nope: no such file or directory`},
		{"a file, not a directory", root + "/style.css", `static: New("` + root + `/style.css"): open ` + root + `/style.css: not a directory`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d, err := static.New(tc.dir, nil, static.MaxAge(0))
			assert.Nil(t, d)
			assert.EqualError(t, err, tc.want)
		})
	}
}

func TestServeFile(t *testing.T) {
	d := newDir(t)
	for _, tc := range []struct {
		name, file string
		status     int
		body       string
	}{
		{"file", "docs/index.html", 200, "<h1>docs</h1>"},
		{"leading slash", "/style.css", 200, "body{}"},
		{"directory", "docs", 404, "Not Found"},
		{"dot-dot", "../outside.txt", 404, "Not Found"},
		{"dot file", ".env", 404, "Not Found"},
		{"symlink out", "link-out", 404, "Not Found"},
		{"NUL", "style.css\x00", 400, "Bad Request"},
		{"not decoded", "a%20b.txt", 404, "Not Found"},
		{"space", "a b.txt", 200, "spaced"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			spa := iron.HandlerFunc(func(req *iron.Request) (*iron.Response, error) {
				return d.ServeFile(req, tc.file)
			})
			got := respond(t, spa, request("GET", "/any/route"))
			assert.Equal(t, tc.status, got.status)
			assert.Equal(t, tc.body, got.body)
		})
	}
	_, err := d.ServeFile(request("POST", "/"), "style.css")
	assert.True(t, errors.Is(err, static.ErrMethodNotAllowed))
	assert.True(t, errors.Is(err, iron.ErrMethodNotAllowed), "the core sentinel")
}

// TestConcurrentUse serves one Dir, and one FS, from several goroutines at
// once, as a server's workers do; the race detector watches.
func TestConcurrentUse(t *testing.T) {
	want := map[string]string{"/style.css": "GZIP-BYTES", "/docs/": "<h1>docs</h1>", "/": "<h1>home</h1>", "/nope": "Not Found"}
	for _, h := range []struct {
		name    string
		handler iron.Handler
	}{{"Dir", newDir(t)}, {"FS", newFS(t, embeddedFS(t))}} {
		t.Run(h.name, func(t *testing.T) {
			var wg sync.WaitGroup
			for range 8 {
				wg.Go(func() {
					for range 25 {
						for target, body := range want {
							res := irontest.Do(h.handler, request("GET", target, "Accept-Encoding: gzip"))
							var buf strings.Builder
							_, err := res.Body().WriteTo(&buf)
							assert.NoError(t, err)
							assert.NoError(t, res.Body().Close())
							assert.Equal(t, body, buf.String(), target)
						}
					}
				})
			}
			wg.Wait()
		})
	}
}
