package main

import (
	"bytes"
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
			res := iron.Respond(app(), req, nil)
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
