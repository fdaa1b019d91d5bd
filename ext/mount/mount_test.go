package mount_test

import (
	"errors"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/chain"
	"github.com/iron-go/iron/ext/mount"
	"github.com/iron-go/iron/irontest"
)

// seen is what a mounted handler saw of its request.
type seen struct {
	name, path, prefix, original string
}

var seenKey = iron.NewKey[seen]("mount_test.seen")

// recorder is a handler that stores what it saw in the request and answers
// with its name.
func recorder(name string) iron.Handler {
	return iron.HandlerFunc(func(req *iron.Request) (*iron.Response, error) {
		iron.Set(req, seenKey, seen{
			name:     name,
			path:     req.EscapedPath(),
			prefix:   mount.Prefix(req),
			original: mount.OriginalURL(req).String(),
		})
		return iron.With(http.StatusOK, name), nil
	})
}

func TestMountRoutesLongestPrefixOnSegments(t *testing.T) {
	m := mount.New().
		Mount("/api/v1", recorder("v1")). // mounted before its parent on purpose
		Mount("/", recorder("root")).
		Mount("/static/", recorder("static")).
		Mount("/api", recorder("api")).
		Mount("/a%20b", recorder("spaced")).
		Mount("/x/y", recorder("xy"))

	for _, tc := range []struct {
		name, target string
		want         seen
	}{
		{"root", "/", seen{"root", "/", "", "http://example.com/"}},
		{"file at root", "/index.html", seen{"root", "/index.html", "", "http://example.com/index.html"}},
		{"prefix without slash", "/static", seen{"static", "", "/static", "http://example.com/static"}},
		{"prefix with slash", "/static/", seen{"static", "/", "/static", "http://example.com/static/"}},
		{"under prefix", "/static/css/site.css", seen{"static", "/css/site.css", "/static", "http://example.com/static/css/site.css"}},
		{"not a segment boundary", "/statics/x", seen{"root", "/statics/x", "", "http://example.com/statics/x"}},
		{"longest wins", "/api/v1/users?page=2", seen{"v1", "/users", "/api/v1", "http://example.com/api/v1/users?page=2"}},
		{"shorter when longer misses", "/api/v2/users", seen{"api", "/v2/users", "/api", "http://example.com/api/v2/users"}},
		{"encoded letter matches", "/st%61tic/x", seen{"static", "/x", "/st%61tic", "http://example.com/st%61tic/x"}},
		{"encoded slash stays in segment", "/static%2Fx", seen{"root", "/static%2Fx", "", "http://example.com/static%2Fx"}},
		{"encoded prefix", "/a%20b/c", seen{"spaced", "/c", "/a%20b", "http://example.com/a%20b/c"}},
		{"absolute-form target", "http://example.com/static/x?q=1", seen{"static", "/x", "/static", "http://example.com/static/x?q=1"}},
		{"empty segment kept for child", "/static//x", seen{"static", "//x", "/static", "http://example.com/static//x"}},
		{"two-segment prefix", "/x/y/z", seen{"xy", "/z", "/x/y", "http://example.com/x/y/z"}},
		{"partial two-segment prefix", "/x/z", seen{"root", "/x/z", "", "http://example.com/x/z"}},
		{"malformed escape", "/%zz/static", seen{"root", "/%zz/static", "", "http://example.com/%25zz/static"}},
		{"https keeps scheme", "https://example.org/api/v1/", seen{"v1", "/", "/api/v1", "https://example.org/api/v1/"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req := iron.NewRequest(http.MethodGet, tc.target, nil)
			before := req.EscapedPath()
			res, err := m.Handle(req)
			require.NoError(t, err)
			body, _ := res.Body().Text()
			assert.Equal(t, tc.want.name, body)
			got, ok := iron.Get(req, seenKey)
			require.True(t, ok, "no handler ran")
			assert.Equal(t, tc.want, got)
			assert.Equal(t, before, req.EscapedPath(), "path not restored")
		})
	}
}

