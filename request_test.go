package iron_test

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/iron-go/iron"
)

func TestRequestViews(t *testing.T) {
	for _, tc := range []struct {
		name                          string
		target                        string
		wantPath, wantEscaped, wantRQ string
		wantURL                       string
		wantHost, wantScheme          string
	}{
		{"origin form", "/a/b?x=1&y=2", "/a/b", "/a/b", "x=1&y=2", "http://example.com/a/b?x=1&y=2", "example.com", "http"},
		{"encoded slash stays encoded", "/files/a%2Fb", "/files/a/b", "/files/a%2Fb", "", "http://example.com/files/a%2Fb", "example.com", "http"},
		{"encoded space", "/a%20b", "/a b", "/a%20b", "", "http://example.com/a%20b", "example.com", "http"},
		{"malformed escape kept", "/a%zz", "/a%zz", "/a%zz", "", "", "example.com", "http"},
		{"absolute form", "https://api.test:8443/v1?k=v", "/v1", "/v1", "k=v", "https://api.test:8443/v1?k=v", "api.test:8443", "https"},
		{"absolute form without path", "http://h.test", "/", "/", "", "http://h.test/", "h.test", "http"},
		{"asterisk", "*", "*", "*", "", "", "example.com", "http"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req := iron.NewRequest("GET", tc.target, nil)
			assert.Equal(t, tc.wantPath, req.Path())
			assert.Equal(t, tc.wantEscaped, req.EscapedPath())
			assert.Equal(t, tc.wantRQ, req.RawQuery())
			assert.Equal(t, tc.target, req.RequestURI())
			assert.Equal(t, tc.wantHost, req.Host())
			assert.Equal(t, tc.wantScheme, req.Scheme())
			if tc.wantURL != "" {
				assert.Equal(t, tc.wantURL, req.URL().String())
			}
		})
	}
}

func TestQuery(t *testing.T) {
	req := iron.NewRequest("GET", "/?tag=a&tag=b&empty=&x=%20y", nil)
	assert.Equal(t, url.Values{"tag": {"a", "b"}, "empty": {""}, "x": {" y"}}, req.Query())

	none := iron.NewRequest("GET", "/", nil)
	require.NotNil(t, none.Query(), "an absent query is an empty map, not nil")
	assert.Empty(t, none.Query())
}

func TestHeaders(t *testing.T) {
	req := requestFor(&iron.Incoming{
		Method: "GET", Target: "/", Proto: "HTTP/1.1", Host: "h",
		Header: []iron.HeaderField{{"accept", "text/html"}, {"X-Multi", "1"}, {"x-multi", "2"}},
	})
	assert.Equal(t, "text/html", req.HeaderValue("Accept"), "names compare case-insensitively")
	assert.Equal(t, "1", req.HeaderValue("x-multi"), "the first value")
	assert.Equal(t, "", req.HeaderValue("Missing"))
	assert.Equal(t, []string{"1", "2"}, req.HeaderValues("X-MULTI"), "every line, in order")
	assert.Nil(t, req.HeaderValues("Missing"))

	h := req.Header()
	assert.Equal(t, []string{"1", "2"}, h["X-Multi"], "names are canonical, values kept in order")
	h.Set("Accept", "application/json")
	assert.Equal(t, "application/json", req.HeaderValue("accept"), "the header map is the request's headers once built")
	h.Add("X-Multi", "3")
	assert.Equal(t, []string{"1", "2", "3"}, req.HeaderValues("x-multi"))
}

func TestSetPathKeepsRequestURI(t *testing.T) {
	req := iron.NewRequest("GET", "/static/css/site.css?v=2", nil)
	_ = req.URL()
	req.SetPath("/css/site.css")
	assert.Equal(t, "/css/site.css", req.Path())
	assert.Equal(t, "/css/site.css", req.URL().Path, "the cached URL follows the new path")
	assert.Equal(t, "/static/css/site.css?v=2", req.RequestURI())
	assert.Equal(t, "v=2", req.RawQuery())
}

