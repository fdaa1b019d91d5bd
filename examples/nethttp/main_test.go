package main

import (
	"io"
	"net/http/httptest"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/iron-go/iron/httpadapter"
)

func TestApp(t *testing.T) {
	srv := httptest.NewServer(httpadapter.Handler(newApp()))
	defer srv.Close()
	client := srv.Client()
	defer client.CloseIdleConnections()
	for _, tc := range []struct {
		target      string
		status      int
		contentType string
		contains    string
	}{
		{"/?name=Gopher", 200, "text/plain; charset=utf-8", "Hello, Gopher!"},
		{"/nope", 404, "text/plain; charset=utf-8", "no page at /nope"},
		{"/debug/pprof/", 200, "text/html; charset=utf-8", "goroutine"},
		{"/debug/pprof/goroutine?debug=1", 200, "text/plain; charset=utf-8", "goroutine profile:"},
		{"/debug/pprof/cmdline", 200, "text/plain; charset=utf-8", os.Args[0]},
	} {
		t.Run(tc.target, func(t *testing.T) {
			res, err := client.Get(srv.URL + tc.target)
			require.NoError(t, err)
			defer res.Body.Close()
			body, err := io.ReadAll(res.Body)
			require.NoError(t, err)
			assert.Equal(t, tc.status, res.StatusCode)
			assert.Equal(t, tc.contentType, res.Header.Get("Content-Type"))
			assert.Contains(t, string(body), tc.contains)
		})
	}
}
