package main

import (
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/iron-go/iron/internal/servetest"
)

// The application answers as its doc comment says, on the engine and under
// http.Server. In particular the one not-found catcher answers every 404:
// the mount's (no prefix matches), the router's (no route), the file
// server's (no file) and a handler's own.
func TestApp(t *testing.T) {
	for _, srv := range servetest.Both {
		t.Run(srv.Name, func(t *testing.T) {
			app, err := newApp("public")
			require.NoError(t, err)
			base := "http://" + srv.Start(t, app)
			client := &http.Client{Timeout: 5 * time.Second}
			defer client.CloseIdleConnections()

			for _, tc := range []struct {
				name, method, path, body, token string
				status                          int
				want                            string
				header, value                   string
			}{
				{"a user", "GET", "/api/users/1", "", "", 200, `{"id":1,"name":"Ada"}`, "Content-Type", "application/json"},
				{"a static file", "GET", "/static/hello.txt", "", "", 200, "Hello from a static file.\n", "Cache-Control", "public, max-age=3600"},
				{"404 from a handler", "GET", "/api/users/99", "", "", 404, `{"error":"nothing at /api/users/99"}`, "Content-Type", "application/json"},
				{"404 from the router", "GET", "/api/nowhere", "", "", 404, `{"error":"nothing at /api/nowhere"}`, "", ""},
				{"404 from the file server", "GET", "/static/nope.css", "", "", 404, `{"error":"nothing at /static/nope.css"}`, "", ""},
				{"404 from the mount", "GET", "/nowhere", "", "", 404, `{"error":"nothing at /nowhere"}`, "", ""},
				{"405 is not a 404", "DELETE", "/api/users/1", "", "", 405, "Method Not Allowed", "Allow", "GET, HEAD, OPTIONS"},
				{"create", "POST", "/api/users", `{"name":"Grace"}`, "", 201, `{"id":3,"name":"Grace"}`, "Location", base + "/api/users/3"},
				{"the new user", "GET", "/api/users/3", "", "", 200, `{"id":3,"name":"Grace"}`, "", ""},
				{"bad JSON", "POST", "/api/users", `{"name":`, "", 400, `{"error":"send {\"name\": \"...\"}"}`, "", ""},
				{"admin without a token", "GET", "/api/admin/stats", "", "", 401, `{"error":"a token, please"}`, "WWW-Authenticate", `Bearer realm="admin"`},
				{"admin with a token", "GET", "/api/admin/stats", "", "Bearer demo", 200, `{"users":3}`, "", ""},
			} {
				t.Run(tc.name, func(t *testing.T) {
					var body io.Reader
					if tc.body != "" {
						body = strings.NewReader(tc.body)
					}
					req, err := http.NewRequest(tc.method, base+tc.path, body)
					require.NoError(t, err)
					if tc.token != "" {
						req.Header.Set("Authorization", tc.token)
					}
					res, err := client.Do(req)
					require.NoError(t, err)
					defer res.Body.Close()
					got, err := io.ReadAll(res.Body)
					require.NoError(t, err)
					assert.Equal(t, tc.status, res.StatusCode)
					assert.Equal(t, tc.want, string(got))
					if tc.header != "" {
						assert.Equal(t, tc.value, res.Header.Get(tc.header))
					}
				})
			}
		})
	}
}
