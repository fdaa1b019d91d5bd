package session_test

import (
	"io"
	"net/http"
	"net/http/cookiejar"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/chain"
	"github.com/iron-go/iron/internal/servetest"
)

// TestOverTheWire signs in, reads and signs out with a real HTTP client and
// its cookie jar, on the engine and under net/http: the session cookie
// survives both servers next to another Set-Cookie of the handler's.
func TestOverTheWire(t *testing.T) {
	for _, srv := range servetest.Both {
		for kind, s := range kinds(t) {
			t.Run(srv.Name+"/"+kind, func(t *testing.T) {
				h := chain.New(iron.HandlerFunc(func(req *iron.Request) (*iron.Response, error) {
					res, err := app(req)
					if res != nil {
						res.Set(&http.Cookie{Name: "theme", Value: "dark", Path: "/"})
					}
					return res, err
				})).Link(s)
				addr := srv.Start(t, h)
				jar, err := cookiejar.New(nil)
				require.NoError(t, err)
				client := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
				base := "http://" + addr

				get := func(path string) (*http.Response, string) {
					res, err := client.Get(base + path)
					require.NoError(t, err)
					defer res.Body.Close()
					b, err := io.ReadAll(res.Body)
					require.NoError(t, err)
					return res, string(b)
				}
				post := func(path string) *http.Response {
					res, err := client.Post(base+path, "text/plain", strings.NewReader(""))
					require.NoError(t, err)
					res.Body.Close()
					return res
				}

				_, body := get("/whoami")
				assert.Equal(t, "-", body)
				res := post("/login?user=alice")
				assert.Equal(t, http.StatusSeeOther, res.StatusCode)
				assert.Len(t, res.Header.Values("Set-Cookie"), 2, "the handler's cookie and the session's")
				_, body = get("/whoami")
				assert.Equal(t, "alice", body)
				post("/logout")
				_, body = get("/whoami")
				assert.Equal(t, "-", body)
			})
		}
	}
}
