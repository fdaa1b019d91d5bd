package main

import (
	"bytes"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/engine"
	"github.com/iron-go/iron/internal/servetest"
)

// The echo example over a real engine with a 16-byte body limit.
func TestEcho(t *testing.T) {
	url := "http://" + servetest.Engine(t, iron.HandlerFunc(echo), engine.MaxBodyBytes(16)) + "/"
	client := &http.Client{Timeout: 5 * time.Second}
	defer client.CloseIdleConnections()

	for _, tc := range []struct {
		name, method, body, ctype string
		wantStatus                int
		wantBody, wantType        string
	}{
		{"echoes", "POST", "hello iron", "text/plain", 200, "hello iron", "text/plain"},
		{"default type", "PUT", "\x00\x01", "", 200, "\x00\x01", "application/octet-stream"},
		{"over the limit", "POST", strings.Repeat("x", 17), "", 413, "that is more than I can take\n", iron.DefaultContentType},
		{"wrong method", "GET", "", "", 405, "POST something\n", iron.DefaultContentType},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req, err := http.NewRequest(tc.method, url, strings.NewReader(tc.body))
			require.NoError(t, err)
			if tc.ctype != "" {
				req.Header.Set("Content-Type", tc.ctype)
			}
			res, err := client.Do(req)
			require.NoError(t, err)
			defer res.Body.Close()
			got, err := io.ReadAll(res.Body)
			require.NoError(t, err)
			assert.Equal(t, tc.wantStatus, res.StatusCode)
			assert.Equal(t, tc.wantType, res.Header.Get("Content-Type"))
			assert.True(t, bytes.Equal([]byte(tc.wantBody), got), "body %q", got)
		})
	}
}
