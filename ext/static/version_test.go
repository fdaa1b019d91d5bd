package static_test

import (
	"net/http"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/ext/static"
)

const immutable = "public, max-age=31536000, immutable"

// versioner is what Dir, FS and File have in common for Versioned.
type versioner interface {
	iron.Handler
	Version(name string) (string, error)
}

// fileVersion adapts a File, whose Version takes no name.
type fileVersion struct{ *static.File }

func (f fileVersion) Version(string) (string, error) { return f.File.Version() }

// A request naming the file's current version may be kept for a year;
// every other request gets the configured policy and revalidates.
func TestVersioned(t *testing.T) {
	opts := []static.Option{static.Versioned("v"), static.CacheControl("no-cache")}
	root := fixture(t)
	d, err := static.New(root, opts...)
	require.NoError(t, err)
	t.Cleanup(func() { d.Close() })
	f, err := static.NewFile(filepath.Join(root, "style.css"), opts...)
	require.NoError(t, err)
	t.Cleanup(func() { f.Close() })

	for _, srv := range []struct {
		name string
		h    versioner
	}{
		{"FS", newFS(t, embeddedFS(t), opts...)},
		{"FS with modification times", newFS(t, mapFS(true), opts...)},
		{"Dir", d},
		{"File", fileVersion{f}},
	} {
		t.Run(srv.name, func(t *testing.T) {
			v, err := srv.h.Version("style.css")
			require.NoError(t, err)
			require.Regexp(t, `^[0-9a-f]{12}$`, v)
			again, err := srv.h.Version("/style.css")
			require.NoError(t, err)
			assert.Equal(t, v, again, "a leading slash is a request path's")

			for _, tc := range []struct {
				name, target string
				headers      []string
				status       int
				cache        string
			}{
				{"current version", "/style.css?v=" + v, nil, 200, immutable},
				{"current version, among other parameters", "/style.css?a=1&v=" + v, nil, 200, immutable},
				{"current version, precompressed", "/style.css?v=" + v, []string{"Accept-Encoding: gzip"}, 200, immutable},
				{"current version, revalidated", "/style.css?v=" + v, []string{"If-None-Match: *"}, 304, immutable},
				{"another release's version", "/style.css?v=000000000000", nil, 200, "no-cache"},
				{"no version", "/style.css", nil, 200, "no-cache"},
				{"an empty version", "/style.css?v=", nil, 200, "no-cache"},
				{"another parameter", "/style.css?w=" + v, nil, 200, "no-cache"},
				{"current version, precondition failed", "/style.css?v=" + v, []string{`If-Match: "x"`}, 412, ""},
			} {
				t.Run(tc.name, func(t *testing.T) {
					got := respond(t, srv.h, request("GET", tc.target, tc.headers...))
					assert.Equal(t, tc.status, got.status)
					assert.Equal(t, tc.cache, got.header.Get("Cache-Control"))
				})
			}
		})
	}
}

// A version follows the file: a deploy that rewrites it changes it.
func TestVersionChangesWithTheFile(t *testing.T) {
	root := fixture(t)
	d, err := static.New(root)
	require.NoError(t, err)
	defer d.Close()
	before, err := d.Version("style.css")
	require.NoError(t, err)
	require.NoError(t, writeFile(filepath.Join(root, "style.css"), "body{color:red}"))
	after, err := d.Version("style.css")
	require.NoError(t, err)
	assert.NotEqual(t, before, after)

	// In a file system that never changes, the same content has the same
	// version on every instance, and other content another.
	a, err := newFS(t, embeddedFS(t)).Version("style.css")
	require.NoError(t, err)
	b, err := newFS(t, mapFS(false)).Version("style.css") // "body{}" too
	require.NoError(t, err)
	assert.Equal(t, a, b)
	c, err := newFS(t, embeddedFS(t)).Version("app.js")
	require.NoError(t, err)
	assert.NotEqual(t, a, c)
}

func TestVersionOfWhatIsNotAFile(t *testing.T) {
	s := newFS(t, embeddedFS(t))
	d := newDir(t)
	for _, tc := range []struct {
		name, file string
		status     int
	}{
		{"missing", "nope.css", http.StatusNotFound},
		{"a directory", "docs", http.StatusNotFound},
		{"a dot file", ".env", http.StatusNotFound},
		{"dot-dot", "../outside.txt", http.StatusNotFound},
		{"NUL", "style.css\x00", http.StatusBadRequest},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, h := range []versioner{s, d} {
				v, err := h.Version(tc.file)
				assert.Empty(t, v)
				require.Error(t, err)
				assert.Equal(t, tc.status, iron.ErrorResponse(err).StatusCode())
			}
		})
	}
	_, err := d.Version("fifo")
	assert.ErrorIs(t, err, static.ErrNotFound, "not a regular file")
}
