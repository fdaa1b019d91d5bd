package main

import (
	"bytes"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/iron-go/iron"
)

func TestHeaders(t *testing.T) {
	for _, tc := range []struct {
		path, agent      string
		wantStatus       int
		wantType, wantIn string
	}{
		{"/html", "", 200, "text/html; charset=utf-8", "<h1>Iron</h1>"},
		{"/json", "", 200, "application/json", `{"framework":"iron"}`},
		{"/agent", "curl/8", 200, iron.DefaultContentType, "you are curl/8"},
		{"/plain", "", 200, iron.DefaultContentType, "plain"},
		{"/nope", "", 404, iron.DefaultContentType, "try /html"},
	} {
		t.Run(tc.path, func(t *testing.T) {
			req := iron.NewRequest("GET", tc.path, nil)
			if tc.agent != "" {
				req.Header().Set("User-Agent", tc.agent)
			}
			res := respond(app(), req)
			assert.Equal(t, tc.wantStatus, res.StatusCode())
			assert.Equal(t, tc.wantType, res.ContentType())
			assert.Equal(t, "Iron for Go", res.Header.Get("X-Powered-By"), "the after middleware adds it to every response")
			var body bytes.Buffer
			_, err := res.Body().WriteTo(&body)
			require.NoError(t, err)
			assert.Contains(t, body.String(), tc.wantIn)
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
