package httpadapter_test

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/httpadapter"
)

// sendWithTrailer posts a chunked body followed by an X-Checksum trailer,
// and returns what the server answered.
func sendWithTrailer(t *testing.T, base string, client *http.Client) (int, string) {
	t.Helper()
	req := newRequest(t, "POST", base+"/upload", io.MultiReader(strings.NewReader("payload")))
	req.Trailer = http.Header{"X-Checksum": {"abc123"}}
	res, body := do(t, client, req)
	return res.StatusCode, body
}

// An Iron handler under http.Server reads the trailers a client sent after
// the body, as on the engine.
func TestHandlerRequestTrailers(t *testing.T) {
	h := httpadapter.Handler(iron.HandlerFunc(func(req *iron.Request) (*iron.Response, error) {
		before := req.Trailer()
		b, err := io.ReadAll(req.Body())
		if err != nil {
			return nil, err
		}
		return iron.With(http.StatusOK, fmt.Sprintf("%s before=%v after=%v", b, before, req.Trailer())), nil
	}))
	for _, tc := range []struct {
		name  string
		serve func(*testing.T, http.Handler) (string, *http.Client)
	}{
		{"HTTP/1.1", serve},
		{"HTTP/2 over TLS", serveTLS},
	} {
		t.Run(tc.name, func(t *testing.T) {
			base, client := tc.serve(t, h)
			status, body := sendWithTrailer(t, base, client)
			assert.Equal(t, http.StatusOK, status)
			assert.Equal(t, "payload before=map[] after=map[X-Checksum:[abc123]]", body)

			res, body := do(t, client, newRequest(t, "POST", base+"/upload", strings.NewReader("plain")))
			require.Equal(t, http.StatusOK, res.StatusCode)
			assert.Equal(t, "plain before=map[] after=map[]", body, "no trailers sent, none read")
		})
	}
}

// A net/http handler under FromHTTP finds the request's trailers in
// r.Trailer once it has read the body, as under http.Server.
func TestFromHTTPRequestTrailers(t *testing.T) {
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, err := io.ReadAll(r.Body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		fmt.Fprintf(w, "%s trailer=%v", b, r.Trailer.Get("X-Checksum"))
	})
	for _, srv := range servers {
		t.Run(srv.name, func(t *testing.T) {
			base, client := srv.start(t, httpadapter.FromHTTP(h))
			status, body := sendWithTrailer(t, base, client)
			assert.Equal(t, http.StatusOK, status)
			assert.Equal(t, "payload trailer=abc123", body)
		})
	}
}
