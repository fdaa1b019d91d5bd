package chain_test

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/chain"
	"github.com/iron-go/iron/internal/servetest"
)

// notFound and noContent are responses handlers and middleware share, as
// package-level answers are shared: nothing a chain does may change them.
var (
	notFound  = iron.With(http.StatusNotFound, "no such page", http.Header{"Vary": {"Cookie"}, "Cache-Control": {"no-cache"}})
	noContent = iron.With(http.StatusNoContent, http.Header{"X-Shared": {"204"}})
)

// pathHeader is the after middleware every gin, echo or chi user writes: it
// sets headers on the response it is handed, and returns it.
var pathHeader = iron.AfterFunc(func(req *iron.Request, res *iron.Response) (*iron.Response, error) {
	res.Header.Set("X-Path", req.Path())
	res.Header.Add("Vary", "Origin")
	res.SetHeader("X-Frame-Options", "DENY")
	return res, nil
})

// pathAround does the same as an around, to the response of the handler
// inside it.
var pathAround = iron.AroundFunc(func(next iron.Handler) iron.Handler {
	return iron.HandlerFunc(func(req *iron.Request) (*iron.Response, error) {
		res, err := next.Handle(req)
		if err == nil {
			res.Header.Set("X-Around", req.Path())
		}
		return res, err
	})
})

func sharedHandler(*iron.Request) (*iron.Response, error) { return notFound, nil }

func TestMiddlewareChangesTheResponseItIsHanded(t *testing.T) {
	for _, tc := range []struct {
		name       string
		build      func() *chain.Chain
		wantStatus int
		want       http.Header
	}{
		{"after", func() *chain.Chain {
			return chain.New(iron.HandlerFunc(sharedHandler)).LinkAfter(pathHeader)
		}, 404, http.Header{"X-Path": {"/a"}, "Vary": {"Cookie", "Origin"}, "X-Frame-Options": {"DENY"}}},
		{"around", func() *chain.Chain {
			return chain.New(iron.HandlerFunc(sharedHandler)).LinkAround(pathAround)
		}, 404, http.Header{"X-Around": {"/a"}, "Vary": {"Cookie"}}},
		{"after returning a shared response, then another after", func() *chain.Chain {
			toNoContent := iron.AfterFunc(func(*iron.Request, *iron.Response) (*iron.Response, error) { return noContent, nil })
			return chain.New(iron.HandlerFunc(sharedHandler)).LinkAfter(toNoContent, pathHeader)
		}, 204, http.Header{"X-Shared": {"204"}, "X-Path": {"/a"}, "Vary": {"Origin"}}},
		{"around inside around, then an after", func() *chain.Chain {
			return chain.New(iron.HandlerFunc(sharedHandler)).LinkAround(pathAround, pathAround).LinkAfter(pathHeader)
		}, 404, http.Header{"X-Around": {"/a"}, "X-Path": {"/a"}, "Vary": {"Cookie", "Origin"}}},
		{"nested chains", func() *chain.Chain {
			inner := chain.New(iron.HandlerFunc(sharedHandler)).LinkAfter(pathHeader)
			return chain.New(inner).LinkAround(pathAround).LinkAfter(pathHeader)
		}, 404, http.Header{"X-Around": {"/a"}, "X-Path": {"/a"}, "Vary": {"Cookie", "Origin", "Origin"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before, before204 := notFound.Clone(), noContent.Clone()
			res, err := tc.build().Handle(iron.NewRequest("GET", "/a", nil))
			require.NoError(t, err)
			assert.Equal(t, tc.wantStatus, res.StatusCode())
			for name, values := range tc.want {
				assert.Equal(t, values, res.Header[name], name)
			}
			assert.Equal(t, before.Header, notFound.Header, "the shared response never changes")
			assert.Equal(t, before204.Header, noContent.Header)
		})
	}
}

// Served to many clients at once, on the engine and on http.Server, every
// answer carries its own request's headers and the shared response stays as
// it was. Run with -race.
func TestAftersOnASharedResponseUnderLoad(t *testing.T) {
	c := chain.New(iron.HandlerFunc(sharedHandler)).LinkAround(pathAround).LinkAfter(pathHeader)
	before := notFound.Clone()
	for _, srv := range servetest.Both {
		t.Run(srv.Name, func(t *testing.T) {
			addr := srv.Start(t, c)
			client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 8}}
			t.Cleanup(client.CloseIdleConnections)
			var wg sync.WaitGroup
			for g := range 8 {
				wg.Go(func() {
					for i := range 25 {
						path := fmt.Sprintf("/%d/%d", g, i)
						res, err := client.Get("http://" + addr + path)
						if !assert.NoError(t, err) {
							return
						}
						_, _ = io.Copy(io.Discard, res.Body)
						res.Body.Close()
						assert.Equal(t, path, res.Header.Get("X-Path"))
						assert.Equal(t, path, res.Header.Get("X-Around"))
						assert.Equal(t, []string{"Cookie", "Origin"}, res.Header.Values("Vary"))
					}
				})
			}
			wg.Wait()
		})
	}
	assert.Equal(t, before.Header, notFound.Header)
}

// Pipelined requests are answered one after the other from the same reused
// request storage: each answer is written before the next request reuses it.
func TestPipelinedAnswersKeepTheirOwnHeaders(t *testing.T) {
	c := chain.New(iron.HandlerFunc(sharedHandler)).LinkAfter(pathHeader)
	addr := servetest.Engine(t, c)
	conn, err := net.DialTimeout("tcp", addr, 5*time.Second)
	require.NoError(t, err)
	defer conn.Close()
	require.NoError(t, conn.SetDeadline(time.Now().Add(10*time.Second)))
	var batch strings.Builder
	for i := range 5 {
		fmt.Fprintf(&batch, "GET /p%d HTTP/1.1\r\nHost: x\r\n\r\n", i)
	}
	_, err = io.WriteString(conn, batch.String())
	require.NoError(t, err)
	br := bufio.NewReader(conn)
	for i := range 5 {
		res, err := http.ReadResponse(br, nil)
		require.NoError(t, err)
		body, err := io.ReadAll(res.Body)
		require.NoError(t, err)
		assert.Equal(t, fmt.Sprintf("/p%d", i), res.Header.Get("X-Path"))
		assert.Equal(t, "no such page", string(body))
	}
}

// A streaming body that fills the Trailer map of the response it was built
// with has its trailers sent, though an after changed the response.
func TestStreamTrailersSurviveAfters(t *testing.T) {
	h := iron.HandlerFunc(func(*iron.Request) (*iron.Response, error) {
		res := &iron.Response{Status: http.StatusOK, Trailer: http.Header{}}
		trailer := res.Trailer
		res.SetBody(iron.StreamBody(func(w io.Writer) error {
			_, err := io.WriteString(w, "streamed")
			trailer.Set("X-Checksum", "abc")
			return err
		}))
		return res, nil
	})
	c := chain.New(h).LinkAfter(pathHeader)
	for _, srv := range servetest.Both {
		t.Run(srv.Name, func(t *testing.T) {
			addr := srv.Start(t, c)
			client := &http.Client{Timeout: 10 * time.Second}
			t.Cleanup(client.CloseIdleConnections)
			res, err := client.Get("http://" + addr + "/s")
			require.NoError(t, err)
			body, err := io.ReadAll(res.Body)
			require.NoError(t, err)
			res.Body.Close()
			assert.Equal(t, "streamed", string(body))
			assert.Equal(t, "/s", res.Header.Get("X-Path"))
			assert.Equal(t, "abc", res.Trailer.Get("X-Checksum"))
		})
	}
}
