package main

import (
	"bytes"
	"net/http"
	"net/url"
	"regexp"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/iron-go/iron"
)

type answer struct {
	status      int
	contentType string
	body        string
}

func get(t *testing.T, h iron.Handler, target string, headers ...string) answer {
	t.Helper()
	req := iron.NewRequest(http.MethodGet, target, nil)
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header().Set(headers[i], headers[i+1])
	}
	res := respond(h, req)
	var buf bytes.Buffer
	_, err := res.Body().WriteTo(&buf)
	require.NoError(t, err)
	require.NoError(t, res.Body().Close())
	return answer{res.StatusCode(), res.ContentType(), buf.String()}
}

func TestSite(t *testing.T) {
	site, err := newSite("public", time.Minute)
	require.NoError(t, err)
	for _, tc := range []struct {
		target, contentType string
		status              int
	}{
		{"/", "text/html; charset=utf-8", 200},
		{"/docs/", "text/html; charset=utf-8", 200},
		{"/docs", "", 301},
		{"/css/site.css", "text/css; charset=utf-8", 200},
		{"/img/logo.svg", "image/svg+xml", 200},
		{"/img/tile.png", "image/png", 200},
		{"/nowhere", "text/html; charset=utf-8", 404},
		{"/../main.go", "text/html; charset=utf-8", 404},
	} {
		t.Run(tc.target, func(t *testing.T) {
			got := get(t, site, tc.target)
			assert.Equal(t, tc.status, got.status)
			assert.Equal(t, tc.contentType, got.contentType)
		})
	}
	assert.Contains(t, get(t, site, "/nowhere").body, "Nothing here", "the site's own 404 page")
}

// TestLinksResolve follows every link of the site's pages, so that the
// example never ships a broken stylesheet or image.
func TestLinksResolve(t *testing.T) {
	site, err := newSite("public", time.Minute)
	require.NoError(t, err)
	link := regexp.MustCompile(`(?:href|src)="([^"]+)"|url\("([^"]+)"\)`)
	for _, page := range []string{"/", "/docs/", "/css/site.css", "/nowhere"} {
		base, err := url.Parse("http://example.com" + page)
		require.NoError(t, err)
		for _, m := range link.FindAllStringSubmatch(get(t, site, page).body, -1) {
			ref, err := url.Parse(m[1] + m[2])
			require.NoError(t, err)
			target := base.ResolveReference(ref).RequestURI()
			got := get(t, site, target)
			if got.status == 301 {
				got = get(t, site, target+"/")
			}
			want := 200
			if target == "/nowhere" {
				want = 404 // the home page's demonstration of the 404 page
			}
			assert.Equal(t, want, got.status, "%s links to %s", page, target)
		}
	}
}

func TestGzipSibling(t *testing.T) {
	site, err := newSite("public", time.Minute)
	require.NoError(t, err)
	plain := get(t, site, "/css/site.css")
	gz := get(t, site, "/css/site.css", "Accept-Encoding", "gzip")
	assert.Less(t, len(gz.body), len(plain.body))
	assert.Equal(t, []byte{0x1f, 0x8b}, []byte(gz.body[:2]), "gzip magic")
}

// respond runs h for req and returns what a server sends for it: the
// response of an error, an empty 404 for no response.
func respond(h iron.Handler, req *iron.Request) *iron.Response {
	res, err := h.Handle(req)
	switch {
	case err != nil:
		return iron.ErrorResponse(err)
	case res == nil:
		return iron.With(http.StatusNotFound)
	}
	return res
}