func TestBody(t *testing.T) {
	req := iron.NewRequest("POST", "/", strings.NewReader("payload"))
	assert.Equal(t, int64(7), req.ContentLength())
	assert.Equal(t, "7", req.HeaderValue("Content-Length"))
	b, err := io.ReadAll(req.Body())
	require.NoError(t, err)
	assert.Equal(t, "payload", string(b))

	streamed := iron.NewRequest("POST", "/", io.MultiReader(strings.NewReader("a")))
	assert.Equal(t, int64(-1), streamed.ContentLength())
	assert.Equal(t, "chunked", streamed.HeaderValue("Transfer-Encoding"))

	empty := iron.NewRequest("GET", "/", nil)
	b, err = io.ReadAll(empty.Body())
	require.NoError(t, err)
	assert.Empty(t, b, "no body reads as empty")

	empty.SetBody(strings.NewReader("replaced"))
	b, _ = io.ReadAll(empty.Body())
	assert.Equal(t, "replaced", string(b))
}

func TestContext(t *testing.T) {
	req := iron.NewRequest("GET", "/", nil)
	assert.NotNil(t, req.Context())
	ctx, cancel := context.WithCancel(context.Background())
	req.SetContext(ctx)
	cancel()
	assert.ErrorIs(t, req.Context().Err(), context.Canceled)
	var none context.Context
	assert.Panics(t, func() { req.SetContext(none) })

	made := 0
	lazy := requestFor(&iron.Incoming{Method: "GET", Target: "/", NewContext: func() context.Context {
		made++
		return context.Background()
	}})
	assert.Zero(t, made, "the context is made only when asked for")
	lazy.Context()
	lazy.Context()
	assert.Equal(t, 1, made)
}

func TestRequestAddrsAndTLS(t *testing.T) {
	req := iron.NewRequest("GET", "https://secure.test/", nil)
	assert.Equal(t, "192.0.2.1:1234", req.RemoteAddr().String())
	assert.NotNil(t, req.LocalAddr())
	require.NotNil(t, req.TLS())
	assert.Equal(t, "HTTP/1.1", req.Proto())
	assert.Equal(t, "GET", req.Method())
	assert.Nil(t, iron.NewRequest("GET", "/", nil).TLS())
}

func TestNewRequestRejectsBadInput(t *testing.T) {
	assert.Panics(t, func() { iron.NewRequest("", "/", nil) })
	assert.Panics(t, func() { iron.NewRequest("GET", "relative", nil) })
}

func TestOriginalPath(t *testing.T) {
	for target, want := range map[string]string{
		"/api/v1/users?x=1":    "/api/v1/users",
		"http://h.test/a%2Fb?": "/a%2Fb",
		"https://h.test":       "/",
		"*":                    "*",
	} {
		req := iron.NewRequest("GET", target, nil)
		req.SetPath("/users")
		assert.Equal(t, want, req.OriginalPath(), target)
	}
}

func TestTrailer(t *testing.T) {
	assert.Nil(t, iron.NewRequest("GET", "/", nil).Trailer())
	req := requestFor(&iron.Incoming{Method: "POST", Target: "/", Trailer: func() http.Header {
		return http.Header{"Checksum": {"abc"}}
	}})
	assert.Equal(t, "abc", req.Trailer().Get("Checksum"))
}

type ctxKey struct{}

func TestPeekContextMakesNone(t *testing.T) {
	made := 0
	req := requestFor(&iron.Incoming{Method: "GET", Target: "/", NewContext: func() context.Context {
		made++
		return context.WithValue(context.Background(), ctxKey{}, "made")
	}})
	assert.Equal(t, context.Background(), req.PeekContext())
	assert.Zero(t, made)
	ctx := req.Context()
	assert.Equal(t, ctx, req.PeekContext(), "once made, it is the request's context")
	set := context.WithValue(context.Background(), ctxKey{}, "set")
	req.SetContext(set)
	assert.Equal(t, set, req.PeekContext())
}
