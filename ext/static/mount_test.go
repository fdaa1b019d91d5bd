package static_test

import (
	"errors"
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/chain"
	"github.com/iron-go/iron/ext/mount"
	"github.com/iron-go/iron/ext/static"
)

// notFoundPage answers the errors of package static that mean "no such
// page" with a page of its own.
type notFoundPage struct{}

func (notFoundPage) After(_ *iron.Request, res *iron.Response) (*iron.Response, error) {
	return res, nil
}

func (notFoundPage) CatchAfter(req *iron.Request, err error) (*iron.Response, error) {
	if errors.Is(err, static.ErrNotFound) {
		return iron.With(http.StatusNotFound, iron.TextHTML, "<h1>nothing at "+req.OriginalPath()+"</h1>"), nil
	}
	return nil, err
}

func TestDirUnderMount(t *testing.T) {
	d := newDir(t)
	site := iron.HandlerFunc(func(*iron.Request) (*iron.Response, error) {
		return iron.With(http.StatusOK, "site"), nil
	})
	app := chain.New(mount.New().
		Mount("/", site).
		Mount("/static/", d).
		Mount("/api/v1/assets", d))
	app.LinkAfter(notFoundPage{})

	for _, tc := range []struct {
		name, target string
		status       int
		body         string
		location     string // resolved against the target, as a browser does
	}{
		{"file", "/static/style.css", 200, "body{}", ""},
		{"index", "/static/", 200, "<h1>home</h1>", ""},
		{"mount root without slash", "/static", 301, "", "http://example.com/static/"},
		{"mount root with query", "/static?v=2", 301, "", "http://example.com/static/?v=2"},
		{"subdirectory", "/static/docs", 301, "", "http://example.com/static/docs/"},
		{"deep mount root", "/api/v1/assets", 301, "", "http://example.com/api/v1/assets/"},
		{"deep mount file", "/api/v1/assets/docs/", 200, "<h1>docs</h1>", ""},
		{"encoded mount prefix", "/st%61tic", 301, "", "http://example.com/st%61tic/"},
		{"dot-dot under the mount", "/static/../static/.env", 404, "<h1>nothing at /static/../static/.env</h1>", ""},
		{"encoded dot-dot under the mount", "/static/%2e%2e/outside.txt", 404, "<h1>nothing at /static/%2e%2e/outside.txt</h1>", ""},
		{"missing file gets the custom page", "/static/nope.css", 404, "<h1>nothing at /static/nope.css</h1>", ""},
		{"bad path passes through", "/static/%00", 400, "Bad Request", ""},
		{"outside the mount", "/styles.css", 200, "site", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := respond(t, app, request("GET", tc.target))
			assert.Equal(t, tc.status, got.status)
			assert.Equal(t, tc.body, got.body)
			if tc.location != "" {
				loc, err := url.Parse(got.header.Get("Location"))
				require.NoError(t, err)
				base, err := url.Parse("http://example.com" + tc.target)
				require.NoError(t, err)
				assert.Equal(t, tc.location, base.ResolveReference(loc).String())
			}
		})
	}
}

// A File mounted at its own path answers that path only: "/favicon.ico/x"
// is not the favicon, whatever handler has the shorter prefix.
func TestFileUnderMount(t *testing.T) {
	f, err := static.NewFile(fixture(t) + "/style.css")
	require.NoError(t, err)
	defer f.Close()
	site := iron.HandlerFunc(func(*iron.Request) (*iron.Response, error) {
		return iron.With(http.StatusOK, "site"), nil
	})
	withSite := mount.New().Mount("/", site).Mount("/favicon.ico", f)
	alone := mount.New().Mount("/favicon.ico", f)
	for _, tc := range []struct {
		name, target string
		h            iron.Handler
		status       int
		body         string
	}{
		{"the file", "/favicon.ico", alone, 200, "body{}"},
		{"below the file", "/favicon.ico/x", alone, 404, "Not Found"},
		{"its trailing slash", "/favicon.ico/", alone, 404, "Not Found"},
		{"below the file, a site at /", "/favicon.ico/x", withSite, 200, "site"},
		{"the file, a site at /", "/favicon.ico", withSite, 200, "body{}"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := respond(t, tc.h, request("GET", tc.target))
			assert.Equal(t, tc.status, got.status)
			assert.Equal(t, tc.body, got.body)
		})
	}
}
