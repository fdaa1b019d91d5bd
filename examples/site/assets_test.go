package main

import (
	"compress/gzip"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// GET /static/...: the embedded files (ext/static's NewFS), with a content
// type, an ETag, a cache policy and ranges, compressed for clients that
// accept it.
func testStatic(t *testing.T, s *instance) {
	c := newClient(t, s.base)
	home := c.get("/")
	for _, tc := range []struct{ file, contentType string }{
		{"site.css", "text/css; charset=utf-8"},
		{"app.js", "text/javascript; charset=utf-8"},
	} {
		t.Run(tc.file, func(t *testing.T) {
			want, err := staticFiles.ReadFile("static/" + tc.file)
			require.NoError(t, err)
			m := regexp.MustCompile(`"(/static/` + regexp.QuoteMeta(tc.file) + `\?v=[0-9a-f]{12})"`).FindStringSubmatch(home.body)
			require.NotNil(t, m, "the page links the file with its version")
			versioned := m[1]

			// The page's link: cached for a year, compressed.
			a := c.get(versioned, "Accept-Encoding", "gzip")
			require.Equal(t, http.StatusOK, a.StatusCode)
			assert.Equal(t, tc.contentType, a.Header.Get("Content-Type"))
			assert.Equal(t, "public, max-age=31536000, immutable", a.Header.Get("Cache-Control"))
			assert.Equal(t, "gzip", a.Header.Get("Content-Encoding"))
			assert.Contains(t, a.Header.Values("Vary"), "Accept-Encoding")
			etag := a.Header.Get("Etag")
			assert.Regexp(t, `^W/"[0-9a-f]{64}"$`, etag, "weakened by compression")
			zr, err := gzip.NewReader(strings.NewReader(a.body))
			require.NoError(t, err)
			got, err := io.ReadAll(zr)
			require.NoError(t, err)
			assert.Equal(t, string(want), string(got))
			assert.Less(t, len(a.body), len(want), "smaller compressed")

			// Revalidation with the tag the browser kept: 304, no body.
			a = c.get(versioned, "Accept-Encoding", "gzip", "If-None-Match", etag)
			assert.Equal(t, http.StatusNotModified, a.StatusCode)
			assert.Empty(t, a.body)

			// Without the version (or with another release's), the file may
			// be kept but must be revalidated.
			for _, path := range []string{"/static/" + tc.file, "/static/" + tc.file + "?v=000000000000"} {
				a = c.get(path, "Accept-Encoding", "identity")
				require.Equal(t, http.StatusOK, a.StatusCode, path)
				assert.Equal(t, "no-cache", a.Header.Get("Cache-Control"), path)
				assert.Regexp(t, `^"[0-9a-f]{64}"$`, a.Header.Get("Etag"), "strong when sent as is")
				assert.Equal(t, string(want), a.body)
			}
			a = c.do(http.MethodHead, versioned, nil)
			assert.Equal(t, http.StatusOK, a.StatusCode)
			assert.Empty(t, a.body)

			// A range of the file as it is (a resumed download).
			a = c.get(versioned, "Accept-Encoding", "identity", "Range", "bytes=0-9")
			require.Equal(t, http.StatusPartialContent, a.StatusCode)
			assert.Equal(t, string(want[:10]), a.body)
		})
	}
	icon := c.get("/static/favicon.svg", "Accept-Encoding", "identity")
	assert.Equal(t, http.StatusOK, icon.StatusCode)
	assert.Equal(t, "image/svg+xml", icon.Header.Get("Content-Type"))
	assert.Equal(t, http.StatusNotFound, c.get("/static/nope.js").StatusCode)
	assert.Equal(t, http.StatusNotFound, c.get("/static/../main.go").StatusCode)
	assert.Equal(t, http.StatusMethodNotAllowed, c.do(http.MethodPost, "/static/app.js", nil).StatusCode)
}

// A page that names a file the site does not embed fails to render, and
// says which file: asset returns an error, not a broken link.
func TestAssetURLOfAMissingFile(t *testing.T) {
	files, err := newAssets()
	require.NoError(t, err)
	url := assetURL(files)
	u, err := url("app.js")
	require.NoError(t, err)
	assert.Regexp(t, `^/static/app\.js\?v=[0-9a-f]{12}$`, u)
	_, err = url("nope.js")
	assert.ErrorContains(t, err, "static/nope.js")
}
