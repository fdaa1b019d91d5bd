package httpadapter_test

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/httpadapter"
)

// splitter answers with a content type and a trailer taken from the query,
// as a careless handler would.
var splitter = iron.HandlerFunc(func(req *iron.Request) (*iron.Response, error) {
	t := req.Query().Get("t")
	if req.EscapedPath() == "/trailer" {
		res := iron.With(http.StatusOK, func(w io.Writer) error { _, err := io.WriteString(w, "streamed"); return err })
		res.Trailer = http.Header{"X-Sum": {t}}
		return res, nil
	}
	return iron.With(http.StatusOK, iron.ContentType(t), "body"), nil
})

const splitQuery = "?t=text/plain%0d%0aSet-Cookie:%20stolen=1%0d%0a%0d%0aforged"

// TestNoValueSplitsTheResponse checks that under net/http, through
// httpadapter, a CR or LF in a content type or a trailer value cannot put a
// line of its own on the wire, over HTTP/1.1 (raw bytes read) and HTTP/2,
// and that the answer still ends: net/http's HTTP/2 server drops a trailer
// it cannot send and then never ends the stream, so httpadapter drops such
// trailers first, as the engine does.
func TestNoValueSplitsTheResponse(t *testing.T) {
	h := httpadapter.Handler(splitter)
	t.Run("HTTP/1.1", func(t *testing.T) {
		srv := httptest.NewServer(h)
		t.Cleanup(srv.Close)
		for _, path := range []string{"/ct", "/trailer"} {
			c, err := net.Dial("tcp", srv.Listener.Addr().String())
			require.NoError(t, err)
			require.NoError(t, c.SetDeadline(time.Now().Add(5*time.Second)))
			_, err = io.WriteString(c, "GET "+path+splitQuery+" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
			require.NoError(t, err)
			out, _ := io.ReadAll(bufio.NewReader(c))
			c.Close()
			assert.True(t, strings.HasPrefix(string(out), "HTTP/1.1 "), "answer: %q", out)
			assert.NotContains(t, string(out), "\nSet-Cookie", "answer: %q", out)
			assert.NotContains(t, string(out), "\nforged", "answer: %q", out)
		}
	})
	t.Run("HTTP/2", func(t *testing.T) {
		srv := httptest.NewUnstartedServer(h)
		srv.EnableHTTP2 = true
		srv.StartTLS()
		t.Cleanup(srv.Close)
		client := srv.Client()
		client.Timeout = 5 * time.Second
		for _, path := range []string{"/ct", "/trailer"} {
			res, err := client.Get(srv.URL + path + splitQuery)
			require.NoError(t, err)
			_, err = io.ReadAll(res.Body)
			require.NoError(t, err, "the answer ends: a trailer net/http drops must not leave the stream open")
			res.Body.Close()
			assert.Equal(t, "HTTP/2.0", res.Proto)
			assert.Empty(t, res.Header.Values("Set-Cookie"))
			assert.Empty(t, res.Trailer.Values("Set-Cookie"))
		}
	})
}
