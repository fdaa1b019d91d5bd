package main

import (
	"bytes"
	"encoding/json"
	"net/http"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/iron-go/iron"
)

func TestApp(t *testing.T) {
	app, err := newApp(filepath.Join("..", "static", "public"))
	require.NoError(t, err)
	for _, tc := range []struct {
		target      string
		status      int
		contentType string
		location    string
		json        map[string]string
	}{
		{"/", 200, "text/html; charset=utf-8", "", nil},
		{"/static", 301, "", "./static/", nil},
		{"/static/css/site.css", 200, "text/css; charset=utf-8", "", nil},
		{"/favicon.ico", 200, "image/svg+xml", "", nil},
		{"/favicon.ico/x", 404, "text/plain; charset=utf-8", "", nil},
		{"/robots.txt", 200, "text/plain; charset=utf-8", "", nil},
		{"/robots.txt/x", 404, "text/plain; charset=utf-8", "", nil},
		{"/nope", 404, "text/plain; charset=utf-8", "", nil},
		{"/api/v1/users/7?x=1", 200, "application/json", "", map[string]string{
			"version": "v1", "path": "/users/7", "prefix": "/api/v1", "original": "http://example.com/api/v1/users/7?x=1"}},
		{"/api/v2/", 200, "application/json", "", map[string]string{
			"version": "v2", "path": "/", "prefix": "/api/v2", "original": "http://example.com/api/v2/"}},
		{"/api/v3/users", 404, "application/json", "", map[string]string{"error": "no API version at /api/v3/users"}},
	} {
		t.Run(tc.target, func(t *testing.T) {
			res := respond(app, iron.NewRequest(http.MethodGet, tc.target, nil))
			var buf bytes.Buffer
			_, err := res.Body().WriteTo(&buf)
			require.NoError(t, err)
			require.NoError(t, res.Body().Close())
			assert.Equal(t, tc.status, res.StatusCode())
			assert.Equal(t, tc.contentType, res.ContentType())
			assert.Equal(t, tc.location, res.Header.Get("Location"))
			if tc.json != nil {
				var got map[string]string
				require.NoError(t, json.Unmarshal(buf.Bytes(), &got))
				assert.Equal(t, tc.json, got)
			}
		})
	}
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
