package urlencoded_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/chain"
	"github.com/iron-go/iron/ext/bodyparser"
	"github.com/iron-go/iron/ext/urlencoded"
	"github.com/iron-go/iron/internal/servetest"
)

// TestFormsOnRealServers: a browser-like form post gets the same answers on
// the engine and under http.Server, under bodyparser's per-chain limit.
func TestFormsOnRealServers(t *testing.T) {
	const limit = 32
	h := iron.HandlerFunc(func(req *iron.Request) (*iron.Response, error) {
		form, err := urlencoded.Body(req)
		if err != nil {
			return nil, err
		}
		return iron.With(http.StatusOK, form.Get("name")+"|"+strings.Join(form["tag"], ",")), nil
	})
	c := chain.New(h)
	c.LinkBefore(bodyparser.New(bodyparser.MaxBodyBytes(limit)))
	exact := "name=" + strings.Repeat("n", limit-len("name=&tag=a&tag=b")) + "&tag=a&tag=b"
	require.Len(t, exact, limit)
	for _, srv := range servetest.Both {
		t.Run(srv.Name, func(t *testing.T) {
			base := "http://" + srv.Start(t, c)
			client := &http.Client{Timeout: 10 * time.Second}
			defer client.CloseIdleConnections()
			post := func(contentType, body string, isChunked bool) (int, string) {
				var r io.Reader = strings.NewReader(body)
				if isChunked {
					r = io.NopCloser(r)
				}
				req, err := http.NewRequest("POST", base+"/", r)
				require.NoError(t, err)
				req.Header.Set("Content-Type", contentType)
				res, err := client.Do(req)
				require.NoError(t, err)
				defer res.Body.Close()
				b, err := io.ReadAll(res.Body)
				require.NoError(t, err)
				return res.StatusCode, string(b)
			}
			for _, isChunked := range []bool{false, true} {
				status, body := post(urlencoded.FormType, exact, isChunked)
				assert.Equal(t, http.StatusOK, status, body)
				assert.Equal(t, strings.Repeat("n", limit-17)+"|a,b", body)

				status, body = post(urlencoded.FormType, exact+"x", isChunked)
				assert.Equal(t, http.StatusRequestEntityTooLarge, status)
				var e map[string]any
				require.NoError(t, json.Unmarshal([]byte(body), &e))
				assert.EqualValues(t, limit, e["limit"])

				status, _ = post(urlencoded.FormType, "name=%", isChunked)
				assert.Equal(t, http.StatusBadRequest, status)

				status, body = post(urlencoded.FormType, "", isChunked)
				assert.Equal(t, http.StatusOK, status, "an empty form is an empty map")
				assert.Equal(t, "|", body)
			}
		})
	}
}
