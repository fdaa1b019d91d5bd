package main

import (
	"bytes"
	"errors"
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

// limit is the body limit of both servers in the test, as main sets it with
// -max-body 16 (and -nethttp).
const limit = 16

// The echo example answers the same on both servers, a body over the limit
// with its own 413, declared (Content-Length) or streamed (chunked).
func TestEcho(t *testing.T) {
	for _, srv := range servetest.BothMaxBodyBytes(limit) {
		t.Run(srv.Name, func(t *testing.T) {
			if srv.Name == "engine" && !errors.Is(engine.ErrBodyTooLarge, iron.ErrBodyTooLarge) {
				// The engine's own sentinel is to wrap the core one (issue
				// 9, engine side); until it does, this half cannot pass.
				t.Skip("SKIP: engine.ErrBodyTooLarge does not wrap iron.ErrBodyTooLarge yet")
			}
			url := "http://" + srv.Start(t, iron.HandlerFunc(echo)) + "/"
			client := &http.Client{Timeout: 5 * time.Second}
			defer client.CloseIdleConnections()

			over := strings.Repeat("x", limit+1)
			for _, tc := range []struct {
				name, method string
				body         io.Reader
				ctype        string
				wantStatus   int
				wantBody     string
				wantType     string
			}{
				{"echoes", "POST", strings.NewReader("hello iron"), "text/plain", 200, "hello iron", "text/plain"},
				{"default type", "PUT", strings.NewReader("\x00\x01"), "", 200, "\x00\x01", "application/octet-stream"},
				{"over the limit, declared", "POST", strings.NewReader(over), "", 413, "that is more than I can take\n", iron.DefaultContentType},
				{"over the limit, streamed", "POST", io.MultiReader(strings.NewReader(over)), "", 413, "that is more than I can take\n", iron.DefaultContentType},
				{"wrong method", "GET", nil, "", 405, "POST something\n", iron.DefaultContentType},
			} {
				t.Run(tc.name, func(t *testing.T) {
					req, err := http.NewRequest(tc.method, url, tc.body)
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
		})
	}
}
