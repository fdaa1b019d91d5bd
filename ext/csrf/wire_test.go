package csrf_test

import (
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/iron-go/iron/internal/servetest"
)

// TestOverTheWire posts forms with a real HTTP client and its cookie jar,
// on the engine and under net/http: the token from the page is accepted,
// the handler reads the whole body the middleware read first, and a
// request without the token is refused.
func TestOverTheWire(t *testing.T) {
	for _, srv := range servetest.Both {
		t.Run(srv.Name, func(t *testing.T) {
			base := "http://" + srv.Start(t, protected())
			jar, err := cookiejar.New(nil)
			require.NoError(t, err)
			client := &http.Client{Jar: jar}
			read := func(res *http.Response, err error) (int, string) {
				require.NoError(t, err)
				defer res.Body.Close()
				b, err := io.ReadAll(res.Body)
				require.NoError(t, err)
				return res.StatusCode, string(b)
			}

			status, tok := read(client.Get(base + "/form"))
			require.Equal(t, http.StatusOK, status)
			form := url.Values{"csrf_token": {tok}, "note": {strings.Repeat("n", 10000)}}.Encode()
			status, body := read(client.Post(base+"/echo", "application/x-www-form-urlencoded", strings.NewReader(form)))
			assert.Equal(t, http.StatusOK, status)
			assert.Equal(t, "read:"+form, body)

			status, body = read(client.Post(base+"/echo", "application/x-www-form-urlencoded", strings.NewReader("note=x")))
			assert.Equal(t, http.StatusForbidden, status)
			assert.Contains(t, body, "csrf_token")
		})
	}
}