func TestMountNoMatchIs404(t *testing.T) {
	m := mount.New().Mount("/static", recorder("static"))
	for _, target := range []string{"/", "/statics", "/other/static", "*"} {
		t.Run(target, func(t *testing.T) {
			res, err := m.Handle(iron.NewRequest(http.MethodGet, target, nil))
			assert.Nil(t, res)
			require.Error(t, err)
			assert.ErrorIs(t, err, mount.ErrNoMatch)
			assert.ErrorIs(t, err, iron.ErrNotFound, "the core sentinel, for catchers of every 404")
			var ie *iron.Error
			require.ErrorAs(t, err, &ie)
			assert.Equal(t, http.StatusNotFound, ie.Response.StatusCode())
		})
	}
}

func TestNestedMountsCompose(t *testing.T) {
	var inner string
	v1 := mount.New().Mount("/v1", recorder("v1"))
	api := mount.New().Mount("/", recorder("api-root")).Mount("/v1/", iron.HandlerFunc(
		func(req *iron.Request) (*iron.Response, error) {
			inner = req.EscapedPath()
			return v1.Handle(req)
		}))
	outer := mount.New().Mount("/api", api)

	for _, tc := range []struct {
		name, target string
		want         seen
		inner        string
	}{
		{"three levels", "/api/v1/v1/users", seen{"v1", "/users", "/api/v1/v1", "http://example.com/api/v1/v1/users"}, "/v1/users"},
		{"two levels", "/api/other", seen{"api-root", "/other", "/api", "http://example.com/api/other"}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			inner = ""
			req := iron.NewRequest(http.MethodGet, tc.target, nil)
			_, err := outer.Handle(req)
			require.NoError(t, err)
			got, _ := iron.Get(req, seenKey)
			assert.Equal(t, tc.want, got)
			assert.Equal(t, tc.inner, inner)
			assert.Equal(t, tc.target, req.EscapedPath())
		})
	}
}

func TestMountPanicsOnProgrammerErrors(t *testing.T) {
	h := recorder("h")
	for _, tc := range []struct {
		name  string
		mount func()
		want  string
	}{
		{"relative prefix", func() { mount.New().Mount("static", h) }, `mount: Mount("static"): prefix must start with /`},
		{"duplicate", func() { mount.New().Mount("/static", h).Mount("/static/", h) }, `mount: Mount("/static/"): prefix already mounted as "/static"`},
		{"duplicate root", func() { mount.New().Mount("/", h).Mount("/", h) }, `mount: Mount("/"): prefix already mounted as "/"`},
		{"nil handler", func() { mount.New().Mount("/", nil) }, `mount: Mount("/"): nil handler`},
		{"empty segment", func() { mount.New().Mount("/a//b", h) }, `mount: Mount("/a//b"): empty segment`},
		{"dot-dot segment", func() { mount.New().Mount("/a/../b", h) }, `mount: Mount("/a/../b"): dot segment ".."`},
		{"bad escape", func() { mount.New().Mount("/%zz", h) }, `mount: Mount("/%zz"): segment "%zz": invalid URL escape "%zz"`},
		{"after first request", func() {
			m := mount.New().Mount("/", h)
			_, _ = m.Handle(iron.NewRequest(http.MethodGet, "/", nil))
			m.Mount("/late", h)
		}, `mount: Mount("/late") after the first request`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.PanicsWithValue(t, tc.want, tc.mount)
		})
	}
}

func TestMountRestoresPathAfterPanic(t *testing.T) {
	m := mount.New().Mount("/boom", iron.HandlerFunc(func(*iron.Request) (*iron.Response, error) {
		panic("boom")
	}))
	req := iron.NewRequest(http.MethodGet, "/boom/x", nil)
	require.Panics(t, func() { _, _ = m.Handle(req) })
	assert.Equal(t, "/boom/x", req.EscapedPath())
}

