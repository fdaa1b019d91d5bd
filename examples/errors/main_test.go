package main

import (
	"bytes"
	"io"
	"log"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/iron-go/iron"
)

func TestErrorPaths(t *testing.T) {
	log.SetOutput(io.Discard)
	for _, tc := range []struct {
		name, path, token string
		wantStatus        int
		wantBody          string
	}{
		{"before refuses", "/", "", 401, "log in first\n"},
		{"normal path", "/", "ok", 200, "welcome\n"},
		{"handler fails, after recovers", "/fail", "ok", 503, "the backend is resting, try again soon\n"},
		{"refused before the failing handler", "/fail", "wrong", 401, "log in first\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req := iron.NewRequest("GET", tc.path, nil)
			if tc.token != "" {
				req.Header().Set("X-Token", tc.token)
			}
			res := respond(app(), req)
			assert.Equal(t, tc.wantStatus, res.StatusCode())
			var body bytes.Buffer
			_, err := res.Body().WriteTo(&body)
			require.NoError(t, err)
			assert.Equal(t, tc.wantBody, body.String())
			if tc.wantStatus == 401 {
				assert.NotEmpty(t, res.Header.Get("WWW-Authenticate"), "a 401 carries a challenge")
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
