package compress_test

import (
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/andybalholm/brotli"
	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zstd"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/chain"
	"github.com/iron-go/iron/internal/servetest"
)

// get sends a GET with the given Accept-Encoding; the client decodes
// nothing itself.
func get(t *testing.T, url, accept string) *http.Response {
	t.Helper()
	client := &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{DisableCompression: true}}
	t.Cleanup(client.CloseIdleConnections)
	req, err := http.NewRequest("GET", url, nil)
	require.NoError(t, err)
	req.Header.Set("Accept-Encoding", accept)
	res, err := client.Do(req)
	require.NoError(t, err)
	t.Cleanup(func() { _ = res.Body.Close() })
	return res
}

// decoder returns a streaming decoder of coding over r.
func decoder(t *testing.T, coding string, r io.Reader) io.Reader {
	t.Helper()
	switch coding {
	case "gzip":
		zr, err := gzip.NewReader(r)
		require.NoError(t, err)
		return zr
	case "br":
		return brotli.NewReader(r)
	case "zstd":
		zr, err := zstd.NewReader(r, zstd.WithDecoderConcurrency(1))
		require.NoError(t, err)
		t.Cleanup(zr.Close)
		return zr
	}
	t.Fatalf("unknown coding %q", coding)
	return nil
}

func TestOverRealServers(t *testing.T) {
	const first, second = "data: first\n\n", "data: second\n\n"
	for _, srv := range servetest.Both {
		t.Run(srv.Name, func(t *testing.T) {
			// proceed lets the event stream go on once the client has read
			// the first event: it can only do so if the flush reached it.
			proceed := make(chan struct{}, 1)
			h := iron.HandlerFunc(func(req *iron.Request) (*iron.Response, error) {
				if req.Path() == "/events" {
					return iron.With(http.StatusOK, iron.ContentType("text/event-stream"), func(w io.Writer) error {
						if _, err := io.WriteString(w, first); err != nil {
							return err
						}
						if err := iron.Flush(w); err != nil {
							return err
						}
						select {
						case <-proceed:
							_, err := io.WriteString(w, second)
							return err
						case <-time.After(5 * time.Second):
							_, err := io.WriteString(w, "the first event never reached the client")
							return err
						}
					}), nil
				}
				return iron.With(http.StatusOK, iron.TextHTML, http.Header{"Etag": {`"v1"`}}, text), nil
			})
			comp := mustNew(t)
			base := "http://" + srv.Start(t, chain.New(h).LinkAfter(comp))

			for _, coding := range []string{"br", "zstd", "gzip"} {
				t.Run("page/"+coding, func(t *testing.T) {
					res := get(t, base+"/page", coding)
					assert.Equal(t, 200, res.StatusCode)
					assert.Equal(t, coding, res.Header.Get("Content-Encoding"))
					assert.Equal(t, "Accept-Encoding", res.Header.Get("Vary"))
					assert.Equal(t, `W/"v1"`, res.Header.Get("Etag"))
					body, err := io.ReadAll(res.Body)
					require.NoError(t, err)
					if res.ContentLength >= 0 {
						assert.Equal(t, int64(len(body)), res.ContentLength, "a length, if any, is the compressed one")
					}
					got, err := decode(t, coding, body)
					require.NoError(t, err)
					assert.Equal(t, text, got)
				})

				t.Run("events/"+coding, func(t *testing.T) {
					res := get(t, base+"/events", coding)
					require.Equal(t, coding, res.Header.Get("Content-Encoding"))
					dec := decoder(t, coding, res.Body)
					buf := make([]byte, len(first))
					_, err := io.ReadFull(dec, buf)
					require.NoError(t, err)
					assert.Equal(t, first, string(buf))
					proceed <- struct{}{}
					rest, err := io.ReadAll(dec)
					require.NoError(t, err)
					assert.Equal(t, second, string(rest))
				})

				t.Run("identity/"+coding, func(t *testing.T) {
					res := get(t, base+"/page", coding+";q=0")
					assert.Empty(t, res.Header.Get("Content-Encoding"))
					assert.Equal(t, int64(len(text)), res.ContentLength)
					body, err := io.ReadAll(res.Body)
					require.NoError(t, err)
					assert.Equal(t, text, string(body))
				})
			}
		})
	}
}