func TestMountInChain(t *testing.T) {
	var afterPath string
	c := chain.New(mount.New().Mount("/static", recorder("static")))
	c.LinkAfter(notFoundPage{path: &afterPath})

	for _, tc := range []struct {
		name, target, body string
		status             int
	}{
		{"mounted", "/static/app.js", "static", http.StatusOK},
		{"caught no match", "/elsewhere", "no page at /elsewhere", http.StatusNotFound},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req := iron.NewRequest(http.MethodGet, tc.target, nil)
			res := irontest.Do(c, req)
			assert.Equal(t, tc.status, res.StatusCode())
			body, _ := res.Body().Text()
			assert.Equal(t, tc.body, body)
			assert.Equal(t, tc.target, afterPath, "after middleware must see the original path")
		})
	}
}

// notFoundPage records the path after middleware sees and turns a mount's
// no-match error into a page of its own.
type notFoundPage struct{ path *string }

func (p notFoundPage) After(req *iron.Request, res *iron.Response) (*iron.Response, error) {
	*p.path = req.EscapedPath()
	return res, nil
}

func (p notFoundPage) CatchAfter(req *iron.Request, err error) (*iron.Response, error) {
	*p.path = req.EscapedPath()
	if errors.Is(err, mount.ErrNoMatch) {
		return iron.With(http.StatusNotFound, "no page at "+req.EscapedPath()), nil
	}
	return nil, err
}

func TestMountAllocatesNothing(t *testing.T) {
	ok := iron.With(http.StatusOK, "ok")
	h := iron.HandlerFunc(func(*iron.Request) (*iron.Response, error) { return ok, nil })
	m := mount.New().Mount("/", h).Mount("/static", h).Mount("/api/v1", h)
	for _, target := range []string{"/", "/static/css/site.css", "/api/v1/users/7", "/api/v2"} {
		req := iron.NewRequest(http.MethodGet, target, nil)
		allocs := testing.AllocsPerRun(100, func() {
			_, _ = m.Handle(req)
			_ = mount.Prefix(req)
		})
		assert.Zero(t, allocs, target)
	}
}

func BenchmarkMount(b *testing.B) {
	ok := iron.With(http.StatusOK, "ok")
	h := iron.HandlerFunc(func(*iron.Request) (*iron.Response, error) { return ok, nil })
	m := mount.New().Mount("/", h).Mount("/static", h).Mount("/api/v1", h)
	req := iron.NewRequest(http.MethodGet, "/api/v1/users/7", nil)
	b.ReportAllocs()
	for b.Loop() {
		_, _ = m.Handle(req)
	}
}

// Prefix reads what was stripped from the path a handler sees, whoever
// stripped it.
func TestPrefix(t *testing.T) {
	const unchanged = "(unchanged)"
	for _, tc := range []struct {
		name, target, seen, want string
	}{
		{"no mount", "/users/7", unchanged, ""},
		{"a suffix left", "/api/users/7", "/users/7", "/api"},
		{"the prefix itself, empty", "/api", "", "/api"},
		{"the prefix itself, as /", "/api", "/", "/api"},
		{"the prefix with its slash", "/api/", "/", "/api"},
		{"over TLS, query sent", "https://example.com/v1/api/x?page=2", "/x", "/v1/api"},
		{"a rewrite, not a mount", "/api/users", "/people", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req := iron.NewRequest(http.MethodGet, tc.target, nil)
			if tc.seen != unchanged {
				req.SetPath(tc.seen)
			}
			assert.Equal(t, tc.want, mount.Prefix(req))
		})
	}
}

// leaf is a handler that serves one resource, as static.File does.
type leaf struct{ iron.Handler }

func (leaf) Leaf() bool { return true }

