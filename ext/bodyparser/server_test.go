package bodyparser_test

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
	"github.com/iron-go/iron/internal/servetest"
)

// wireAnswer is what a client got over the network.
type wireAnswer struct {
	status      int
	contentType string
	body        errorBody
	raw         string
}

// send posts body to base, with a Content-Length or chunked.
func send(t *testing.T, base, contentType, body string, isChunked bool) wireAnswer {
	t.Helper()
	var r io.Reader = strings.NewReader(body)
	if isChunked {
		r = io.NopCloser(r) // hides the length: sent chunked
	}
	req, err := http.NewRequest("POST", base+"/notes", r)
	require.NoError(t, err)
	req.Header.Set("Content-Type", contentType)
	client := &http.Client{Timeout: 10 * time.Second}
	defer client.CloseIdleConnections()
	res, err := client.Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	a := wireAnswer{status: res.StatusCode, contentType: res.Header.Get("Content-Type"), raw: string(b)}
	if a.status >= 400 {
		require.NoError(t, json.Unmarshal(b, &a.body), string(b))
	}
	return a
}

func notesHandler() iron.Handler {
	return iron.HandlerFunc(func(req *iron.Request) (*iron.Response, error) {
		n, err := bodyparser.Struct[newNote](req)
		if err != nil {
			return nil, err
		}
		return iron.With(http.StatusCreated, n.Text), nil
	})
}

// TestOnRealServers: the same answers on the engine and under http.Server.
func TestOnRealServers(t *testing.T) {
	const limit = 64
	// exactly limit bytes of valid JSON
	exact := `{"text": "` + strings.Repeat("x", limit-len(`{"text": "", "priority": 1}`)) + `", "priority": 1}`
	require.Len(t, exact, limit)
	over := strings.Replace(exact, `"x`, `"xx`, 1)
	for _, srv := range servetest.Both {
		t.Run(srv.Name, func(t *testing.T) {
			c := chain.New(notesHandler())
			c.LinkBefore(bodyparser.New(bodyparser.MaxBodyBytes(limit)))
			base := "http://" + srv.Start(t, c)
			for _, isChunked := range []bool{false, true} {
				name := map[bool]string{false: "length", true: "chunked"}[isChunked]
				t.Run(name, func(t *testing.T) {
					a := send(t, base, "application/json", exact, isChunked)
					assert.Equal(t, http.StatusCreated, a.status, a.raw)

					a = send(t, base, "application/json", over, isChunked)
					assert.Equal(t, http.StatusRequestEntityTooLarge, a.status)
					assert.Equal(t, "application/json", a.contentType)
					assert.EqualValues(t, limit, a.body.Limit)
					assert.Equal(t, "request body over the limit of 64 bytes", a.body.Error)

					a = send(t, base, "application/json", `{"text": "x"}`, isChunked)
					assert.Equal(t, http.StatusUnprocessableEntity, a.status)
					assert.Equal(t, []string{"priority:required"}, paths(a.body))

					a = send(t, base, "application/json", `{"text": "x", "priority": 0}`, isChunked)
					assert.Equal(t, http.StatusCreated, a.status, "priority 0 is accepted")

					a = send(t, base, "application/json", `{"text": `, isChunked)
					assert.Equal(t, http.StatusBadRequest, a.status)
					assert.Contains(t, a.body.Error, "unexpected end of JSON input")

					a = send(t, base, "text/plain", `hello`, isChunked)
					assert.Equal(t, http.StatusUnsupportedMediaType, a.status)
				})
			}
		})
	}
}

// TestServerLimitsAnswerLikeOurs: a body stopped by the server's own limit,
// lower than the parser's, gets the same 413 on both servers.
func TestServerLimitsAnswerLikeOurs(t *testing.T) {
	const serverLimit = 32
	body := `{"text": "` + strings.Repeat("y", 100) + `", "priority": 1}`
	for _, srv := range servetest.BothMaxBodyBytes(serverLimit) {
		t.Run(srv.Name, func(t *testing.T) {
			base := "http://" + srv.Start(t, notesHandler())
			for _, isChunked := range []bool{false, true} {
				a := send(t, base, "application/json", body, isChunked)
				assert.Equal(t, http.StatusRequestEntityTooLarge, a.status, a.raw)
				assert.Equal(t, "application/json", a.contentType)
				assert.Contains(t, a.body.Error, "request body")
				if a.body.Limit != 0 { // net/http says its limit, the engine does not
					assert.EqualValues(t, serverLimit, a.body.Limit)
				}
			}
			a := send(t, base, "application/json", `{"text": "x", "priority": 1}`, true)
			assert.Equal(t, http.StatusCreated, a.status, "a body under both limits passes")
		})
	}
}