// A handler for one path (a favicon, robots.txt) answers that path only,
// not the paths below it: "/favicon.ico/x" is no favicon, it goes to the
// next shorter prefix, or is a 404.
func TestSingleResourceMount(t *testing.T) {
	withRoot := mount.New().
		Mount("/", recorder("root")).
		Mount("/favicon.ico", leaf{recorder("favicon")}).
		Exact("/robots.txt", recorder("robots")).
		Exact("/a/b", recorder("ab")).
		Mount("/a/b/c", recorder("abc")).
		Mount("/a", recorder("a"))
	alone := mount.New().
		Mount("/favicon.ico", leaf{recorder("favicon")}).
		Exact("/robots.txt", recorder("robots"))
	for _, tc := range []struct {
		name, target string
		want         seen
		aloneStatus  int // what the mount without "/" answers
	}{
		{"the file", "/favicon.ico", seen{"favicon", "", "/favicon.ico", "http://example.com/favicon.ico"}, 200},
		{"encoded, the same path", "/favicon%2Eico", seen{"favicon", "", "/favicon%2Eico", "http://example.com/favicon%2Eico"}, 200},
		{"with a query", "/favicon.ico?v=2", seen{"favicon", "", "/favicon.ico", "http://example.com/favicon.ico?v=2"}, 200},
		{"below the file", "/favicon.ico/x", seen{"root", "/favicon.ico/x", "", "http://example.com/favicon.ico/x"}, 404},
		{"its trailing slash", "/favicon.ico/", seen{"root", "/favicon.ico/", "", "http://example.com/favicon.ico/"}, 404},
		{"Exact", "/robots.txt", seen{"robots", "", "/robots.txt", "http://example.com/robots.txt"}, 200},
		{"below Exact", "/robots.txt/x", seen{"root", "/robots.txt/x", "", "http://example.com/robots.txt/x"}, 404},
		{"Exact in a longer prefix", "/a/b", seen{"ab", "", "/a/b", "http://example.com/a/b"}, 404},
		{"below Exact, a shorter prefix", "/a/b/x", seen{"a", "/b/x", "/a", "http://example.com/a/b/x"}, 404},
		{"below Exact, a longer prefix", "/a/b/c/d", seen{"abc", "/d", "/a/b/c", "http://example.com/a/b/c/d"}, 404},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req := iron.NewRequest(http.MethodGet, tc.target, nil)
			res, err := withRoot.Handle(req)
			require.NoError(t, err)
			assert.Equal(t, http.StatusOK, res.StatusCode())
			got, ok := iron.Get(req, seenKey)
			require.True(t, ok, "no handler ran")
			assert.Equal(t, tc.want, got)

			res = irontest.Do(alone, iron.NewRequest(http.MethodGet, tc.target, nil))
			assert.Equal(t, tc.aloneStatus, res.StatusCode())
		})
	}
}

func TestExactRoot(t *testing.T) {
	m := mount.New().Exact("/", recorder("home")).Mount("/static", recorder("static"))
	inner := mount.New().Exact("/", recorder("api root"))
	outer := mount.New().Mount("/api", inner)
	for _, tc := range []struct {
		name   string
		h      iron.Handler
		target string
		status int
		body   string
	}{
		{"the root", m, "/", 200, "home"},
		{"not below it", m, "/about", 404, "Not Found"},
		{"a longer prefix", m, "/static/x", 200, "static"},
		{"OPTIONS *", m, "*", 404, "Not Found"},
		{"under a mount, its prefix", outer, "/api", 200, "api root"},
		{"under a mount, its prefix and slash", outer, "/api/", 200, "api root"},
		{"under a mount, below", outer, "/api/x", 404, "Not Found"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := irontest.Do(tc.h, iron.NewRequest(http.MethodGet, tc.target, nil))
			assert.Equal(t, tc.status, res.StatusCode())
			body, _ := res.Body().Text()
			assert.Equal(t, tc.body, body)
		})
	}
}

func TestExactPanics(t *testing.T) {
	h := recorder("h")
	for _, tc := range []struct {
		name  string
		mount func()
		want  string
	}{
		{"relative", func() { mount.New().Exact("robots.txt", h) }, `mount: Exact("robots.txt"): prefix must start with /`},
		{"taken", func() { mount.New().Mount("/robots.txt", h).Exact("/robots.txt", h) }, `mount: Exact("/robots.txt"): prefix already mounted as "/robots.txt"`},
		{"nil", func() { mount.New().Exact("/robots.txt", nil) }, `mount: Exact("/robots.txt"): nil handler`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.PanicsWithValue(t, tc.want, tc.mount)
		})
	}
}
